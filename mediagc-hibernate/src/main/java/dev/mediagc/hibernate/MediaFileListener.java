package dev.mediagc.hibernate;

/**
 * Hears about each delete cleanup on change attempts, to log, audit or veto. Called on the
 * cleanup thread (or the committing thread when inline), after the transaction committed and the
 * delay passed; with {@code quarantine(true)}, {@code afterDelete} means moved into quarantine. An
 * exception thrown here is logged and treated as a veto; it never reaches the application.
 */
public interface MediaFileListener {

    /** Return false to keep the file. */
    default boolean beforeDelete(String key) {
        return true;
    }

    default void afterDelete(String key) {
    }

    /** The delete failed; it is tried again with backoff, and after the last attempt left to the sweep. */
    default void deleteFailed(String key, Exception error) {
    }

    /** The file was kept: still referenced, protected, or vetoed. */
    default void kept(String key, String reason) {
    }
}
