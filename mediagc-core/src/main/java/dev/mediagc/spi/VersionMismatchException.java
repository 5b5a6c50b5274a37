package dev.mediagc.spi;

import java.io.IOException;

/**
 * A conditional action ({@link ObjectStore#moveIfVersion}) found the object changed: it is no
 * longer the version the caller checked, so nothing was done to it. The sweep keeps such an object
 * (an application wrote a new file under its key after the last check) and counts it as changed.
 */
public class VersionMismatchException extends IOException {

    private final String key;

    public VersionMismatchException(String key, String expectedVersion, String foundVersion) {
        super("'" + UnsafeKeyException.printable(key) + "' changed since it was checked (version "
                + foundVersion + ", expected " + expectedVersion + "); left in place");
        this.key = key;
    }

    /** The key of the object that changed. */
    public String key() {
        return key;
    }
}
