package dev.mediagc.spi;

/** Receives a store's listing as it streams; called from the listing thread(s), one call at a time. */
public interface ListingVisitor {

    /**
     * Offers an entry whose attributes the store has not read (it may even be a link). Returns
     * true if the visitor has fully accounted for it, because it is referenced and so needs no
     * size or time; false, and the store reads its attributes and reports it as usual.
     */
    default boolean acceptWithoutAttributes(String key) {
        return false;
    }

    /** A regular object, a possible candidate. */
    void object(StoredObject object);

    /** A symbolic link: reported, never followed, never touched. */
    default void symlink(String key) {
    }

    /**
     * A folder with nothing in it (stores with real folders only). {@code lastModified} lets the
     * sweep leave alone a folder made moments ago for an upload in flight.
     */
    default void emptyFolder(String key, java.time.Instant lastModified) {
    }

    /** A folder or object that could not be read; whatever it holds is unknown and kept. */
    default void unreadable(String key, String reason) {
    }

    /**
     * A folder below the root that holds another store's mediagc state (a {@code .mediagc}
     * entry): nothing under it is listed, so nothing under it is ever a candidate or removed.
     */
    default void otherStore(String folderKey) {
    }
}
