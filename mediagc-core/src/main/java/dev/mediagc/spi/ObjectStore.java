package dev.mediagc.spi;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Where the media lives: a local folder, a bucket prefix. The sweep engine knows stores only
 * through this interface. Every method that changes something takes a raw key exactly as
 * {@link #list} reported it, and must refuse a key that would leave the store's root or prefix.
 *
 * <p>mediagc's own state (journals, quarantine, last-run figures, lock) lives in the store's
 * {@code .mediagc/} area, which {@link #list} never reports.
 */
public interface ObjectStore extends Closeable {

    /** Where this store is, for messages: a path or {@code s3://bucket/prefix}. */
    String location();

    /** Streams every object under the root, excluding mediagc's own area. */
    void list(ListingVisitor visitor) throws IOException;

    /** The object under {@code key} now, or empty when there is no regular object there. */
    Optional<StoredObject> stat(String key) throws IOException;

    /** Deletes the object under {@code key}. */
    void delete(String key) throws IOException;

    /**
     * Deletes several objects; returns an error message for each key that failed (a key not in
     * the map was deleted). Stores with a batch call (S3's DeleteObjects) override this.
     */
    default java.util.Map<String, String> deleteAll(List<String> keys) throws IOException {
        java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
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
     * Moves the object under {@code key} into quarantine run {@code runId}, keeping its key.
     * After this returns, the object is in quarantine and no longer at {@code key}.
     */
    void quarantine(String key, String runId) throws IOException;

    /**
     * Puts a quarantined object back under {@code key}, byte for byte. Refuses to overwrite an
     * object that has appeared there since.
     */
    void restore(String key, String runId) throws IOException;

    /** Whether the quarantine of {@code runId} holds {@code key}. */
    boolean isQuarantined(String key, String runId) throws IOException;

    /** Ids of the quarantine runs present in the store. */
    List<String> quarantineRuns() throws IOException;

    /** Deletes a quarantine run's objects for good. */
    void purgeQuarantine(String runId) throws IOException;

    /**
     * Removes each of {@code folderKeys} if it is empty, then each parent it leaves empty, never
     * the root. Stores without real folders do nothing. Returns how many folders were removed.
     */
    default int removeEmptyFolders(List<String> folderKeys) throws IOException {
        return 0;
    }

    /**
     * How many single-object calls ({@code stat}, {@code quarantine}) the sweep may make at once.
     * A local disk gains nothing from more than one; a remote store hides its latency with many.
     */
    default int parallelism() {
        return 1;
    }

    /**
     * Fails, with a message saying why, if this store cannot act safely here (a local store on a
     * platform without directory handles). Listing works either way; call this before acting.
     */
    default void checkActionsPossible() throws IOException {
    }

    /** mediagc's small files: journals, last-run figures, lock. */
    StateFolder state();
}
