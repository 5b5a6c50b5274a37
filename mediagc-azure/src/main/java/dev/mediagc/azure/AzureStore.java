package dev.mediagc.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.batch.BlobBatch;
import com.azure.storage.blob.batch.BlobBatchClient;
import com.azure.storage.blob.batch.BlobBatchClientBuilder;
import com.azure.storage.blob.models.BlobBeginCopySourceRequestConditions;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobDownloadContentResponse;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobRetentionPolicy;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A container's blob name prefix as a store. Keys are relative to the prefix; mediagc's own area is
 * {@code PREFIX/.mediagc/}. Listing runs in parallel: folders of the first two levels are found with
 * delimited listings, then each folder below is listed flat, a folder holding another store's state
 * ({@code .mediagc}) kept out as S3 and Cloud Storage do it ({@link NestedStoreFilter}). Deletes go
 * through the Blob Batch API (256 a call) with every sub-response checked; a move is a server-side
 * copy that never replaces a blob ({@code If-None-Match: *}), verified by size and Content-MD5, then
 * a delete of the original only if it is still the blob that was copied ({@code If-Match}). A blob's version is its ETag; compare-and-set is a conditional Put
 * Blob ({@code If-Match}, {@code If-None-Match: *}).
 *
 * <p>Times are kept to the second, as the service gives them.
 */
public final class AzureStore implements ObjectStore, OrderedListing {

    private static final Logger log = LoggerFactory.getLogger(AzureStore.class);
    static final String STATE = StoreKeys.STATE_FOLDER + "/";
    /** The Blob Batch API takes at most 256 sub-requests a call. */
    private static final int MAX_BATCH = 256;
    private static final int PAGE = 5000;
    /** Discover partitions this many folder levels deep, then list each partition flat. */
    private static final int PARTITION_DEPTH = 2;
    /** Azure Data Lake (hierarchical namespace) folders show up as empty blobs with this metadata. */
    private static final String FOLDER_METADATA = "hdi_isfolder";

    private final BlobServiceClient service;
    private final BlobContainerClient container;
    private final AzureLocation location;
    private final AzureSettings settings;
    private final AtomicBoolean batchRefused = new AtomicBoolean();
    private final AtomicBoolean startFromIgnored = new AtomicBoolean();
    private volatile boolean hierarchicalNamespace;
    private final List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    AzureStore(BlobServiceClient service, AzureLocation location, AzureSettings settings) {
        this.service = service;
        this.container = service.getBlobContainerClient(location.container());
        this.location = location;
        this.settings = settings;
    }

    /** Opens the store and checks that the container exists and can be read. */
    public static AzureStore open(AzureLocation location, AzureSettings settings) {
        AzureStore store = new AzureStore(AzureClients.build(location, settings), location, settings);
        store.checkReachable();
        return store;
    }

    /** A store over a client the caller built. */
    public static AzureStore using(BlobServiceClient service, AzureLocation location, AzureSettings settings) {
        return new AzureStore(service, location, settings);
    }

    void checkReachable() {
        try {
            container.getProperties();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(AzureErrors.describe(e, location, settings));
        }
        try {
            hierarchicalNamespace = Boolean.TRUE.equals(service.getAccountInfo().isHierarchicalNamespaceEnabled());
        } catch (RuntimeException e) {
            log.debug("cannot read the account information: {}", AzureErrors.firstLine(e.getMessage()));
        }
        warnAboutRetention();
    }

    /**
     * Soft delete and versioning keep what mediagc deletes, and bill for it, until they expire:
     * worth one warning, like S3 bucket versioning. Either may be unreadable with the credentials
     * given (service properties need account-wide rights); then it is only logged.
     */
    private void warnAboutRetention() {
        try {
            BlobRetentionPolicy softDelete = service.getProperties().getDeleteRetentionPolicy();
            if (softDelete != null && Boolean.TRUE.equals(softDelete.isEnabled())) {
                retention("storage account of " + location + " has blob soft delete on: a blob mediagc deletes, or moves "
                        + "to quarantine (a copy, then a delete of the original), is kept as soft-deleted and billed for "
                        + softDelete.getDays() + " more day(s); the space is freed only then");
            } else {
                log.info("storage account of {}: blob soft delete off", location);
            }
        } catch (RuntimeException e) {
            log.info("cannot read the soft delete setting of the account of {}: {}", location,
                    AzureErrors.describe(e, location, settings));
        }
        try {
            ListBlobsOptions oneVersion = new ListBlobsOptions().setPrefix(location.prefix()).setMaxResultsPerPage(1)
                    .setDetails(new BlobListDetails().setRetrieveVersions(true));
            for (PagedResponse<BlobItem> page : container.listBlobs(oneVersion, null).iterableByPage()) {
                if (page.getValue().stream().anyMatch(item -> item.getVersionId() != null)) {
                    retention("storage account of " + location + " has blob versioning on: a blob mediagc deletes, or "
                            + "moves to quarantine, stays as a previous version, billed until a lifecycle rule deletes "
                            + "previous versions");
                }
                break;
            }
        } catch (RuntimeException e) {
            log.info("cannot tell whether the account of {} keeps blob versions: {}", location,
                    AzureErrors.describe(e, location, settings));
        }
    }

    private void retention(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
            log.warn(warning);
        }
    }

    /** The soft delete and versioning warnings read when the store was opened (see {@link #checkReachable()}). */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public String location() {
        return location.toString();
    }

    /** The blob name of {@code key}; refused unless it stays under the prefix. */
    String fullKey(String key) throws UnsafeKeyException {
        StoreKeys.requireSafe(key);
        return location.prefix() + key;
    }

    private IOException failure(String what, RuntimeException e) {
        return new IOException(what + ": " + AzureErrors.describe(e, location, settings), e);
    }

    private static int status(RuntimeException e) {
        return e instanceof BlobStorageException storage ? storage.getStatusCode() : -1;
    }

    private static String errorCode(RuntimeException e) {
        return e instanceof BlobStorageException storage && storage.getErrorCode() != null
                ? storage.getErrorCode().toString() : "";
    }

    // ---------------------------------------------------------------- listing

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        try (ListingTasks tasks = new ListingTasks(settings.listConcurrency(), "mediagc-azure-list")) {
            new ParallelListing(tasks, visitor).run();
        }
    }

    /** What a listing asks for: metadata too on Data Lake accounts, whose folders are blobs marked in it. */
    private ListBlobsOptions listOptions(String prefix) {
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix).setMaxResultsPerPage(PAGE);
        if (hierarchicalNamespace) {
            options.setDetails(new BlobListDetails().setRetrieveMetadata(true));
        }
        return options;
    }

    /**
     * Finds partitions by listing with the {@code /} delimiter down to {@link #PARTITION_DEPTH}
     * levels (objects met on the way are reported), then lists every partition flat, all with a
     * bounded number of requests in flight. A partition is a folder prefix, so partitions never
     * overlap and together hold every key. Objects reach the visitor page by page, one call at a
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
            for (PagedResponse<BlobItem> page : container.listBlobsByHierarchy("/", listOptions(prefix), null).iterableByPage()) {
                // The SDK hands a page's folders and blobs as two lists; one page is a stretch of
                // key order, so sorting it restores the order the service listed in.
                List<Map.Entry<String, Runnable>> entries = new ArrayList<>();
                for (BlobItem item : page.getValue()) {
                    if (Boolean.TRUE.equals(item.isPrefix())) {
                        if (!item.getName().equals(location.prefix() + STATE)) {
                            entries.add(Map.entry(item.getName(), () -> submit(item.getName(), depth + 1)));
                        }
                    } else {
                        entries.add(Map.entry(item.getName(), () -> report(List.of(item))));
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
            NestedStoreFilter<BlobItem> filter = filterFor(prefix);
            for (PagedResponse<BlobItem> page : container.listBlobs(listOptions(prefix), null).iterableByPage()) {
                List<BlobItem> released = new ArrayList<>();
                for (BlobItem item : page.getValue()) {
                    released.addAll(filter.offer(item.getName(), item));
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

        private void report(List<BlobItem> items) {
            if (items.isEmpty()) {
                return;
            }
            synchronized (visitor) {
                for (BlobItem item : items) {
                    String key = item.getName().substring(location.prefix().length());
                    if (key.isEmpty() || isFolderMarker(item) || key.startsWith(STATE) || key.equals(StoreKeys.STATE_FOLDER)) {
                        continue; // folder markers of tools and Data Lake directories, and mediagc's own area
                    }
                    visitor.object(new StoredObject(key, item.getProperties().getContentLength(),
                            seconds(item.getProperties().getLastModified()), etag(item.getProperties().getETag())));
                }
            }
        }
    }

    /**
     * A flat listing from {@code startFrom} (List Blobs, service version 2026-02-06 and later), which
     * names the first blob to list, inclusive. mediagc's own area is skipped by starting again past
     * it ({@code .mediagc0}: {@code 0} follows {@code /}), so a big quarantine is never read through.
     * A service that ignores {@code startFrom} (an older version; Azurite 3.35) answers from the
     * prefix's first blob: that shows as a name before the start, and the listing then reads on from
     * there, leaving out what comes before the start: right, only as slow as a listing from the start.
     * Another store nested below the root is not told apart here (see {@link OrderedListing}).
     */
    @Override
    public List<String> keysAfter(String startAfter, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String from = startAfter == null ? null : location.prefix() + startAfter;
        boolean seeking = true;
        try {
            while (keys.size() < limit) {
                ListBlobsOptions options = listOptions(location.prefix())
                        .setMaxResultsPerPage((int) Math.min(PAGE, (long) limit - keys.size() + 1));
                if (from != null) {
                    options.setStartFrom(from);
                }
                String restartFrom = null;
                pages:
                for (PagedResponse<BlobItem> page : container.listBlobs(options, null).iterableByPage()) {
                    for (BlobItem item : page.getValue()) {
                        if (from != null && KeyOrder.compare(item.getName(), from) < 0) {
                            if (seeking) {
                                seeking = false;
                                startFromIgnored();
                            }
                            continue; // before the start: the service ignored startFrom
                        }
                        String key = item.getName().substring(location.prefix().length());
                        if (key.equals(startAfter)) {
                            continue;
                        }
                        if (key.startsWith(STATE) || key.equals(StoreKeys.STATE_FOLDER)) {
                            if (seeking && key.startsWith(STATE)) {
                                restartFrom = location.prefix() + StoreKeys.STATE_FOLDER + "0";
                                break pages;
                            }
                            continue;
                        }
                        if (!key.isEmpty() && !isFolderMarker(item)) {
                            keys.add(key);
                            if (keys.size() == limit) {
                                return keys;
                            }
                        }
                    }
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

    private void startFromIgnored() {
        if (startFromIgnored.compareAndSet(false, true)) {
            log.info("{} ignores the startFrom of List Blobs (service version 2026-02-06 and later): a stretch of keys is "
                    + "read from the first key on", settings.where(location));
        }
    }

    /** One delimited listing page of {@code folder}: its blobs and subfolders, merged in key order. */
    @Override
    public List<String> entries(String folder, int limit) throws IOException {
        String base = location.prefix() + folder;
        List<String> names = new ArrayList<>();
        try {
            ListBlobsOptions options = listOptions(base).setMaxResultsPerPage(Math.min(PAGE, Math.max(1, limit)));
            for (PagedResponse<BlobItem> page : container.listBlobsByHierarchy("/", options, null).iterableByPage()) {
                for (BlobItem item : page.getValue()) {
                    String name = item.getName().substring(base.length());
                    boolean state = folder.isEmpty() && (name.equals(STATE) || name.equals(StoreKeys.STATE_FOLDER));
                    if (!name.isEmpty() && !state && (Boolean.TRUE.equals(item.isPrefix()) || !isFolderMarker(item))) {
                        names.add(name);
                    }
                }
                break; // one page: the entries are only for choosing where to start
            }
        } catch (RuntimeException e) {
            throw failure("listing " + location + " failed", e);
        }
        names.sort(KeyOrder.COMPARATOR);
        return names.size() > limit ? names.subList(0, limit) : names;
    }

    private static boolean isFolderMarker(BlobItem item) {
        return item.getName().endsWith("/")
                || (item.getMetadata() != null && "true".equalsIgnoreCase(item.getMetadata().get(FOLDER_METADATA)));
    }

    static Instant seconds(OffsetDateTime time) {
        return time == null ? null : time.toInstant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** ETags come quoted in headers and bare in listings; versions are always the bare value. */
    static String etag(String etag) {
        if (etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")) {
            return etag.substring(1, etag.length() - 1);
        }
        return etag;
    }

    private static String quoted(String version) {
        return "\"" + etag(version) + "\"";
    }

    /** One delimited listing of {@code folderKey}, page by page. */
    @Override
    public List<String> children(String folderKey) throws IOException {
        StoreKeys.requireSafeFolder(folderKey);
        String base = location.prefix() + folderKey;
        List<String> names = new ArrayList<>();
        try {
            ListBlobsOptions options = new ListBlobsOptions().setPrefix(base).setMaxResultsPerPage(PAGE);
            for (BlobItem item : container.listBlobsByHierarchy("/", options, null)) {
                String name = item.getName().substring(base.length());
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        } catch (RuntimeException e) {
            throw failure("listing " + folderKey + " failed", e);
        }
        names.sort(KeyOrder.COMPARATOR);
        return names;
    }

    // ---------------------------------------------------------------- single objects

    private BlobClient blob(String fullKey) {
        return container.getBlobClient(fullKey);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return properties(fullKey(key)).map(p -> new StoredObject(key, p.getBlobSize(), seconds(p.getLastModified()), etag(p.getETag())));
    }

    private Optional<BlobProperties> properties(String fullKey) throws IOException {
        try {
            BlobProperties properties = blob(fullKey).getPropertiesWithResponse(null, null, Context.NONE).getValue();
            if (properties.getMetadata() != null && "true".equalsIgnoreCase(properties.getMetadata().get(FOLDER_METADATA))) {
                return Optional.empty(); // a Data Lake directory, not a regular object
            }
            return Optional.of(properties);
        } catch (RuntimeException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            throw failure("cannot look at " + fullKey, e);
        }
    }

    @Override
    public Optional<StoredContent> read(String key) throws IOException {
        String full = fullKey(key);
        try {
            BlobDownloadContentResponse response = blob(full).downloadContentWithResponse(null, null, null, Context.NONE);
            return Optional.of(new StoredContent(response.getValue().toBytes(), etag(response.getDeserializedHeaders().getETag())));
        } catch (RuntimeException e) {
            if (status(e) == 404) {
                return Optional.empty();
            }
            throw failure("cannot read " + key, e);
        }
    }

    /** A single Put Blob (content below 256 MiB) replaces a blob atomically and is durable once it returns. */
    @Override
    public void write(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            blob(full).uploadWithResponse(upload(content), null, Context.NONE);
        } catch (RuntimeException e) {
            throw failure("cannot write " + key, e);
        }
    }

    private static BlobParallelUploadOptions upload(byte[] content) {
        return new BlobParallelUploadOptions(BinaryData.fromBytes(content)).setComputeMd5(true);
    }

    /** A Put Blob with {@code If-None-Match: *}: the service refuses it (409 or 412) when a blob is there. */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        String full = fullKey(key);
        try {
            blob(full).uploadWithResponse(upload(content).setRequestConditions(new BlobRequestConditions().setIfNoneMatch("*")),
                    null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            if (status(e) == 409 || status(e) == 412) {
                return false;
            }
            throw failure("cannot create " + key, e);
        }
    }

    /** A Put Blob with {@code If-Match: ETAG}: refused (412) when the blob changed, 404 when it is gone. */
    @Override
    public boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException {
        String full = fullKey(key);
        if (expectedVersion == null) {
            return false;
        }
        try {
            blob(full).uploadWithResponse(upload(content).setRequestConditions(
                    new BlobRequestConditions().setIfMatch(quoted(expectedVersion))), null, Context.NONE);
            return true;
        } catch (RuntimeException e) {
            if (status(e) == 412 || status(e) == 409 || status(e) == 404) {
                return false;
            }
            throw failure("cannot replace " + key, e);
        }
    }

    /**
     * Server-side copy that never replaces a blob ({@code If-None-Match: *} on the target) and copies
     * only the blob looked at ({@code If-Match} on the source); the copy is checked (size, Content-MD5);
     * then the original is deleted only if it is still that blob. A failure leaves the object in one
     * place or both.
     */
    @Override
    public void move(String fromKey, String toKey) throws IOException {
        move(fromKey, toKey, null);
    }

    /**
     * As {@link #move}, only while the blob is still the version (ETag) {@code expectedVersion}: the
     * copy reads that ETag alone ({@code x-ms-source-if-match}) and the delete removes it alone
     * ({@code If-Match}), so a re-upload at any moment of the move stays where it is.
     */
    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        move(fromKey, toKey, java.util.Objects.requireNonNull(expectedVersion, "expectedVersion"));
    }

    private void move(String fromKey, String toKey, String expectedVersion) throws IOException {
        String source = fullKey(fromKey);
        String target = fullKey(toKey);
        BlobProperties original = properties(source)
                .orElseThrow(() -> new NoSuchFileException(fromKey, null, "no object there to move"));
        if (expectedVersion != null && !expectedVersion.equals(etag(original.getETag()))) {
            throw new VersionMismatchException(fromKey, expectedVersion, etag(original.getETag()));
        }
        if (properties(target).isPresent()) {
            throw new FileAlreadyExistsException(toKey, null, "an object is already there; a move never replaces one");
        }
        copy(fromKey, toKey, source, target, original, expectedVersion);
        BlobProperties copy = properties(target).orElseThrow(() -> new IOException("the copy of " + fromKey + " at " + toKey
                + " is missing; original kept"));
        String difference = difference(original, copy);
        if (difference != null) {
            throw new IOException("the copy of " + fromKey + " at " + toKey + " differs (" + difference + "); original kept");
        }
        try {
            blob(source).deleteWithResponse(null, new BlobRequestConditions().setIfMatch(quoted(original.getETag())), null,
                    Context.NONE);
        } catch (RuntimeException e) {
            if (status(e) == 404) {
                return; // gone already: the object is at the target alone
            }
            if (status(e) == 412 && expectedVersion != null) {
                // Rewritten after the copy: the new upload stays; the copy of the old version goes.
                try {
                    blob(target).delete();
                } catch (RuntimeException again) {
                    log.warn("could not remove the copy of the replaced '{}' at '{}': {}", fromKey, toKey, again.getMessage());
                }
                throw new VersionMismatchException(fromKey, expectedVersion, "a newer one");
            }
            // The verified copy is at the target; the original stays in place: nothing lost.
            String why = status(e) == 412 ? "it was rewritten while being moved" : AzureErrors.describe(e, location, settings);
            throw new IOException("copied '" + fromKey + "' to '" + toKey + "' but did not delete the original: " + why, e);
        }
    }

    private void copy(String fromKey, String toKey, String source, String target, BlobProperties original,
                      String expectedVersion) throws IOException {
        BlobBeginCopyOptions options = new BlobBeginCopyOptions(blob(source).getBlobUrl())
                .setSourceRequestConditions(new BlobBeginCopySourceRequestConditions().setIfMatch(quoted(original.getETag())))
                .setDestinationRequestConditions(new BlobRequestConditions().setIfNoneMatch("*"))
                .setPollInterval(Duration.ofMillis(500));
        try {
            // Within one account the service copies most blobs before it answers; big ones are polled.
            SyncPoller<BlobCopyInfo, Void> poller = blob(target).beginCopy(options);
            PollResponse<BlobCopyInfo> done = poller.waitForCompletion(Duration.ofHours(1));
            if (done.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
                throw new IOException("the copy of " + fromKey + " to " + toKey + " did not complete (" + done.getStatus()
                        + (done.getValue() == null || done.getValue().getError() == null ? "" : ": " + done.getValue().getError())
                        + "); original kept");
            }
        } catch (RuntimeException e) {
            String code = errorCode(e);
            if (code.startsWith("Source") || code.equals("CannotVerifyCopySource")) {
                if (expectedVersion != null) {
                    throw new VersionMismatchException(fromKey, expectedVersion, "a newer one");
                }
                throw new IOException("cannot move " + fromKey + ": it changed or vanished while being copied ("
                        + code + "); nothing moved", e);
            }
            if (status(e) == 409 || status(e) == 412) {
                throw new FileAlreadyExistsException(toKey, null, "an object appeared there during the move; a move never replaces one");
            }
            if (status(e) == 404) {
                throw new NoSuchFileException(fromKey, null, "vanished while being moved");
            }
            throw failure("copy of " + fromKey + " to " + toKey + " failed", e);
        }
    }

    /** Why {@code copy} is not a faithful copy of {@code original}, or null when it is. */
    private static String difference(BlobProperties original, BlobProperties copy) {
        if (copy.getBlobSize() != original.getBlobSize()) {
            return "size " + copy.getBlobSize() + " vs " + original.getBlobSize();
        }
        byte[] want = original.getContentMd5();
        byte[] got = copy.getContentMd5();
        if (want != null && !Arrays.equals(want, got)) {
            return "Content-MD5 differs";
        }
        return null;
    }

    @Override
    public void delete(String key) throws IOException {
        String full = fullKey(key);
        try {
            blob(full).deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (status(e) != 404) {
                throw failure("cannot delete " + key, e);
            }
        }
    }

    /**
     * Blob Batch calls of up to 256 deletes, each sub-response checked (a blob not there counts as
     * deleted). A service that refuses batches (some emulators, some SAS tokens) gets single deletes.
     */
    @Override
    public Map<String, String> deleteAll(List<String> keys) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> safe = new ArrayList<>();
        for (String key : keys) {
            try {
                fullKey(key);
                safe.add(key);
            } catch (UnsafeKeyException e) {
                errors.put(key, e.getMessage());
            }
        }
        for (int from = 0; from < safe.size(); from += MAX_BATCH) {
            List<String> batch = safe.subList(from, Math.min(safe.size(), from + MAX_BATCH));
            if (batchRefused.get() || !deleteInOneBatch(batch, errors)) {
                errors.putAll(ObjectStore.super.deleteAll(batch));
            }
        }
        return errors;
    }

    /**
     * False, having deleted nothing, when the service refuses the batch: the call itself, or every
     * delete in it for a reason other than a missing blob (a service that misreads sub-requests
     * answers each with the same error; one blob not there is {@code BlobNotFound}, never that).
     */
    private boolean deleteInOneBatch(List<String> keys, Map<String, String> errors) throws IOException {
        BlobBatchClient batchClient = new BlobBatchClientBuilder(service).buildClient();
        BlobBatch batch = batchClient.getBlobBatch();
        Map<String, Response<Void>> responses = new LinkedHashMap<>();
        for (String key : keys) {
            // By URL: it carries the account's path on services addressed by path (Azurite, custom endpoints).
            responses.put(key, batch.deleteBlob(blob(location.prefix() + key).getBlobUrl(), DeleteSnapshotsOptionType.INCLUDE, null));
        }
        try {
            batchClient.submitBatchWithResponse(batch, false, null, Context.NONE);
        } catch (RuntimeException e) {
            int status = status(e);
            if (status == 400 || status == 404 || status == 405 || status == 501 || status == 403) {
                refuseBatches(AzureErrors.describe(e, location, settings));
                return false;
            }
            throw failure("batch delete failed", e);
        }
        Map<String, String> failed = new LinkedHashMap<>();
        boolean anyDeleted = false;
        for (Map.Entry<String, Response<Void>> entry : responses.entrySet()) {
            try {
                entry.getValue().getStatusCode();
                anyDeleted = true;
            } catch (RuntimeException e) {
                if (errorCode(e).equals("BlobNotFound")) {
                    anyDeleted = true; // not there: nothing to delete, and the batch was understood
                } else {
                    failed.put(entry.getKey(), AzureErrors.describe(e, location, settings));
                }
            }
        }
        if (!anyDeleted && failed.size() > 1 && failed.values().stream().distinct().count() == 1) {
            refuseBatches(failed.values().iterator().next() + " for every blob of the batch");
            return false;
        }
        errors.putAll(failed);
        return true;
    }

    private void refuseBatches(String why) {
        if (batchRefused.compareAndSet(false, true)) {
            log.info("{} refused a Blob Batch call ({}); deleting one blob at a time", settings.where(location), why);
        }
    }

    /** Each look or copy waits on the network; many in flight hide that. */
    @Override
    public int parallelism() {
        return settings.listConcurrency();
    }

    /** The SDK's clients hold no resources that need closing; their shared HTTP pool outlives them. */
    @Override
    public void close() {
    }
}
