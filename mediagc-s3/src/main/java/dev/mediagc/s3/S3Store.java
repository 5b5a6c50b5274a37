package dev.mediagc.s3;

import dev.mediagc.spi.ListingTasks;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.NestedStoreFilter;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoreKeys;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import dev.mediagc.spi.VersionMismatchException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A bucket prefix as a store. Keys are relative to the prefix; mediagc's own area is
 * {@code PREFIX/.mediagc/}. Listing runs in parallel over key-space partitions found with the
 * {@code /} delimiter; deletes go in batches of up to 1,000 with every per-key error checked;
 * a move is a server-side copy, verified by size and ETag, then a delete of the original. An
 * object's version is its ETag; compare-and-set is a conditional PUT ({@code If-Match},
 * {@code If-None-Match: *}).
 *
 * <p>Times are kept to the second: a listing gives milliseconds but a HEAD only seconds, and the
 * sweep compares the two to notice a rewrite between listing and acting.
 */
public final class S3Store implements ObjectStore, dev.mediagc.spi.OrderedListing {

    private static final Logger log = LoggerFactory.getLogger(S3Store.class);
    static final String STATE = ".mediagc/";
    /** Discover partitions this many folder levels deep, then list each partition flat. */
    private static final int PARTITION_DEPTH = 2;
    private static final int MAX_BATCH = 1000;

    private final S3Client s3;
    private final S3Location location;
    private final S3Settings settings;
    private final boolean ownsClient;
    /**
     * What this store had to do less safely than asked, and what the bucket's settings mean for the
     * space a run frees (versioning), each said once (see {@link #warnings()}).
     */
    private final Set<String> warnings = java.util.Collections.synchronizedSet(new java.util.LinkedHashSet<>());
    /** Set once DeleteObjects answered "not implemented": every later delete goes one by one. */
    private volatile boolean singleDeletesOnly;

    S3Store(S3Client s3, S3Location location, S3Settings settings, boolean ownsClient) {
        this.s3 = s3;
        this.location = location;
        this.settings = settings;
        this.ownsClient = ownsClient;
    }

    /** Opens the store and checks, with one request, that the bucket exists and can be read. */
    public static S3Store open(S3Location location, S3Settings settings) {
        S3Client client = S3Clients.build(settings);
        S3Store store = new S3Store(client, location, settings, true);
        try {
            store.checkReachable();
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return store;
    }

    /** A store over a client the caller owns (and closes). */
    public static S3Store using(S3Client client, S3Location location, S3Settings settings) {
        return new S3Store(client, location, settings, false);
    }

    void checkReachable() {
        try {
            s3.headBucket(b -> b.bucket(location.bucket()));
        } catch (SdkException e) {
            throw new IllegalArgumentException(S3Errors.describe(e, location, settings));
        }
        try {
            BucketVersioningStatus status = s3.getBucketVersioning(b -> b.bucket(location.bucket())).status();
            if (status == BucketVersioningStatus.ENABLED) {
                warnOnce("bucket " + location.bucket() + " has versioning enabled: a delete only adds a delete marker, "
                        + "and the old version keeps costing storage until a lifecycle rule expires noncurrent versions");
            } else {
                log.info("bucket {} versioning: {}", location.bucket(), status == null ? "never enabled" : status);
            }
        } catch (SdkException e) {
            log.info("cannot read the versioning status of bucket {}: {}", location.bucket(), e.getMessage());
        }
    }

    @Override
    public String location() {
        return location.toString();
    }

    /** The bucket key of {@code key}; refused unless it stays under the prefix. */
    String fullKey(String key) throws UnsafeKeyException {
        StoreKeys.requireSafe(key);
        return location.prefix() + key;
    }

    // ---------------------------------------------------------------- listing

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        try (ListingTasks tasks = new ListingTasks(settings.listConcurrency(), "mediagc-s3-list")) {
            new ParallelListing(tasks, visitor).run();
        }
    }

    /**
     * Finds partitions by listing with the {@code /} delimiter down to {@link #PARTITION_DEPTH}
     * levels (objects met on the way are reported), then lists every partition flat, all with a
     * bounded number of requests in flight. Objects reach the visitor page by page, one call at a
     * time; nothing holds the whole listing.
     */
    private final class ParallelListing {
        private final ListingTasks tasks;
        private final ListingVisitor visitor;

        ParallelListing(ListingTasks tasks, ListingVisitor visitor) {
            this.tasks = tasks;
            this.visitor = visitor;
        }

        void run() throws IOException {
            submit(location.prefix(), 0);
            tasks.awaitAll(location.toString(), cause -> cause instanceof SdkException sdk
                    ? new IOException("listing " + location + " failed: " + S3Errors.describe(sdk, location, settings), sdk)
                    : new IOException("listing " + location + " failed: " + cause, cause));
        }

        private void submit(String prefix, int depth) {
            tasks.submit(() -> {
                if (depth < PARTITION_DEPTH) {
                    discover(prefix, depth);
                } else {
                    listFlat(prefix);
                }
            });
        }

        private void discover(String prefix, int depth) {
            ListObjectsV2Request request = ListObjectsV2Request.builder()
                    .bucket(location.bucket()).prefix(prefix).delimiter("/").build();
            NestedStoreFilter<Runnable> filter = filterFor(prefix);
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                // Objects and folders of one page, back in the listing's order for the filter.
                List<Map.Entry<String, Runnable>> entries = new ArrayList<>();
                for (S3Object o : page.contents()) {
                    entries.add(Map.entry(o.key(), () -> report(List.of(o))));
                }
                for (CommonPrefix common : page.commonPrefixes()) {
                    if (!common.prefix().equals(location.prefix() + STATE)) {
                        entries.add(Map.entry(common.prefix(), () -> submit(common.prefix(), depth + 1)));
                    }
                }
                entries.sort((a, b) -> KeyOrder.compare(a.getKey(), b.getKey()));
                for (Map.Entry<String, Runnable> entry : entries) {
                    filter.offer(entry.getKey(), entry.getValue()).forEach(Runnable::run);
                }
                if (filter.baseIsStore()) {
                    return; // another store's folder: nothing in it is ours
                }
            }
            filter.finish().forEach(Runnable::run);
        }

        private void listFlat(String prefix) {
            ListObjectsV2Request request = ListObjectsV2Request.builder().bucket(location.bucket()).prefix(prefix).build();
            NestedStoreFilter<S3Object> filter = filterFor(prefix);
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(request)) {
                List<S3Object> released = new ArrayList<>();
                for (S3Object o : page.contents()) {
                    released.addAll(filter.offer(o.key(), o));
                }
                report(released);
                if (filter.baseIsStore()) {
                    return;
                }
            }
            report(filter.finish());
        }

        /** A filter for the listing of {@code prefix}; the store's own root is never "another store". */
        private <T> NestedStoreFilter<T> filterFor(String prefix) {
            return new NestedStoreFilter<>(prefix, !prefix.equals(location.prefix()), folder -> {
                String key = folder.substring(location.prefix().length(), folder.length() - 1);
                synchronized (visitor) {
                    visitor.otherStore(key);
                }
            });
        }

        private void report(List<S3Object> objects) {
            synchronized (visitor) {
                for (S3Object o : objects) {
                    String key = o.key().substring(location.prefix().length());
                    if (key.isEmpty() || key.endsWith("/") || key.startsWith(STATE)) {
                        continue; // folder markers made by consoles, and mediagc's own area
                    }
                    visitor.object(new StoredObject(key, o.size(), seconds(o.lastModified()), o.eTag()));
                }
            }
        }
    }

    /**
     * The point {@link #keysAfter} starts again after to leave mediagc's area behind: the area's
     * folder and the highest code point (U+10FFFF), past every name a run writes there.
     */
    static final String PAST_STATE = STATE + new String(Character.toChars(Character.MAX_CODE_POINT));

    /**
     * ListObjectsV2 from {@code StartAfter}, a page of up to 1,000 keys a request. mediagc's own
     * area is skipped by starting again past it, once: after {@link #PAST_STATE}, which sorts after
     * every key of the area a run writes and before the first key that is not in it ({@code .mediagc0}:
     * {@code 0} follows {@code /}; {@code StartAfter} is exclusive, so starting after {@code .mediagc0}
     * itself would leave out a key of exactly that name). So a big quarantine is never read through. Another store nested below the root is not
     * told apart here: that needs its folder's listing from the start (see {@link NestedStoreFilter}).
     */
    @Override
    public List<String> keysAfter(String startAfter, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String after = startAfter == null ? null : location.prefix() + startAfter;
        String token = null;
        boolean skippedState = false;
        try {
            while (keys.size() < limit) {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(location.bucket())
                        .prefix(location.prefix()).maxKeys(Math.min(MAX_BATCH, limit - keys.size()));
                if (token != null) {
                    request.continuationToken(token);
                } else if (after != null) {
                    request.startAfter(after);
                }
                ListObjectsV2Response page = s3.listObjectsV2(request.build());
                boolean skipState = false;
                for (S3Object o : page.contents()) {
                    String key = o.key().substring(location.prefix().length());
                    if (key.startsWith(STATE)) {
                        skipState = !skippedState; // a name past PAST_STATE is no run's: left out, not restarted for
                        skippedState = true;
                        if (skipState) {
                            break;
                        }
                        continue;
                    }
                    if (!key.isEmpty() && !key.endsWith("/")) {
                        keys.add(key);
                    }
                }
                if (skipState) {
                    token = null;
                    after = location.prefix() + PAST_STATE;
                } else if (Boolean.TRUE.equals(page.isTruncated())) {
                    token = page.nextContinuationToken();
                } else {
                    break;
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing " + location + " failed: " + S3Errors.describe(e, location, settings), e);
        }
        return keys;
    }

    /** One delimited listing of {@code folder}: its objects and subfolders, merged in key order. */
    @Override
    public List<String> entries(String folder, int limit) throws IOException {
        String base = location.prefix() + folder;
        List<String> names = new ArrayList<>();
        try {
            ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(base).delimiter("/")
                    .maxKeys(Math.min(MAX_BATCH, Math.max(1, limit))));
            for (S3Object o : page.contents()) {
                String name = o.key().substring(base.length());
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
            for (CommonPrefix common : page.commonPrefixes()) {
                if (!common.prefix().equals(location.prefix() + STATE)) {
                    names.add(common.prefix().substring(base.length()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing " + location + " failed: " + S3Errors.describe(e, location, settings), e);
        }
        names.sort(dev.mediagc.spi.KeyOrder.COMPARATOR);
        return names.size() > limit ? names.subList(0, limit) : names;
    }

    static Instant seconds(Instant time) {
        return time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
    }

    // ---------------------------------------------------------------- single objects

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return head(fullKey(key)).map(h -> new StoredObject(key, h.contentLength(), seconds(h.lastModified()), h.eTag()));
    }

    private Optional<HeadObjectResponse> head(String fullKey) throws IOException {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(location.bucket()).key(fullKey)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException(S3Errors.describe(e, location, settings), e);
        } catch (SdkException e) {
            throw new IOException(S3Errors.describe(e, location, settings), e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        fullKey(key);
        Map<String, String> errors = deleteAll(List.of(key));
        if (!errors.isEmpty()) {
            throw new IOException(errors.get(key));
        }
    }

    /** DeleteObjects in batches of up to 1,000; a call that "succeeds" can still fail keys, so each is checked. */
    @Override
    public Map<String, String> deleteAll(List<String> keys) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += MAX_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + MAX_BATCH));
            List<ObjectIdentifier> ids = new ArrayList<>(batch.size());
            Map<String, String> byFullKey = new LinkedHashMap<>();
            for (String key : batch) {
                String full;
                try {
                    full = fullKey(key);
                } catch (UnsafeKeyException e) {
                    errors.put(key, e.getMessage());
                    continue;
                }
                ids.add(ObjectIdentifier.builder().key(full).build());
                byFullKey.put(full, key);
            }
            if (ids.isEmpty()) {
                continue;
            }
            if (singleDeletesOnly) {
                deleteOneByOne(byFullKey, errors);
                continue;
            }
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(b -> b.bucket(location.bucket())
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
            } catch (S3Exception e) {
                if (!notImplemented(e)) {
                    throw new IOException(S3Errors.describe(e, location, settings), e);
                }
                // An interoperable service without multi-object delete: the same, one request a key.
                singleDeletesOnly = true;
                warnOnce(location + " does not implement multi-object delete (DeleteObjects answered "
                        + e.statusCode() + "); objects were deleted one request at a time");
                deleteOneByOne(byFullKey, errors);
                continue;
            } catch (SdkException e) {
                throw new IOException(S3Errors.describe(e, location, settings), e);
            }
            for (S3Error error : response.errors()) {
                String key = byFullKey.getOrDefault(error.key(), error.key());
                errors.put(key, error.code() + ": " + error.message());
            }
        }
        return errors;
    }

    /** DeleteObject for each key (full key to the caller's key); a missing object is no error. */
    private void deleteOneByOne(Map<String, String> byFullKey, Map<String, String> errors) {
        for (Map.Entry<String, String> key : byFullKey.entrySet()) {
            try {
                s3.deleteObject(b -> b.bucket(location.bucket()).key(key.getKey()));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) {
                    errors.put(key.getValue(), S3Errors.describe(e, location, settings));
                }
            } catch (SdkException e) {
                errors.put(key.getValue(), S3Errors.describe(e, location, settings));
            }
        }
    }

    /**
     * Whether the service refused a request, or a condition on it, as something it does not do
     * (interoperable services answer 501, or 400 with NotImplemented or an unknown header).
     */
    private static boolean notImplemented(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 501 || e.statusCode() == 400 || "NotImplemented".equals(code);
    }

    /**
     * The service refused to copy the object in one request because of its size: S3 answers 400
     * InvalidRequest ("larger than the maximum allowable size for a copy source") over 5 GiB, and
     * other services EntityTooLarge. Not a refused condition, so not retried with fewer of them.
     */
    private static boolean tooLargeToCopy(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return "EntityTooLarge".equals(code)
                || (message != null && message.contains("maximum allowable size"));
    }

    /** A precondition the service checked and found false: the object is another version now. */
    private static boolean preconditionFailed(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        return e.statusCode() == 412 || "PreconditionFailed".equals(code);
    }

    private void warnOnce(String warning) {
        if (warnings.add(warning)) {
            log.warn(warning);
        }
    }

    @Override
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    @Override
    public Optional<StoredContent> read(String key) throws IOException {
        String full = fullKey(key);
        try {
            ResponseBytes<GetObjectResponse> bytes = s3.getObjectAsBytes(b -> b.bucket(location.bucket()).key(full));
            return Optional.of(new StoredContent(bytes.asByteArray(), bytes.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("cannot read " + key + ": " + S3Errors.describe(e, location, settings), e);
        } catch (SdkException e) {
            throw new IOException("cannot read " + key + ": " + S3Errors.describe(e, location, settings), e);
        }
    }

    /** A PUT replaces an object atomically, and is durable once it returns. */
    @Override
    public void write(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(full), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("cannot write " + key + ": " + S3Errors.describe(e, location, settings), e);
        }
    }

    /**
     * A conditional PUT ({@code If-None-Match: *}). A service that refuses the condition as not
     * implemented gets a look first and then a plain PUT, which two racing writers can both pass.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(full).ifNoneMatch("*"), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            if (e.statusCode() == 501 || e.statusCode() == 400) {
                warnOnce(location + " does not take If-None-Match on PutObject (answered " + e.statusCode() + "): mediagc's "
                        + "state files, the sweep lock among them, were created after a look (HEAD), so two runs starting "
                        + "at the same instant could both take the lock until the next check of it");
                if (head(full).isPresent()) {
                    return false;
                }
                write(key, content);
                return true;
            }
            throw new IOException("cannot create " + key + ": " + S3Errors.describe(e, location, settings), e);
        } catch (SdkException e) {
            throw new IOException("cannot create " + key + ": " + S3Errors.describe(e, location, settings), e);
        }
    }

    /**
     * A conditional PUT ({@code If-Match: ETAG}), after a HEAD that already refuses a stale version:
     * the HEAD covers services that ignore the condition, the condition covers the race after it.
     */
    @Override
    public boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException {
        String full = fullKey(key);
        Optional<HeadObjectResponse> now = head(full);
        if (expectedVersion == null || now.isEmpty() || !expectedVersion.equals(now.get().eTag())) {
            return false;
        }
        try {
            s3.putObject(b -> b.bucket(location.bucket()).key(full).ifMatch(expectedVersion), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                return false;
            }
            throw new IOException("cannot replace " + key + ": " + S3Errors.describe(e, location, settings), e);
        } catch (SdkException e) {
            throw new IOException("cannot replace " + key + ": " + S3Errors.describe(e, location, settings), e);
        }
    }

    /** Copy, verify the copy, then delete the original: a failure leaves the object in one place or both. */
    @Override
    public void move(String fromKey, String toKey) throws IOException {
        String source = fullKey(fromKey);
        String target = fullKey(toKey);
        HeadObjectResponse original = head(source)
                .orElseThrow(() -> new NoSuchFileException(fromKey, null, "no object there to move"));
        if (head(target).isPresent()) {
            throw new FileAlreadyExistsException(toKey, null, "an object is already there; a move never replaces one");
        }
        copyVerified(source, target, original, null, fromKey);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(source));
        } catch (SdkException e) {
            // The verified copy is at the target; the original stays in place: nothing lost.
            throw new IOException("copied '" + fromKey + "' to '" + toKey + "' but could not delete the original: "
                    + S3Errors.describe(e, location, settings), e);
        }
    }

    /**
     * A move whose every step is conditional on the ETag: a copy with
     * {@code x-amz-copy-source-if-match}, and a delete of the original with {@code If-Match}, after
     * another HEAD. An object rewritten before the copy is not copied; one rewritten between the
     * copy and the delete is not deleted, and the copy is removed again. Either way
     * {@link VersionMismatchException}, and the new object stays at its key. A service that refuses
     * one of the conditions as not implemented gets a look (HEAD) right before the step instead, and
     * the store's {@link #warnings()} say so; a service that ignores a condition silently leaves the
     * moment between the last HEAD and the step open.
     *
     * <p>With a content ETag (an MD5, without the {@code -N} of a multipart upload) the original is
     * not looked at (HEAD) before the copy: the copy's source condition refuses another version,
     * and the copy's answer names the ETag of what it wrote, which must be the one asked for (the
     * same bytes, so the same size) or the copy is removed again and nothing is moved: together they
     * prove what that look proved, also on a service that ignores the condition. A multipart ETag
     * names no content, so that original is looked at first, as before.
     */
    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        java.util.Objects.requireNonNull(expectedVersion, "expectedVersion");
        String source = fullKey(fromKey);
        String target = fullKey(toKey);
        HeadObjectResponse original = null;
        if (!contentEtag(expectedVersion)) {
            original = lookAt(source, fromKey, expectedVersion);
        }
        if (head(target).isPresent()) {
            throw new FileAlreadyExistsException(toKey, null, "an object is already there; a move never replaces one");
        }
        copyVerified(source, target, original, expectedVersion, fromKey);
        try {
            deleteIfMatch(source, fromKey, expectedVersion);
        } catch (VersionMismatchException e) {
            removeCopy(target, toKey);
            throw e;
        } catch (SdkException e) {
            // The verified copy is at the target; the original stays in place: nothing lost.
            throw new IOException("copied '" + fromKey + "' to '" + toKey + "' but could not delete the original: "
                    + S3Errors.describe(e, location, settings), e);
        }
    }

    /** A look (HEAD) at a move's source: it must be there, and be the version expected. */
    private HeadObjectResponse lookAt(String source, String fromKey, String expectedVersion) throws IOException {
        HeadObjectResponse now = head(source)
                .orElseThrow(() -> new NoSuchFileException(fromKey, null, "no object there to move"));
        if (!expectedVersion.equals(now.eTag())) {
            throw new VersionMismatchException(fromKey, expectedVersion, now.eTag());
        }
        return now;
    }

    /** An ETag that is the MD5 of the content: quoted or not, without a multipart upload's {@code -N}. */
    static boolean contentEtag(String etag) {
        return etag != null && !etag.contains("-");
    }

    /**
     * A HEAD, then DeleteObject with {@code If-Match}. The HEAD covers services that ignore the
     * condition without a word (S3Proxy does); the condition covers the moment after the HEAD
     * where the service honours it (Amazon S3). A service that refuses the condition gets a second
     * HEAD and a plain delete.
     */
    private void deleteIfMatch(String source, String fromKey, String expectedVersion) throws IOException {
        String before = head(source).map(HeadObjectResponse::eTag).orElse(null);
        if (!expectedVersion.equals(before)) {
            throw new VersionMismatchException(fromKey, expectedVersion, before);
        }
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(source).ifMatch(expectedVersion));
            return;
        } catch (S3Exception e) {
            if (preconditionFailed(e)) {
                throw new VersionMismatchException(fromKey, expectedVersion, "a newer one");
            }
            if (!notImplemented(e)) {
                throw e;
            }
            warnOnce(location + " does not take If-Match on DeleteObject (answered " + e.statusCode() + "): the "
                    + "original of each move was looked at (HEAD) right before its delete instead, which a new "
                    + "upload in between can still slip past");
        }
        String now = head(source).map(HeadObjectResponse::eTag).orElse(null);
        if (!expectedVersion.equals(now)) {
            throw new VersionMismatchException(fromKey, expectedVersion, now);
        }
        s3.deleteObject(b -> b.bucket(location.bucket()).key(source));
    }

    /** Removes the copy a refused move made; only mediagc writes there. Left behind, it loses nothing. */
    private void removeCopy(String target, String toKey) {
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(target));
        } catch (SdkException e) {
            log.warn("could not remove the copy at {} of an object that changed meanwhile: {}", toKey,
                    S3Errors.describe(e, location, settings));
        }
    }

    /** One delimited listing of {@code folderKey}, page by page. */
    @Override
    public List<String> children(String folderKey) throws IOException {
        StoreKeys.requireSafeFolder(folderKey);
        String base = location.prefix() + folderKey;
        List<String> names = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(base).delimiter("/"))) {
                for (S3Object o : page.contents()) {
                    String name = o.key().substring(base.length());
                    if (!name.isEmpty()) {
                        names.add(name); // an empty name is a console's folder marker
                    }
                }
                for (CommonPrefix common : page.commonPrefixes()) {
                    names.add(common.prefix().substring(base.length()));
                }
            }
        } catch (SdkException e) {
            throw new IOException("listing " + folderKey + " failed: " + S3Errors.describe(e, location, settings), e);
        }
        names.sort(KeyOrder.COMPARATOR);
        return names;
    }

    @Override
    public boolean holdsOtherStore(String folderKey) throws IOException {
        StoreKeys.requireSafeFolder(folderKey);
        String state = location.prefix() + folderKey + StoreKeys.STATE_FOLDER + "/";
        try {
            return !s3.listObjectsV2(b -> b.bucket(location.bucket()).prefix(state).maxKeys(1)).contents().isEmpty();
        } catch (SdkException e) {
            throw new IOException("listing " + folderKey + StoreKeys.STATE_FOLDER + "/ failed: "
                    + S3Errors.describe(e, location, settings), e);
        }
    }

    /**
     * Server-side copy, verified: same size and ETag as the original, or the copy is not trusted.
     * With {@code ifMatch}, the copy is made only of that version of the source
     * ({@code x-amz-copy-source-if-match}); a service that refuses the condition as not implemented
     * gets a plain copy after a look (HEAD) at the source. {@code original} is the caller's look at
     * the source, or null when it made none ({@code ifMatch} is then a content ETag, see
     * {@link #moveIfVersion}).
     */
    private void copyVerified(String source, String target, HeadObjectResponse original, String ifMatch,
                              String fromKey) throws IOException {
        if (original != null && original.contentLength() > 5L * 1024 * 1024 * 1024) {
            throw new IOException("objects over 5 GiB need a multipart copy, which mediagc does not do yet: " + source);
        }
        // Conditions, strongest first: never onto an object (If-None-Match: * on the destination, so a
        // put-back or restore cannot replace a file uploaded since the look), and only of the version
        // checked (x-amz-copy-source-if-match). A service that refuses one as not implemented gets the
        // copy without it, after a look, and the report says so once.
        List<Boolean> targetGuards = List.of(true, false);
        List<String> sourceVersions = ifMatch == null ? java.util.Collections.singletonList(null) : java.util.Arrays.asList(ifMatch, null);
        CopyObjectResponse copied = null;
        copying:
        for (boolean withTarget : targetGuards) {
            for (String withSource : sourceVersions) {
                try {
                    if (ifMatch != null && withSource == null && original == null) {
                        // The condition was refused and nobody looked yet: the look it stands for, right before the copy.
                        original = lookAt(source, fromKey, ifMatch);
                    }
                    copied = s3.copyObject(b -> {
                        b.sourceBucket(location.bucket()).sourceKey(source)
                                .destinationBucket(location.bucket()).destinationKey(target).copySourceIfMatch(withSource);
                        if (withTarget) {
                            b.ifNoneMatch("*");
                        }
                    });
                    if (!withTarget) {
                        warnOnce(location + " does not take If-None-Match on CopyObject: each move looked (HEAD) that "
                                + "nothing was at its destination, then copied; an upload in between could be replaced");
                    }
                    if (ifMatch != null && withSource == null) {
                        warnOnce(location + " does not take x-amz-copy-source-if-match on CopyObject: each move copied "
                                + "after a look (HEAD) instead, which a new upload in between can still slip past");
                    }
                    break copying;
                } catch (S3Exception e) {
                    if (preconditionFailed(e) || e.statusCode() == 409) {
                        if (head(target).isPresent()) {
                            throw new java.nio.file.FileAlreadyExistsException(target, null,
                                    "an object arrived there meanwhile; a move never replaces one");
                        }
                        if (ifMatch != null) {
                            if (original == null && head(source).isEmpty()) {
                                throw new NoSuchFileException(fromKey, null, "no object there to move");
                            }
                            throw new VersionMismatchException(fromKey, ifMatch, "a newer one");
                        }
                        throw new IOException("copy of " + source + " failed: " + S3Errors.describe(e, location, settings), e);
                    }
                    if (original == null && e.statusCode() == 404 && head(source).isEmpty()) {
                        throw new NoSuchFileException(fromKey, null, "no object there to move");
                    }
                    if (tooLargeToCopy(e)) {
                        // A refusal of the object, not of a condition: fewer conditions would be refused alike.
                        throw new IOException(source + " is larger than one CopyObject takes (5 GiB on S3); mediagc "
                                + "does not make multipart copies yet, so it is kept where it is", e);
                    }
                    if (!notImplemented(e) || (!withTarget && withSource == null)) {
                        throw new IOException("copy of " + source + " failed: " + S3Errors.describe(e, location, settings), e);
                    }
                    // refused as not implemented: try again with fewer conditions, the destination's kept longest
                } catch (SdkException e) {
                    throw new IOException("copy of " + source + " failed: " + S3Errors.describe(e, location, settings), e);
                }
            }
        }
        String expected = original != null ? original.eTag() : ifMatch;
        String written = copied == null || copied.copyObjectResult() == null ? null : copied.copyObjectResult().eTag();
        if (contentEtag(expected) && expected.equals(written)) {
            // The copy's answer names the ETag of the object it wrote: the MD5 of the original's
            // content, so the same bytes and the same size. A HEAD of the copy would prove nothing more.
            return;
        }
        HeadObjectResponse copy = head(target).orElseThrow(() -> new IOException("the copy of " + source + " is missing"));
        boolean same = original == null
                ? expected.equals(copy.eTag()) // the same content ETag as asked for: the same bytes, so the same size
                : copy.contentLength().equals(original.contentLength()) && sameEtag(copy.eTag(), original.eTag());
        if (same) {
            return;
        }
        String differs = "the copy of " + source + " differs (ETag " + copy.eTag() + " vs " + expected
                + (original == null ? "" : ", size " + copy.contentLength() + " vs " + original.contentLength())
                + "); original kept" + (kmsEncrypted(copy)
                        ? " (SSE-KMS: its ETags are no MD5 of the content, so no copy can be proven equal; "
                        + "mediagc does not move such objects yet)" : "");
        if (ifMatch == null) {
            // move(): its destination is a media key on put-back and restore, where removing what is
            // there could remove an upload that raced the copy; the copy is left and reported.
            throw new IOException(differs);
        }
        // moveIfVersion(): the copy is in quarantine, of a version nobody asked for (a service that
        // ignored or refused the source condition copied a newer upload), or this service's ETags are
        // no MD5s. The copy goes; the original stays, reported as changed when it did change.
        removeCopy(target, target);
        String now = head(source).map(HeadObjectResponse::eTag).orElse(null);
        if (!ifMatch.equals(now)) {
            throw new VersionMismatchException(fromKey, ifMatch, now);
        }
        throw new IOException(differs);
    }

    /** Encrypted with a KMS key, whose objects' ETags are not the MD5 of their content. */
    private static boolean kmsEncrypted(HeadObjectResponse object) {
        return object.serverSideEncryption() == software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS
                || object.serverSideEncryption() == software.amazon.awssdk.services.s3.model.ServerSideEncryption.AWS_KMS_DSSE;
    }

    /** Multipart ETags ("...-N") change with a copy; only plain MD5 ETags can be compared. */
    private static boolean sameEtag(String a, String b) {
        if (a == null || b == null || a.contains("-") || b.contains("-")) {
            return true;
        }
        return a.equals(b);
    }

    /** Each HEAD or copy waits on the network; many in flight hide that. */
    @Override
    public int parallelism() {
        return Math.max(1, settings.listConcurrency());
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }
}
