package dev.mediagc.internal.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;

/**
 * What the local store needs to know of one entry, read with a single {@code lstat}. Its time is
 * the later of the modification time and, where the file system has one, the status-change time
 * (ctime): a file moved into the store keeps its old modification time, but its ctime is the
 * moment it arrived, which is what the grace period must count from.
 */
record EntryAttributes(boolean regularFile, boolean directory, boolean symbolicLink, long size, Instant changed,
                       Object fileKey, String version) {

    private static final String UNIX = "unix:size,lastModifiedTime,ctime,isRegularFile,isDirectory,isSymbolicLink,fileKey";

    /** Whether paths of this file system have a ctime to read ({@code unix} attribute view). */
    static boolean hasCtime(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("unix");
    }

    /** Reads {@code path} itself, never following a link. */
    static EntryAttributes read(Path path, boolean withCtime) throws IOException {
        if (!withCtime) {
            return of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS), null);
        }
        Map<String, Object> a = Files.readAttributes(path, UNIX, LinkOption.NOFOLLOW_LINKS);
        return new EntryAttributes((Boolean) a.get("isRegularFile"), (Boolean) a.get("isDirectory"),
                (Boolean) a.get("isSymbolicLink"), (Long) a.get("size"),
                later((FileTime) a.get("lastModifiedTime"), (FileTime) a.get("ctime")), a.get("fileKey"),
                version(a.get("fileKey"), (FileTime) a.get("lastModifiedTime"), (Long) a.get("size")));
    }

    /** From attributes read elsewhere (through a directory handle), with the ctime if known. */
    static EntryAttributes of(BasicFileAttributes a, FileTime ctime) {
        return new EntryAttributes(a.isRegularFile(), a.isDirectory(), a.isSymbolicLink(), a.size(),
                later(a.lastModifiedTime(), ctime), a.fileKey(), version(a));
    }

    /**
     * The version token of a local file: which file it is (device and inode), when it was last
     * written (to the nanosecond where the file system keeps that) and its size. A rewrite in place
     * changes the time or size; a replace by rename changes the inode.
     */
    static String version(BasicFileAttributes a) {
        return version(a.fileKey(), a.lastModifiedTime(), a.size());
    }

    private static String version(Object fileKey, FileTime modified, long size) {
        return (fileKey == null ? "" : fileKey + "/") + modified.to(java.util.concurrent.TimeUnit.NANOSECONDS) + "/" + size;
    }

    /** The ctime of {@code path} if it is still the file {@code fileKey} names; null otherwise. */
    static FileTime ctimeIfSameFile(Path path, Object fileKey) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:ctime,fileKey", LinkOption.NOFOLLOW_LINKS);
            return fileKey != null && fileKey.equals(a.get("fileKey")) ? (FileTime) a.get("ctime") : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static Instant later(FileTime modified, FileTime statusChanged) {
        if (modified == null) {
            return null;
        }
        if (statusChanged == null || statusChanged.compareTo(modified) <= 0) {
            return modified.toInstant();
        }
        return statusChanged.toInstant();
    }
}
