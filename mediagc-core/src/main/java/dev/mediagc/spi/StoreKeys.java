package dev.mediagc.spi;

import java.util.List;

/**
 * The rules every key obeys ({@link ObjectStore}): mediagc checks them before calling a store, and
 * a store checks them again before touching anything, so that no key ever leaves its root.
 */
public final class StoreKeys {

    /** mediagc's own area in every store: {@code .mediagc/}. */
    public static final String STATE_FOLDER = ".mediagc";

    private StoreKeys() {
    }

    /**
     * The segments of {@code key}; refused unless it is non-empty, relative, free of NUL and made of
     * non-empty segments other than {@code .} and {@code ..}.
     */
    public static List<String> requireSafe(String key) throws UnsafeKeyException {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException(String.valueOf(key), "empty");
        }
        if (key.indexOf('\0') >= 0) {
            throw new UnsafeKeyException(key, "contains a NUL character");
        }
        if (key.startsWith("/")) {
            throw new UnsafeKeyException(key, "absolute path");
        }
        List<String> segments = List.of(key.split("/", -1));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafeKeyException(key, "contains an empty, '.' or '..' segment");
            }
        }
        return segments;
    }

    /**
     * A folder key as {@link ObjectStore#children} takes it: {@code ""} for the root, else a safe
     * key followed by {@code /}. Returns the folder's segments (none for the root).
     */
    public static List<String> requireSafeFolder(String folderKey) throws UnsafeKeyException {
        if (folderKey == null) {
            throw new UnsafeKeyException("null", "empty");
        }
        if (folderKey.isEmpty()) {
            return List.of();
        }
        if (!folderKey.endsWith("/")) {
            throw new UnsafeKeyException(folderKey, "a folder key ends with '/'");
        }
        return requireSafe(folderKey.substring(0, folderKey.length() - 1));
    }

    /** Whether {@code key} lies in mediagc's own area {@code .mediagc/} (or is that folder). */
    public static boolean isState(String key) {
        return key.equals(STATE_FOLDER) || key.startsWith(STATE_FOLDER + "/");
    }
}
