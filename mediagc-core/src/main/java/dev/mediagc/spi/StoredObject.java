package dev.mediagc.spi;

import java.time.Instant;

/**
 * One object as the store listed it. {@code key} is the store's raw key, the only name an action
 * ever uses. {@code lastModified} is null when the store could not tell (such an object counts as
 * young and is kept). {@code version} is whatever the store uses to notice a rewrite (an ETag; a
 * local file's device, inode, time and size): it changes with every rewrite, and {@code list},
 * {@code stat} and {@code read} report the same one for the same content.
 */
public record StoredObject(String key, long size, Instant lastModified, String version) {

    public StoredObject(String key, long size, Instant lastModified) {
        this(key, size, lastModified, null);
    }

    /** Whether {@code now} shows the same content as this listing did: same size, time and version. */
    public boolean unchangedIn(StoredObject now) {
        return now != null
                && now.size == size
                && java.util.Objects.equals(now.lastModified, lastModified)
                && java.util.Objects.equals(now.version, version);
    }
}
