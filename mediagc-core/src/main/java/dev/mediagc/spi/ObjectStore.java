package dev.mediagc.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the media lives: a local folder, a bucket prefix. A store offers a few primitive operations
 * on objects named by keys; mediagc builds everything else on them (hiding its own area from
 * listings, quarantine and restore, purge, the journal, the sweep lease), so a store author writes
 * only these. The contract test kit ({@code mediagc-store-contract}, class
 * {@code dev.mediagc.spi.contract.ObjectStoreContract}) checks each promise below.
 *
 * <p><b>Keys</b> are {@code /}-separated paths relative to the store's root or prefix, never empty,
 * never starting with {@code /}, with no empty, {@code .} or {@code ..} segment and no NUL
 * character ({@link StoreKeys#requireSafe}). mediagc checks every key before it calls the store;
 * a store must still refuse, with {@link UnsafeKeyException}, any key that would leave its root.
 *
 * <p><b>mediagc's area</b> is everything under {@code .mediagc/}: journals, quarantine, lock,
 * last-run figures. mediagc reads and writes it through these same operations, so a store must
 * handle keys there like any other (a store may keep them somewhere else, as a local store with a
 * quarantine folder elsewhere does). {@link #list} may skip that area; mediagc filters it out anyway.
 */
public interface ObjectStore extends Closeable {

    /** Where this store is, for messages: a path or {@code s3://bucket/prefix}. */
    String location();

    /**
     * Reports every regular object under the root, each exactly once, with the key {@link #stat}
     * and every other operation accept. Calls to the visitor come one at a time (never from two
     * threads at once), though not necessarily from one thread. Symbolic links are reported as
     * such and never followed. Throws if the listing could not be completed: an incomplete listing
     * must never look complete.
     */
    void list(ListingVisitor visitor) throws IOException;

    /**
     * The regular object under {@code key} now, or empty when there is none. The object's
     * {@link StoredObject#version() version} changes whenever its content is replaced and is the
     * same one {@link #list} and {@link #read} report; its time is when it was last written (or
     * arrived), never in the future, at least to the second.
     */
    Optional<StoredObject> stat(String key) throws IOException;

    /** The whole content of the object under {@code key} and its version, or empty when there is none. */
    Optional<StoredContent> read(String key) throws IOException;

    /**
     * Creates the object under {@code key} with {@code content} only if no object is there; returns
     * false, changing nothing, when one is. Atomic: of two callers racing for the same key, exactly
     * one gets true, and no reader ever sees a partly written object. Missing folders are made.
     */
    boolean createIfAbsent(String key, byte[] content) throws IOException;

    /**
     * Replaces the object under {@code key} with {@code content} only if its version is still
     * {@code expectedVersion} (as {@link #read} or {@link #stat} reported it); returns false,
     * changing nothing, when the object changed meanwhile or is gone. Compare and set: of two
     * callers replacing the same version, at most one gets true.
     */
    boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException;

    /**
     * Creates or replaces the object under {@code key}, atomically (readers see the old content or
     * the new, never a mix) and durably (on stable storage when this returns). Missing folders are made.
     */
    void write(String key, byte[] content) throws IOException;

    /**
     * Moves the object under {@code fromKey} to {@code toKey}. Never replaces an object at
     * {@code toKey}: fails with {@link java.nio.file.FileAlreadyExistsException} when one is there.
     * Fails with {@link java.nio.file.NoSuchFileException} when nothing is at {@code fromKey}. When
     * it returns, the object is at {@code toKey} byte for byte and gone from {@code fromKey}; when
     * it fails, the object is at one of the two (both is allowed, after a failed delete of the
     * original; neither never). Missing folders at {@code toKey} are made.
     */
    void move(String fromKey, String toKey) throws IOException;

    /**
     * Moves the object under {@code fromKey} to {@code toKey} as {@link #move} does, but only if it
     * is still the version {@code expectedVersion} (as {@link #list} or {@link #stat} reported it,
     * never null). Fails with {@link VersionMismatchException}, leaving the object at
     * {@code fromKey} as it is, when the object there is another version (an application wrote a
     * new file under the key since it was checked).
     *
     * <p>This default looks with {@link #stat} and then calls {@link #move}: it is <b>not
     * atomic</b>, a rewrite between the look and the move is moved all the same. A store that can
     * make the move itself conditional (S3's {@code x-amz-copy-source-if-match} and a delete with
     * {@code If-Match}; a check through a directory handle just before the rename) overrides it,
     * and says in its documentation how small the remaining window is.
     */
    default void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        java.util.Objects.requireNonNull(expectedVersion, "expectedVersion");
        StoredObject now = stat(fromKey)
                .orElseThrow(() -> new java.nio.file.NoSuchFileException(fromKey, null, "no object there to move"));
        if (!expectedVersion.equals(now.version())) {
            throw new VersionMismatchException(fromKey, expectedVersion, now.version());
        }
        move(fromKey, toKey);
    }

    /** Deletes the regular object under {@code key}; nothing there is not an error. */
    void delete(String key) throws IOException;

    /**
     * Deletes several objects; returns an error message for each key that failed (a key not in
     * the map was deleted, or was not there). Stores with a batch call (S3's DeleteObjects) override this.
     */
    default Map<String, String> deleteAll(List<String> keys) throws IOException {
        Map<String, String> errors = new LinkedHashMap<>();
        for (String key : keys) {
            try {
                delete(key);
            } catch (IOException e) {
                errors.put(key, String.valueOf(e.getMessage()));
            }
        }
        return errors;
    }

    /**
     * The names directly under {@code folderKey} ({@code ""} for the root, else a key ending with
     * {@code /}), in {@link KeyOrder}: an object as its name, a folder as its name followed by
     * {@code /}. Empty when there is no such folder.
     */
    List<String> children(String folderKey) throws IOException;

    /**
     * Whether the folder {@code folderKey} (a key ending with {@code /}, never the root) directly
     * holds a {@code .mediagc} entry, so that it and everything under it belong to another store.
     * Applying a plan asks this of each candidate's folders, since it does not list the store. By
     * default read from {@link #children(String)}; a store with a cheaper way (one listing of
     * that one name) overrides it.
     */
    default boolean holdsOtherStore(String folderKey) throws IOException {
        return children(folderKey).contains(StoreKeys.STATE_FOLDER + "/");
    }

    /**
     * Removes each of {@code folderKeys} (with or without a trailing {@code /}) if it is empty, then
     * each parent it leaves empty, never the root nor {@code .mediagc/} and
     * {@code .mediagc/quarantine/} themselves. Stores without real folders do nothing. Returns how
     * many folders were removed.
     */
    default int removeEmptyFolders(List<String> folderKeys) throws IOException {
        return 0;
    }

    /**
     * As of when {@link #list} shows the store: empty for a live listing (it shows the store as it
     * is while it runs); the time a report was made for a listing read from one, such as an S3
     * Inventory. The sweep counts the grace period from the earlier of this and its own start, so an
     * object younger than the grace period when the report was made is never a candidate; an object
     * written after the report is not in it and so is never touched; one changed since is kept by
     * the re-verification before acting.
     */
    default Optional<java.time.Instant> listedAsOf() {
        return Optional.empty();
    }

    /**
     * How many single-object calls ({@code stat}, {@code move}) mediagc may make at once. A local
     * disk gains nothing from more than one; a remote store hides its latency with many.
     */
    default int parallelism() {
        return 1;
    }

    /**
     * What this store had to do less safely than it should, for the sweep's report: for example a
     * service that refused to make a move conditional, so the store looked first and then acted.
     * Each warning once, however often it happened; empty when there was nothing to say.
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Whether keys that differ only in letter case name one object here. mediagc asks once per
     * run, before it reads any reference, unless the run already ignores case, and for a store
     * that does not answer {@link LetterCase#EXACT} matches references with keys ignoring case,
     * as the {@code ignore-case} setting does: otherwise a row naming {@code Photo.JPG}, which
     * the application opens as the file stored as {@code photo.jpg}, would leave that file
     * looking orphaned. Dry runs ask too, so this must not write into the store (it may be
     * read-only); answer {@link LetterCase#UNKNOWN} when it cannot tell. By default
     * {@link LetterCase#EXACT}: object stores' keys are exact.
     */
    default LetterCase letterCase() throws IOException {
        return LetterCase.EXACT;
    }

    /**
     * Fails, with a message saying why, if this store cannot act safely here (a local store on a
     * platform without directory handles). Listing works either way; mediagc calls this before acting.
     */
    default void checkActionsPossible() throws IOException {
    }
}
