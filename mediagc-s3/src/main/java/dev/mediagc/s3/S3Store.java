package dev.mediagc.s3;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
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
 * quarantine is a server-side copy, verified by size and ETag, then a delete of the original.
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
    private final S3StateFolder state;
    private final boolean ownsClient;

    S3Store(S3Client s3, S3Location location, S3Settings settings, boolean ownsClient) {
        this.s3 = s3;
        this.location = location;
        this.settings = settings;
        this.ownsClient = ownsClient;
        this.state = new S3StateFolder(s3, location.bucket(), location.prefix() + STATE);
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
                log.warn("bucket {} has versioning enabled: a delete only adds a delete marker, and the old version "
                        + "keeps costing storage until a lifecycle rule expires noncurrent versions", location.bucket());
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

    String fullKey(String key) throws UnsafeKeyException {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException(String.valueOf(key), "empty");
        }
        if (key.startsWith(STATE) || key.equals(".mediagc")) {
            throw new UnsafeKeyException(key, "inside mediagc's own area");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new UnsafeKeyException(key, "contains a '.' or '..' segment");
            }
        }
        if (key.indexOf('\0') >= 0) {
            throw new UnsafeKeyException(key, "contains a NUL character");
        }
        return location.prefix() + key;
    }

    private String quarantinePrefix(String runId) throws UnsafeKeyException {
        if (!dev.mediagc.internal.quarantine.RunId.isSafe(runId)) {
            throw new UnsafeKeyException(String.valueOf(runId), "not a run id");
        }
        return location.prefix() + STATE + "quarantine/" + runId + "/";
    }

    private String quarantineKey(String key, String runId) throws UnsafeKeyException {
        fullKey(key);
        return quarantinePrefix(runId) + key;
    }

    // ---------------------------------------------------------------- listing

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.listConcurrency()), r -> {
            Thread t = new Thread(r, "mediagc-s3-list");
            t.setDaemon(true);
            return t;
        });
        try {
            new ParallelListing(pool, visitor).run();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Finds partitions by listing with the {@code /} delimiter down to {@link #PARTITION_DEPTH}
     * levels (objects met on the way are reported), then lists every partition flat, all with a
     * bounded number of requests in flight. Objects reach the visitor page by page, one call at a
     * time; nothing holds the whole listing.
     */
    private final class ParallelListing {
        private final ExecutorService pool;
        private final ListingVisitor visitor;
        private final List<Future<?>> pending = new ArrayList<>();

        ParallelListing(ExecutorService pool, ListingVisitor visitor) {
            this.pool = pool;
            this.visitor = visitor;
        }

        void run() throws IOException {
            submit(location.prefix(), 0);
            int done = 0;
            while (true) {
                Future<?> next;
                synchronized (pending) {
                    if (done == pending.size()) {
                        return;
                    }
                    next = pending.get(done);
                }
                try {
                    next.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while listing " + location, e);
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SdkException sdk) {
                        throw new IOException("listing " + location + " failed: " + S3Errors.describe(sdk, location, settings), sdk);
                    }
                    throw new IOException("listing " + location + " failed: " + cause, cause);
                }
                done++;
            }
        }

        private void submit(String prefix, int depth) {
            synchronized (pending) {
                pending.add(pool.submit(() -> {
                    if (depth < PARTITION_DEPTH) {
                        discover(prefix, depth);
                    } else {
                        listFlat(prefix);
                    }
                    return null;
                }));
            }
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
                entries.sort((a, b) -> NestedStoreFilter.compare(a.getKey(), b.getKey()));
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
     * ListObjectsV2 from {@code StartAfter}, a page of up to 1,000 keys a request. mediagc's own
     * area is skipped by starting again past it ({@code .mediagc0}: {@code 0} follows {@code /}),
     * so a big quarantine is never read through. Another store nested below the root is not
     * told apart here: that needs its folder's listing from the start (see {@link NestedStoreFilter}).
     */
    @Override
    public List<String> keysAfter(String startAfter, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String after = startAfter == null ? null : location.prefix() + startAfter;
        String token = null;
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
                        skipState = true;
                        break;
                    }
                    if (!key.isEmpty() && !key.endsWith("/")) {
                        keys.add(key);
                    }
                }
                if (skipState) {
                    token = null;
                    after = location.prefix() + ".mediagc0";
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
                String full = fullKey(key);
                ids.add(ObjectIdentifier.builder().key(full).build());
                byFullKey.put(full, key);
            }
            DeleteObjectsResponse response;
            try {
                response = s3.deleteObjects(b -> b.bucket(location.bucket())
                        .delete(Delete.builder().objects(ids).quiet(true).build()));
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

    @Override
    public void quarantine(String key, String runId) throws IOException {
        String source = fullKey(key);
        String target = quarantineKey(key, runId);
        HeadObjectResponse original = head(source).orElseThrow(() -> new IOException("'" + key + "' is gone"));
        if (head(target).isPresent()) {
            throw new IOException("'" + key + "' is already in quarantine run " + runId);
        }
        copyVerified(source, target, original);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(source));
        } catch (SdkException e) {
            // The verified copy stays in quarantine; the original stays in place: nothing lost.
            throw new IOException("copied '" + key + "' to quarantine but could not delete the original: "
                    + S3Errors.describe(e, location, settings), e);
        }
    }

    @Override
    public void restore(String key, String runId) throws IOException {
        String source = quarantineKey(key, runId);
        String target = fullKey(key);
        HeadObjectResponse quarantined = head(source)
                .orElseThrow(() -> new IOException("'" + key + "' is not in quarantine run " + runId));
        if (head(target).isPresent()) {
            throw new java.nio.file.FileAlreadyExistsException(key, null, "exists again; restore refuses to overwrite it");
        }
        copyVerified(source, target, quarantined);
        try {
            s3.deleteObject(b -> b.bucket(location.bucket()).key(source));
        } catch (SdkException e) {
            log.warn("restored '{}' but could not remove its quarantine copy: {}", key, e.getMessage());
        }
    }

    /** Server-side copy, then a HEAD of the copy: same size and ETag, or the copy is not trusted. */
    private void copyVerified(String source, String target, HeadObjectResponse original) throws IOException {
        if (original.contentLength() > 5L * 1024 * 1024 * 1024) {
            throw new IOException("objects over 5 GiB need a multipart copy, which mediagc does not do yet: " + source);
        }
        try {
            s3.copyObject(b -> b.sourceBucket(location.bucket()).sourceKey(source)
                    .destinationBucket(location.bucket()).destinationKey(target));
        } catch (SdkException e) {
            throw new IOException("copy of " + source + " failed: " + S3Errors.describe(e, location, settings), e);
        }
        HeadObjectResponse copy = head(target).orElseThrow(() -> new IOException("the copy of " + source + " is missing"));
        if (!copy.contentLength().equals(original.contentLength()) || !sameEtag(copy.eTag(), original.eTag())) {
            throw new IOException("the copy of " + source + " differs (size " + copy.contentLength() + " vs "
                    + original.contentLength() + ", ETag " + copy.eTag() + " vs " + original.eTag() + "); original kept");
        }
    }

    /** Multipart ETags ("...-N") change with a copy; only plain MD5 ETags can be compared. */
    private static boolean sameEtag(String a, String b) {
        if (a == null || b == null || a.contains("-") || b.contains("-")) {
            return true;
        }
        return a.equals(b);
    }

    @Override
    public boolean isQuarantined(String key, String runId) throws IOException {
        return head(quarantineKey(key, runId)).isPresent();
    }

    @Override
    public List<String> quarantineRuns() throws IOException {
        String prefix = location.prefix() + STATE + "quarantine/";
        List<String> runs = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix).delimiter("/"))) {
                for (CommonPrefix common : page.commonPrefixes()) {
                    String run = common.prefix().substring(prefix.length());
                    runs.add(run.substring(0, run.length() - 1));
                }
            }
        } catch (SdkException e) {
            throw new IOException(S3Errors.describe(e, location, settings), e);
        }
        runs.sort(null);
        return runs;
    }

    @Override
    public void purgeQuarantine(String runId) throws IOException {
        String prefix = quarantinePrefix(runId);
        List<ObjectIdentifier> batch = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(location.bucket()).prefix(prefix))) {
                for (S3Object o : page.contents()) {
                    batch.add(ObjectIdentifier.builder().key(o.key()).build());
                    if (batch.size() == MAX_BATCH) {
                        purgeBatch(batch);
                    }
                }
            }
            purgeBatch(batch);
        } catch (SdkException e) {
            throw new IOException(S3Errors.describe(e, location, settings), e);
        }
    }

    private void purgeBatch(List<ObjectIdentifier> batch) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        DeleteObjectsResponse response = s3.deleteObjects(b -> b.bucket(location.bucket())
                .delete(Delete.builder().objects(List.copyOf(batch)).quiet(true).build()));
        batch.clear();
        if (!response.errors().isEmpty()) {
            S3Error first = response.errors().get(0);
            throw new IOException(response.errors().size() + " quarantined objects could not be purged, e.g. "
                    + first.key() + ": " + first.code());
        }
    }

    /** Each HEAD or copy waits on the network; many in flight hide that. */
    @Override
    public int parallelism() {
        return Math.max(1, settings.listConcurrency());
    }

    @Override
    public StateFolder state() {
        return state;
    }

    @Override
    public void close() {
        if (ownsClient) {
            s3.close();
        }
    }
}
