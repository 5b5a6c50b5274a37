package dev.mediagc;

/** What an applied sweep does with an orphan. */
public enum Action {
    /** Move it into the store's quarantine, from where {@code restore} puts it back. */
    QUARANTINE,
    /** Delete it for good. */
    DELETE
}
