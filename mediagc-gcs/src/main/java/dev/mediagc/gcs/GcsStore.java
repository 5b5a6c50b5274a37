package dev.mediagc.gcs;

import com.google.api.gax.paging.Page;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.Bucket;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.StorageBatch;
import com.google.cloud.storage.StorageBatchResult;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.ListingTasks;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.NestedStoreFilter;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.OrderedListing;
import dev.mediagc.spi.StoreKeys;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import dev.mediagc.spi.VersionMismatchException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bucket prefix in Google Cloud Storage as a store, through the JSON API. Keys are relative to
 * the prefix; mediagc's own area is {@code PREFIX/.mediagc/}. An object's version is its
 * generation, which Cloud Storage gives every new content; conditional writes are generation
 * preconditions ({@code ifGenerationMatch=0} to create, {@code =G} to replace), which the service
 * checks and applies atomically. A move is a server-side rewrite that creates the target only if
 * absent and copies only the listed generation, is verified by size and checksums, and then deletes
 * exactly that generation of the original. Deletes go in JSON API batches. Listing runs in parallel
 * over the folders of the first levels; a stretch of key order is listed from {@code startOffset}.
 * Soft delete and object versioning, which keep what mediagc deletes, are read when the store opens
 * and warned about.
 */
public final class GcsStore implements ObjectStore, OrderedListing {

    private static final Logger log = LoggerFactory.getLogger(GcsStore.class);
    static final String STATE = StoreKeys.STATE_FOLDER + "/";
    /** Discover partitions this many folder levels deep, then list each partition flat. */
    private static final int PARTITION_DEPTH = 2;
    /** The JSON API takes at most 100 calls in one batch request. */
    private static final int MAX_BATCH = 100;
    /** The JSON API lists at most 1,000 objects a page. */
    private static final int MAX_PAGE = 1000;
    /** Reading a generation that was replaced between the look-up and the download is tried again this often. */
    private static final int READ_ATTEMPTS = 5;
    private static final String CONTENT_TYPE = "application/octet-stream";

    private final Storage storage;
    private final GcsLocation location;
    private final GcsSettings settings;
    private final boolean ownsClient;
    private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    private GcsStore(Storage storage, GcsLocation location, GcsSettings settings, boolean ownsClient) {
        this.storage = storage;
        this.location = location;
        this.settings = settings;
        this.ownsClient = ownsClient;
    }

    /** Opens the store and checks, with one list request, that the bucket exists and can be read. */
    public static GcsStore open(GcsLocation location, GcsSettings settings) {
        StorageOptions options = options(settings);
        // The check gives up after a few seconds: a wrong endpoint or bucket is a typo, not an outage.
        List<String> retention;
        try (GcsStore probe = new GcsStore(options.toBuilder().setRetrySettings(options.getRetrySettings().toBuilder()
                .setMaxAttempts(2).setTotalTimeoutDuration(java.time.Duration.ofSeconds(10)).build())
                .build().getService(), location, settings, true)) {
            probe.checkReachable();
            retention = probe.readRetention();
        }
        GcsStore store = new GcsStore(options.getService(), location, settings, true);
        store.warnings.addAll(retention);
        return store;
    }

    /** A store over a client the caller owns (and closes). */
    public static GcsStore using(Storage storage, GcsLocation location, GcsSettings settings) {
        return new GcsStore(storage, location, settings, false);
    }

    /**
     * A JSON API client. Credentials are looked up here rather than lazily by the client, so that
     * missing ones fail at once with advice instead of as a 401 in the middle of a listing.
     */
    static StorageOptions options(GcsSettings settings) {
        StorageOptions.Builder options = StorageOptions.newBuilder();
        if (settings.endpoint() != null) {
            options.setHost(settings.endpoint().toString());
        }
        if (settings.project() != null) {
            options.setProjectId(settings.project());
        }
        if (settings.anonymous()) {
            options.setCredentials(NoCredentials.getInstance());
        } else {
            try {
                options.setCredentials(GoogleCredentials.getApplicationDefault());
            } catch (IOException e) {
                throw new IllegalArgumentException("no Google Cloud credentials found: run 'gcloud auth "
                        + "application-default login', set GOOGLE_APPLICATION_CREDENTIALS to a service account key "
                        + "file, or run where a service account is attached (Application Default Credentials)");
            }
        }
        return options.build();
    }

    void checkReachable() {
        try {
            storage.list(location.bucket(), BlobListOption.prefix(location.prefix()), BlobListOption.pageSize(1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(GcsErrors.describe(e, location, settings));
        }
    }

    /**
     * Soft delete and object versioning keep what mediagc deletes, and bill for it: worth a warning,
     * like S3 bucket versioning and Azure soft delete. Read with one bucket GET, which needs
     * {@code storage.buckets.get}; without it (object-only roles), or on a server that does not serve
     * bucket metadata (the firebase-tools emulator), it is only logged.
     */
    List<String> readRetention() {
        try {
            Bucket bucket = storage.get(location.bucket(),
                    Storage.BucketGetOption.fields(Storage.BucketField.SOFT_DELETE_POLICY, Storage.BucketField.VERSIONING));
            if (bucket == null) {
                log.info("cannot read the soft delete and versioning settings of bucket {}: the server has no such bucket "
                        + "metadata", location.bucket());
                return List.of();
            }
            Duration softDelete = bucket.getSoftDeletePolicy() == null ? null
                    : bucket.getSoftDeletePolicy().getRetentionDuration();
            List<String> found = retentionWarnings(location.bucket(), softDelete, bucket.versioningEnabled());
            if (found.isEmpty()) {
                log.info("bucket {}: soft delete and object versioning off", location.bucket());
            }
            found.forEach(log::warn);
            return found;
        } catch (RuntimeException e) {
            log.info("cannot read the soft delete and versioning settings of bucket {}: {}", location.bucket(),
                    GcsErrors.describe(e, location, settings));
            return List.of();
        }
    }

    /** What a bucket's soft delete retention and versioning mean for the space mediagc frees, in plain words. */
    static List<String> retentionWarnings(String bucket, Duration softDelete, Boolean versioning) {
        List<String> found = new ArrayList<>();
        if (softDelete != null && !softDelete.isZero() && !softDelete.isNegative()) {
            found.add("bucket " + bucket + " has soft delete on: an object mediagc deletes, or moves to quarantine "
                    + "(a copy, then a delete of the original), is kept as soft-deleted and billed for " + spelled(softDelete)
                    + " more; the space is freed only then");
        }
        if (Boolean.TRUE.equals(versioning)) {
            found.add("bucket " + bucket + " has object versioning on: an object mediagc deletes, or moves to quarantine, "
                    + "stays as a noncurrent version, billed until a lifecycle rule deletes noncurrent versions");
        }
        return found;
    }

    /** {@code 7 days}, {@code 36 hours}, {@code 90 seconds}: the largest unit that says it exactly. */
    static String spelled(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % 86_400 == 0) {
            return plural(seconds / 86_400, "day");
        }
        if (seconds % 3_600 == 0) {
            return plural(seconds / 3_600, "hour");
        }
        return plural(seconds, "second");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }

    /** The retention warnings read when the store was opened (see {@link #readRetention()}). */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String location() {
        return location.toString();
    }

    /** The object name of {@code key}; refused unless it stays under the prefix. */
    String fullKey(String key) throws UnsafeKeyException {
        StoreKeys.requireSafe(key);
        return location.prefix() + key;
    }

    private BlobId id(String fullKey) {
        return BlobId.of(location.bucket(), fullKey);
    }

    /** What an upload creates; a content type is set because the multipart upload needs one in its metadata part. */
    private BlobInfo upload(String fullKey) {
        return BlobInfo.newBuilder(id(fullKey)).setContentType(CONTENT_TYPE).build();
    }

    private IOException failure(String doing, RuntimeException e) {
        return new IOException(doing + ": " + GcsErrors.describe(e, location, settings), e);
    }

    // ---------------------------------------------------------------- listing

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        try (ListingTasks tasks = new ListingTasks(settings.listConcurrency(), "mediagc-gcs-list")) {
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
            tasks.awaitAll(location.toString(), cause -> cause instanceof RuntimeException runtime
                    ? failure("listing " + location + " failed", runtime)
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
            NestedStoreFilter<Runnable> filter = filterFor(prefix);
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(prefix), BlobListOption.currentDirectory());
            while (page != null) {
                // Objects and folders of one page, in the listing's order for the filter.
                List<Map.Entry<String, Runnable>> entries = new ArrayList<>();
                for (Blob blob : page.getValues()) {
                    if (blob.isDirectory()) {
                        if (!blob.getName().equals(location.prefix() + STATE)) {
                            entries.add(Map.entry(blob.getName(), () -> submit(blob.getName(), depth + 1)));
                        }
                    } else {
                        entries.add(Map.entry(blob.getName(), () -> report(List.of(blob))));
                    }
                }
                entries.sort((a, b) -> KeyOrder.compare(a.getKey(), b.getKey()));
                for (Map.Entry<String, Runnable> entry : entries) {
                    filter.offer(entry.getKey(), entry.getValue()).forEach(Runnable::run);
                }
                if (filter.baseIsStore()) {
                    return; // another store's folder: nothing in it is ours
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
            }
            filter.finish().forEach(Runnable::run);
        }

        private void listFlat(String prefix) {
            NestedStoreFilter<Blob> filter = filterFor(prefix);
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(prefix));
            while (page != null) {
                List<Blob> released = new ArrayList<>();
                for (Blob blob : page.getValues()) {
                    released.addAll(filter.offer(blob.getName(), blob));
                }
                report(released);
                if (filter.baseIsStore()) {
                    return;
                }
                page = page.hasNextPage() ? page.getNextPage() : null;
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

        private void report(List<Blob> blobs) {
            synchronized (visitor) {
                for (Blob blob : blobs) {
                    String key = blob.getName().substring(location.prefix().length());
                    if (key.isEmpty() || key.endsWith("/") || key.startsWith(STATE)) {
                        continue; // folder placeholders made by consoles, and mediagc's own area
                    }
                    visitor.object(describe(key, blob));
                }
            }
        }
    }

    /**
     * Size, time and generation. The time is when this generation was written ({@code timeCreated}):
     * unlike {@code updated}, a metadata change does not move it, so it says how old the content is.
     */
    private static StoredObject describe(String key, BlobInfo blob) {
        OffsetDateTime created = blob.getCreateTimeOffsetDateTime();
        if (created == null) {
            created = blob.getUpdateTimeOffsetDateTime();
        }
        Instant time = created == null ? null : created.toInstant();
        long size = blob.getSize() == null ? 0 : blob.getSize();
        return new StoredObject(key, size, time, blob.getGeneration() == null ? null : String.valueOf(blob.getGeneration()));
    }

    // ---------------------------------------------------------------- single objects

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return metadata(fullKey(key), "cannot look at " + key).map(blob -> describe(key, blob));
    }

    private Optional<Blob> metadata(String fullKey, String doing) throws IOException {
        try {
            return Optional.ofNullable(storage.get(id(fullKey)));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure(doing, e);
        } catch (RuntimeException e) {
            throw failure(doing, e);
        }
    }

    /**
     * The generation the metadata names, downloaded by number: the bytes and the version always
     * belong together. When that generation was replaced in between, the newer one is read.
     */
    @Override
    public Optional<StoredContent> read(String key) throws IOException {
        String full = fullKey(key);
        for (int attempt = 1; ; attempt++) {
            Optional<Blob> blob = metadata(full, "cannot read " + key);
            if (blob.isEmpty()) {
                return Optional.empty();
            }
            long generation = blob.get().getGeneration();
            try {
                byte[] bytes = storage.readAllBytes(BlobId.of(location.bucket(), full, generation));
                return Optional.of(new StoredContent(bytes, String.valueOf(generation)));
            } catch (StorageException e) {
                if (e.getCode() != 404 || attempt == READ_ATTEMPTS) {
                    throw failure("cannot read " + key, e);
                }
            } catch (RuntimeException e) {
                throw failure("cannot read " + key, e);
            }
        }
    }

    /** An upload replaces an object atomically, and is durable once it returns. */
    @Override
    public void write(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            storage.create(upload(full), content);
        } catch (RuntimeException e) {
            throw failure("cannot write " + key, e);
        }
    }

    /** An upload with {@code ifGenerationMatch=0}: the service refuses it (412) when any generation is live. */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            storage.create(upload(full), content, BlobTargetOption.doesNotExist());
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                return false;
            }
            throw failure("cannot create " + key, e);
        } catch (RuntimeException e) {
            throw failure("cannot create " + key, e);
        }
    }

    /** An upload with {@code ifGenerationMatch=G}: refused (412) once another generation replaced G, or none is live. */
    @Override
    public boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException {
        String full = fullKey(key);
        long generation;
        try {
            generation = Long.parseLong(Objects.requireNonNull(expectedVersion));
        } catch (NullPointerException | NumberFormatException e) {
            return false; // not a generation this store reported: it cannot be the current one
        }
        if (generation <= 0) {
            return false; // 0 would mean "only if absent"
        }
        try {
            storage.create(upload(full), content, BlobTargetOption.generationMatch(generation));
            return true;
        } catch (StorageException e) {
            if (e.getCode() == 412 || e.getCode() == 404) {
                return false;
            }
            throw failure("cannot replace " + key, e);
        } catch (RuntimeException e) {
            throw failure("cannot replace " + key, e);
        }
    }

    /**
     * Rewrite, verify, delete. The rewrite copies exactly the generation looked at
     * ({@code ifSourceGenerationMatch}) and only onto no object ({@code ifGenerationMatch=0}); the
     * copy must match the original in size, CRC32C and MD5; then exactly that generation of the
     * original is deleted. A failure leaves the object at the source, or at both places.
     */
    @Override
    public void move(String fromKey, String toKey) throws IOException {
        move(fromKey, toKey, null);
    }

    /**
     * As {@link #move}, only while the object is still generation {@code expectedVersion}: the
     * rewrite copies that generation alone and the delete removes that generation alone, so a
     * re-upload at any moment of the move stays where it is (the service's preconditions, not a
     * look first).
     */
    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        move(fromKey, toKey, Objects.requireNonNull(expectedVersion, "expectedVersion"));
    }

    private void move(String fromKey, String toKey, String expectedVersion) throws IOException {
        String source = fullKey(fromKey);
        String target = fullKey(toKey);
        Blob original = metadata(source, "cannot move " + fromKey)
                .orElseThrow(() -> new NoSuchFileException(fromKey, null, "no object there to move"));
        if (metadata(target, "cannot move " + fromKey).isPresent()) {
            throw new FileAlreadyExistsException(toKey, null, "an object is already there; a move never replaces one");
        }
        long generation = original.getGeneration();
        if (expectedVersion != null && !expectedVersion.equals(String.valueOf(generation))) {
            throw new VersionMismatchException(fromKey, expectedVersion, String.valueOf(generation));
        }
        Blob copy;
        try {
            copy = storage.copy(Storage.CopyRequest.newBuilder()
                    .setSource(BlobId.of(location.bucket(), source, generation))
                    .setSourceOptions(BlobSourceOption.generationMatch(generation))
                    .setTarget(BlobInfo.newBuilder(id(target)).build(), BlobTargetOption.doesNotExist())
                    .build()).getResult();
        } catch (StorageException e) {
            if (e.getCode() == 412) {
                if (metadata(target, "cannot move " + fromKey).isPresent()) {
                    throw new FileAlreadyExistsException(toKey, null, "an object arrived there meanwhile; a move never replaces one");
                }
                if (expectedVersion != null) {
                    throw new VersionMismatchException(fromKey, expectedVersion, "a newer generation");
                }
                throw new IOException("'" + fromKey + "' was replaced while being moved; left where it is");
            }
            if (e.getCode() == 404) {
                throw new NoSuchFileException(fromKey, null, "the object went away while being moved");
            }
            throw failure("copy of " + fromKey + " to " + toKey + " failed", e);
        } catch (RuntimeException e) {
            throw failure("copy of " + fromKey + " to " + toKey + " failed", e);
        }
        verifyCopy(fromKey, original, copy);
        try {
            storage.delete(BlobId.of(location.bucket(), source, generation), BlobSourceOption.generationMatch(generation));
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                Optional<Blob> now = expectedVersion == null ? Optional.empty() : metadata(source, "cannot move " + fromKey);
                if (now.isPresent()) {
                    // Generation G is gone because a new upload replaced it after the copy: that upload
                    // stays, the copy of the old one goes, and the object counts as changed, not moved.
                    try {
                        storage.delete(id(target));
                    } catch (RuntimeException again) {
                        log.warn("could not remove the copy of the replaced '{}' at '{}': {}", fromKey, toKey, again.getMessage());
                    }
                    throw new VersionMismatchException(fromKey, expectedVersion, String.valueOf(now.get().getGeneration()));
                }
                return; // gone already: the object is at the target only, as promised
            }
            // The verified copy is at the target; the original stays in place: nothing lost.
            throw failure("copied '" + fromKey + "' to '" + toKey + "' but could not delete the original", e);
        } catch (RuntimeException e) {
            throw failure("copied '" + fromKey + "' to '" + toKey + "' but could not delete the original", e);
        }
    }

    /** The copy is trusted only when it has the original's size and whichever checksums both carry. */
    private void verifyCopy(String fromKey, Blob original, Blob copy) throws IOException {
        boolean sameSize = copy != null && Objects.equals(copy.getSize(), original.getSize());
        boolean sameCrc = copy != null && (copy.getCrc32c() == null || original.getCrc32c() == null
                || copy.getCrc32c().equals(original.getCrc32c()));
        boolean sameMd5 = copy != null && (copy.getMd5() == null || original.getMd5() == null
                || copy.getMd5().equals(original.getMd5()));
        if (!sameSize || !sameCrc || !sameMd5) {
            throw new IOException("the copy of " + fromKey + " differs from it (size " + (copy == null ? null : copy.getSize())
                    + " vs " + original.getSize() + ", crc32c " + (copy == null ? null : copy.getCrc32c()) + " vs "
                    + original.getCrc32c() + "); original kept");
        }
    }

    @Override
    public void delete(String key) throws IOException {
        String full = fullKey(key);
        try {
            storage.delete(id(full));
        } catch (StorageException e) {
            if (e.getCode() != 404) {
                throw failure("cannot delete " + key, e);
            }
        } catch (RuntimeException e) {
            throw failure("cannot delete " + key, e);
        }
    }

    /**
     * JSON API batches of up to 100 deletes, every answer checked. A service without batch requests
     * (some emulators) gets the keys of a failed batch one by one instead.
     */
    @Override
    public Map<String, String> deleteAll(List<String> keys) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        for (int from = 0; from < keys.size(); from += MAX_BATCH) {
            Map<String, String> batch = new LinkedHashMap<>();
            for (String key : keys.subList(from, Math.min(keys.size(), from + MAX_BATCH))) {
                try {
                    batch.put(key, fullKey(key));
                } catch (UnsafeKeyException e) {
                    errors.put(key, e.getMessage());
                }
            }
            if (!batch.isEmpty()) {
                deleteBatch(batch, errors);
            }
        }
        return errors;
    }

    private void deleteBatch(Map<String, String> batch, Map<String, String> errors) throws IOException {
        Map<String, StorageBatchResult<Boolean>> results = new LinkedHashMap<>();
        try {
            StorageBatch request = storage.batch();
            batch.forEach((key, full) -> results.put(key, request.delete(id(full))));
            request.submit();
        } catch (RuntimeException e) {
            log.debug("batch delete refused ({}); deleting one by one", GcsErrors.firstLine(e.getMessage()));
            for (String key : batch.keySet()) {
                try {
                    delete(key);
                } catch (IOException single) {
                    errors.put(key, String.valueOf(single.getMessage()));
                }
            }
            return;
        }
        for (Map.Entry<String, StorageBatchResult<Boolean>> result : results.entrySet()) {
            try {
                result.getValue().get(); // false: nothing was there, which is no error
            } catch (StorageException e) {
                if (e.getCode() != 404) {
                    errors.put(result.getKey(), GcsErrors.describe(e, location, settings));
                }
            } catch (RuntimeException e) {
                errors.put(result.getKey(), GcsErrors.describe(e, location, settings));
            }
        }
    }

    /** One delimited listing of {@code folderKey}, page by page. */
    @Override
    public List<String> children(String folderKey) throws IOException {
        StoreKeys.requireSafeFolder(folderKey);
        String base = location.prefix() + folderKey;
        List<String> names = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(base), BlobListOption.currentDirectory());
            for (Blob blob : page.iterateAll()) {
                String name = blob.getName().substring(base.length());
                if (!name.isEmpty()) {
                    names.add(name); // an empty name is a console's folder placeholder
                }
            }
        } catch (RuntimeException e) {
            throw failure("listing " + folderKey + " failed", e);
        }
        names.sort(KeyOrder.COMPARATOR);
        return names;
    }

    /**
     * A listing from {@code startOffset}, which names the first object to list, inclusive. mediagc's
     * own area is skipped by starting again past it ({@code .mediagc0}: {@code 0} follows {@code /}),
     * so a big quarantine is never read through. A server that ignores {@code startOffset} (the
     * firebase-tools emulator) answers from the prefix's first object: that shows as a name before
     * the start, and the listing then reads on, leaving out what comes before the start: right, only
     * as slow as a listing from the start. Another store nested below the root is not told apart
     * here (see {@link OrderedListing}).
     */
    @Override
    public List<String> keysAfter(String startAfter, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String from = startAfter == null ? null : location.prefix() + startAfter;
        boolean seeking = true;
        try {
            while (keys.size() < limit) {
                List<BlobListOption> options = new ArrayList<>(List.of(BlobListOption.prefix(location.prefix()),
                        BlobListOption.pageSize(Math.min(MAX_PAGE, (long) limit - keys.size() + 1))));
                if (from != null) {
                    options.add(BlobListOption.startOffset(from));
                }
                String restartFrom = null;
                Page<Blob> page = storage.list(location.bucket(), options.toArray(BlobListOption[]::new));
                pages:
                while (page != null) {
                    for (Blob blob : page.getValues()) {
                        if (from != null && KeyOrder.compare(blob.getName(), from) < 0) {
                            if (seeking) {
                                seeking = false;
                                log.debug("{} ignores startOffset: a stretch of keys is read from the first key on", location);
                            }
                            continue; // before the start: the server ignored startOffset
                        }
                        String key = blob.getName().substring(location.prefix().length());
                        if (key.equals(startAfter)) {
                            continue;
                        }
                        if (key.startsWith(STATE)) {
                            if (seeking) {
                                restartFrom = location.prefix() + StoreKeys.STATE_FOLDER + "0";
                                break pages;
                            }
                            continue;
                        }
                        if (!key.isEmpty() && !key.endsWith("/")) {
                            keys.add(key);
                            if (keys.size() == limit) {
                                return keys;
                            }
                        }
                    }
                    page = page.hasNextPage() ? page.getNextPage() : null;
                }
                if (restartFrom == null) {
                    break;
                }
                from = restartFrom;
            }
        } catch (RuntimeException e) {
            throw failure("listing " + location + " failed", e);
        }
        return keys;
    }

    /** One delimited listing page of {@code folder}: its objects and subfolders, merged in key order. */
    @Override
    public List<String> entries(String folder, int limit) throws IOException {
        String base = location.prefix() + folder;
        List<String> names = new ArrayList<>();
        try {
            Page<Blob> page = storage.list(location.bucket(), BlobListOption.prefix(base), BlobListOption.currentDirectory(),
                    BlobListOption.pageSize(Math.min(MAX_PAGE, Math.max(1, limit))));
            for (Blob blob : page.getValues()) {
                String name = blob.getName().substring(base.length());
                if (!name.isEmpty() && !(folder.isEmpty() && name.equals(STATE))) {
                    names.add(name);
                }
            }
        } catch (RuntimeException e) {
            throw failure("listing " + location + " failed", e);
        }
        names.sort(KeyOrder.COMPARATOR);
        return names.size() > limit ? names.subList(0, limit) : names;
    }

    /** Each look-up or rewrite waits on the network; many in flight hide that. */
    @Override
    public int parallelism() {
        return settings.listConcurrency();
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                storage.close();
            } catch (Exception e) {
                log.debug("closing the Cloud Storage client: {}", e.getMessage());
            }
        }
    }
}
