package dev.mediagc.s3.inventory;

import dev.mediagc.s3.S3Location;
import dev.mediagc.spi.ListingTasks;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;

/**
 * An S3 store whose listing is read from an S3 Inventory instead of listed live; every other
 * operation (stat, move, delete, mediagc's own state) goes to the store itself. So a sweep lists a
 * billion objects without a LIST call, and still re-verifies each candidate against the live store
 * before acting: an object changed or gone since the inventory is kept, one written since is not in
 * the inventory and so is never touched, and the grace period counts from the inventory's date
 * ({@link #listedAsOf()}).
 *
 * <p>The listing follows the rules of the store's own: only current versions that are not delete
 * markers, only keys under the store's prefix, relative to it, with the same size, time (to the
 * second) and version (the quoted ETag) a HEAD of the object reports; nothing of mediagc's own area
 * ({@code .mediagc/}) nor of another store nested below the root (a folder holding a
 * {@code .mediagc} entry: found in a first pass over the inventory, since its files are not sorted,
 * and reported in a second). Every data file is fetched and checked (size, MD5) in the first pass,
 * so an inventory with a missing or damaged file fails before any object is reported. Several files
 * are fetched and read at once (the store's parallelism, at most the processors); the visitor is
 * called one call at a time.
 */
public final class InventoryListedStore implements ObjectStore {

    private final ObjectStore store;
    private final Inventory inventory;
    /** The rules the Spark job follows too. */
    private final InventoryObjects rows;

    private InventoryListedStore(ObjectStore store, Inventory inventory, InventoryObjects rows) {
        this.store = store;
        this.inventory = inventory;
        this.rows = rows;
    }

    /**
     * {@code store} (an {@code s3://} store) listed from {@code inventory}. Refused, with a message
     * saying what to do, when the inventory is of another bucket or older than {@code maxAge}
     * (null: any age).
     */
    public static InventoryListedStore over(ObjectStore store, Inventory inventory, Duration maxAge, Clock clock) {
        String location = store.location();
        if (!location.startsWith("s3://")) {
            throw new IllegalArgumentException("--inventory reads an S3 Inventory of an S3 bucket; the store " + location
                    + " is not an s3:// store");
        }
        S3Location s3 = S3Location.parse(location);
        InventoryObjects rows = new InventoryObjects(s3.bucket(), s3.prefix());
        rows.accept(inventory.manifest(), inventory.location(), maxAge, clock.instant());
        return new InventoryListedStore(store, inventory, rows);
    }

    /** The inventory this store's listing is read from. */
    public Inventory inventory() {
        return inventory;
    }

    @Override
    public String location() {
        return store.location();
    }

    /** The inventory's date: when S3 began scanning the bucket for it. */
    @Override
    public Optional<Instant> listedAsOf() {
        return Optional.of(inventory.manifest().creationTime());
    }

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        List<InventoryManifest.DataFile> files = inventory.manifest().files();
        Path[] local = new Path[files.size()];
        Set<String> stores = new HashSet<>();
        Path temp = Files.createTempDirectory("mediagc-inventory-");
        // Files are fetched (network) and read (CPU) several at once; the visitor is called one call at a time.
        int threads = Math.min(Math.max(1, store.parallelism()), Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            // First pass: every file fetched and checked, every nested store's folder found; nothing reported yet.
            try (ListingTasks tasks = new ListingTasks(threads, "mediagc-inventory")) {
                for (int i = 0; i < files.size(); i++) {
                    int index = i;
                    tasks.submit(() -> {
                        InventoryManifest.DataFile file = files.get(index);
                        local[index] = inventory.fetch(file, temp);
                        Set<String> found = new HashSet<>();
                        inventory.rows(local[index], file, row -> {
                            String nested = rows.nestedStoreMarkedBy(row, "inventory data file " + file.key());
                            if (nested != null) {
                                found.add(nested);
                            }
                        });
                        synchronized (stores) {
                            stores.addAll(found);
                        }
                    });
                }
                tasks.awaitAll(inventory.location(), InventoryListedStore::failure);
            }
            Set<String> outermost = InventoryObjects.outermost(stores);
            for (String folder : outermost) {
                visitor.otherStore(folder.substring(0, folder.length() - 1));
            }
            // Second pass: the objects outside mediagc's area and outside every nested store.
            try (ListingTasks tasks = new ListingTasks(threads, "mediagc-inventory")) {
                for (int i = 0; i < files.size(); i++) {
                    int index = i;
                    tasks.submit(() -> {
                        InventoryManifest.DataFile file = files.get(index);
                        List<StoredObject> batch = new ArrayList<>(BATCH);
                        inventory.rows(local[index], file, row -> {
                            String key = rows.relativeKey(row, "inventory data file " + file.key());
                            if (key != null && InventoryObjects.listed(key, outermost)) {
                                batch.add(InventoryObjects.object(key, row));
                                if (batch.size() == BATCH) {
                                    report(batch, visitor);
                                }
                            }
                        });
                        report(batch, visitor);
                    });
                }
                tasks.awaitAll(inventory.location(), InventoryListedStore::failure);
            }
        } finally {
            deleteTree(temp);
        }
    }

    private static final int BATCH = 1000;

    private static void report(List<StoredObject> batch, ListingVisitor visitor) {
        synchronized (visitor) {
            batch.forEach(visitor::object);
        }
        batch.clear();
    }

    private static IOException failure(Throwable cause) {
        return cause instanceof IOException io ? io
                : new IOException("reading the inventory failed: " + cause, cause);
    }

    /** Best effort: after a failure a download stopped mid-way may still be closing its file. */
    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LoggerFactory.getLogger(InventoryListedStore.class).warn("could not remove the inventory's temporary files in {}: {}",
                    folder, e.getMessage());
        }
    }

    // ---------------------------------------------------------------- everything else: the store itself

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return store.stat(key);
    }

    @Override
    public Optional<StoredContent> read(String key) throws IOException {
        return store.read(key);
    }

    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        return store.createIfAbsent(key, content);
    }

    @Override
    public boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException {
        return store.replaceIfVersion(key, content, expectedVersion);
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        store.write(key, content);
    }

    @Override
    public void move(String fromKey, String toKey) throws IOException {
        store.move(fromKey, toKey);
    }

    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        store.moveIfVersion(fromKey, toKey, expectedVersion);
    }

    @Override
    public void delete(String key) throws IOException {
        store.delete(key);
    }

    @Override
    public Map<String, String> deleteAll(List<String> keys) throws IOException {
        return store.deleteAll(keys);
    }

    @Override
    public List<String> children(String folderKey) throws IOException {
        return store.children(folderKey);
    }

    @Override
    public boolean holdsOtherStore(String folderKey) throws IOException {
        return store.holdsOtherStore(folderKey);
    }

    @Override
    public int removeEmptyFolders(List<String> folderKeys) throws IOException {
        return store.removeEmptyFolders(folderKeys);
    }

    @Override
    public int parallelism() {
        return store.parallelism();
    }

    @Override
    public List<String> warnings() {
        return store.warnings();
    }

    @Override
    public void checkActionsPossible() throws IOException {
        store.checkActionsPossible();
    }

    /** The store's own: the inventory lists keys as the store spells them. */
    @Override
    public dev.mediagc.spi.LetterCase letterCase() throws IOException {
        return store.letterCase();
    }

    /** Closes the inventory's client and the store. */
    @Override
    public void close() throws IOException {
        try {
            inventory.close();
        } finally {
            store.close();
        }
    }
}
