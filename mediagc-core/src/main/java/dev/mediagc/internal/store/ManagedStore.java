package dev.mediagc.internal.store;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.OrderedListing;
import dev.mediagc.spi.StoreKeys;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store as the engine uses it, built once over the primitive operations of any
 * {@link ObjectStore}: every media key checked before the store sees it, mediagc's own area hidden
 * from listings, quarantine as moves into {@link QuarantineLayout}, restore as moves back, purge,
 * and the {@link StateFolder}. Store authors never write any of this.
 */
public final class ManagedStore implements Closeable {

    private static final int PURGE_BATCH = 1000;

    private final ObjectStore store;
    private final StateFolder state;

    private ManagedStore(ObjectStore store) {
        this.store = store;
        this.state = new StateFolder(store);
    }

    public static ManagedStore of(ObjectStore store) {
        return new ManagedStore(java.util.Objects.requireNonNull(store, "store"));
    }

    /** The store underneath, for what only it can tell (its type, an optional capability). */
    public ObjectStore store() {
        return store;
    }

    /** The store's {@link OrderedListing}, if it has that ability. */
    public Optional<OrderedListing> orderedListing() {
        return store instanceof OrderedListing ordered ? Optional.of(ordered) : Optional.empty();
    }

    public String location() {
        return store.location();
    }

    /**
     * A media key's segments, refused if it would leave the root or reach into mediagc state (its
     * own, or another store's nested below the root).
     */
    public static List<String> requireMediaKey(String key) throws UnsafeKeyException {
        List<String> segments = StoreKeys.requireSafe(key);
        if (segments.contains(StoreKeys.STATE_FOLDER)) {
            throw new UnsafeKeyException(key, "inside a " + StoreKeys.STATE_FOLDER + " folder (mediagc state)");
        }
        return segments;
    }

    /** Streams every object under the root, never anything of mediagc's own area. */
    public void list(ListingVisitor visitor) throws IOException {
        store.list(new WithoutState(visitor));
    }

    /** Whether folder {@code folderKey} (ending with {@code /}) holds another store's state. */
    public boolean holdsOtherStore(String folderKey) throws IOException {
        StoreKeys.requireSafeFolder(folderKey);
        return store.holdsOtherStore(folderKey);
    }

    public Optional<StoredObject> stat(String key) throws IOException {
        requireMediaKey(key);
        return store.stat(key);
    }

    public void delete(String key) throws IOException {
        requireMediaKey(key);
        store.delete(key);
    }

    /** Deletes several objects; an unsafe key is refused in the returned errors, the rest go to the store. */
    public Map<String, String> deleteAll(List<String> keys) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> safe = new ArrayList<>(keys.size());
        for (String key : keys) {
            try {
                requireMediaKey(key);
                safe.add(key);
            } catch (UnsafeKeyException e) {
                errors.put(key, e.getMessage());
            }
        }
        if (!safe.isEmpty()) {
            errors.putAll(store.deleteAll(safe));
        }
        return errors;
    }

    /**
     * Moves the object under {@code key} into quarantine run {@code runId}, keeping its key. After
     * this returns, the object is in quarantine and no longer at {@code key}.
     */
    public void quarantine(String key, String runId) throws IOException {
        requireMediaKey(key);
        store.move(key, QuarantineLayout.keyOf(runId, key));
    }

    /**
     * Moves {@code object} into quarantine run {@code runId} only if it is still the version that
     * was checked ({@link StoredObject#version()}); fails with
     * {@link dev.mediagc.spi.VersionMismatchException}, moving nothing, when an application wrote
     * a new file under its key since. An object listed without a version is moved as it is.
     */
    public void quarantine(StoredObject object, String runId) throws IOException {
        requireMediaKey(object.key());
        if (object.version() == null) {
            store.move(object.key(), QuarantineLayout.keyOf(runId, object.key()));
        } else {
            store.moveIfVersion(object.key(), QuarantineLayout.keyOf(runId, object.key()), object.version());
        }
    }

    /** What the store had to do less safely than it should (see {@link ObjectStore#warnings()}). */
    public List<String> warnings() {
        return store.warnings();
    }

    /** Puts a quarantined object back under {@code key}, byte for byte; never overwrites one that appeared there. */
    public void restore(String key, String runId) throws IOException {
        requireMediaKey(key);
        store.move(QuarantineLayout.keyOf(runId, key), key);
    }

    /** Whether the quarantine of {@code runId} holds {@code key}. */
    public boolean isQuarantined(String key, String runId) throws IOException {
        requireMediaKey(key);
        return store.stat(QuarantineLayout.keyOf(runId, key)).isPresent();
    }

    /** Names of the quarantine runs' folders present in the store (not all need be run ids), sorted. */
    public List<String> quarantineRuns() throws IOException {
        List<String> runs = new ArrayList<>();
        for (String child : store.children(QuarantineLayout.ROOT)) {
            if (child.endsWith("/")) {
                runs.add(child.substring(0, child.length() - 1));
            }
        }
        runs.sort(null);
        return runs;
    }

    /** The keys (their own, not quarantine keys) of what run {@code runId}'s quarantine folder holds. */
    public List<String> quarantinedKeys(String runId) throws IOException {
        String base = QuarantineLayout.runFolder(runId);
        List<String> keys = new ArrayList<>();
        walk(base, objectKey -> keys.add(objectKey.substring(base.length())), folder -> { });
        keys.sort(null);
        return keys;
    }

    /**
     * Deletes a quarantine run's objects for good, then its folders. Fails, after deleting what it
     * could, when an object could not be deleted.
     */
    public void purgeQuarantine(String runId) throws IOException {
        String base = QuarantineLayout.runFolder(runId);
        List<String> objects = new ArrayList<>();
        List<String> folders = new ArrayList<>();
        walk(base, objects::add, folders::add);
        Map<String, String> errors = new LinkedHashMap<>();
        for (int from = 0; from < objects.size(); from += PURGE_BATCH) {
            errors.putAll(store.deleteAll(objects.subList(from, Math.min(objects.size(), from + PURGE_BATCH))));
        }
        List<String> deepestFirst = new ArrayList<>(folders);
        java.util.Collections.reverse(deepestFirst);
        store.removeEmptyFolders(deepestFirst);
        if (!errors.isEmpty()) {
            Map.Entry<String, String> first = errors.entrySet().iterator().next();
            throw new IOException(errors.size() + " quarantined objects of run " + runId + " could not be purged, e.g. "
                    + first.getKey() + ": " + first.getValue());
        }
    }

    /** Every object and folder below {@code folderKey} (itself included), parents before their children. */
    private void walk(String folderKey, KeyConsumer objects, KeyConsumer folders) throws IOException {
        Deque<String> pending = new ArrayDeque<>();
        pending.push(folderKey);
        while (!pending.isEmpty()) {
            String folder = pending.pop();
            folders.accept(folder);
            List<String> children = store.children(folder);
            for (int i = children.size() - 1; i >= 0; i--) {
                String child = children.get(i);
                if (child.endsWith("/")) {
                    pending.push(folder + child);
                } else {
                    objects.accept(folder + child);
                }
            }
        }
    }

    private interface KeyConsumer {
        void accept(String key) throws IOException;
    }

    /**
     * Removes each of {@code folderKeys} if it is empty, then each parent it leaves empty, never the
     * root. A key that is not a safe media folder is skipped. Returns how many folders were removed.
     */
    public int removeEmptyFolders(List<String> folderKeys) throws IOException {
        List<String> safe = new ArrayList<>(folderKeys.size());
        for (String key : folderKeys) {
            try {
                requireMediaKey(key);
                safe.add(key);
            } catch (UnsafeKeyException e) {
                // not a folder of ours to remove
            }
        }
        return safe.isEmpty() ? 0 : store.removeEmptyFolders(safe);
    }

    public int parallelism() {
        return Math.max(1, store.parallelism());
    }

    public void checkActionsPossible() throws IOException {
        store.checkActionsPossible();
    }

    /** mediagc's small objects: journals, last-run figures, lock. */
    public StateFolder state() {
        return state;
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /** Passes a listing on without anything of mediagc's own area, whether or not the store skipped it. */
    private static final class WithoutState implements ListingVisitor {
        private final ListingVisitor visitor;

        WithoutState(ListingVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public boolean acceptWithoutAttributes(String key) {
            return StoreKeys.isState(key) || visitor.acceptWithoutAttributes(key);
        }

        @Override
        public void object(StoredObject object) {
            if (!StoreKeys.isState(object.key())) {
                visitor.object(object);
            }
        }

        @Override
        public void symlink(String key) {
            if (!StoreKeys.isState(key)) {
                visitor.symlink(key);
            }
        }

        @Override
        public void emptyFolder(String key, Instant lastModified) {
            if (!StoreKeys.isState(key)) {
                visitor.emptyFolder(key, lastModified);
            }
        }

        @Override
        public void unreadable(String key, String reason) {
            if (!StoreKeys.isState(key)) {
                visitor.unreadable(key, reason);
            }
        }

        @Override
        public void otherStore(String folderKey) {
            if (!StoreKeys.isState(folderKey)) {
                visitor.otherStore(folderKey);
            }
        }
    }
}
