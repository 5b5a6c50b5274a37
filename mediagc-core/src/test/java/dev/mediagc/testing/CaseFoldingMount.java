package dev.mediagc.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jnr.ffi.Pointer;
import jnr.ffi.types.mode_t;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;
import ru.serce.jnrfuse.ErrorCodes;
import ru.serce.jnrfuse.FuseFillDir;
import ru.serce.jnrfuse.FuseStubFS;
import ru.serce.jnrfuse.struct.FileStat;
import ru.serce.jnrfuse.struct.FuseFileInfo;
import ru.serce.jnrfuse.struct.Timespec;

/**
 * A real file system that folds letter case, for tests: a FUSE mount (libfuse2 through jnr-fuse)
 * passing every call through to a folder on the ordinary, case-sensitive disk, where each name
 * is looked up ignoring case, as macOS's APFS, Windows' NTFS or an ext4 {@code chattr +F} folder
 * do: {@code uploads/Photo.JPG} opens the file stored as {@code uploads/photo.jpg}, a listing
 * shows names as stored, and creating a name whose other spelling exists opens (or, exclusively,
 * refuses) the one there. The kernel is told to cache neither names nor attributes, so a name
 * removed under one spelling is gone under all at once; inode numbers are the disk's.
 *
 * <p>{@link #mount} needs {@code /dev/fuse}, root (the mount is made without {@code fusermount})
 * and Debian's {@code libfuse2}, which it installs with apt-get when it is missing; when any of
 * them cannot be had it throws {@link Unavailable} saying which. The system property
 * {@code mediagc.test.noFuse=true} makes it throw so, to see a test's skip (or, with {@code CI=true},
 * its failure) without taking FUSE away.
 */
public final class CaseFoldingMount implements AutoCloseable {

    /** FUSE cannot be used on this machine; the message says why. */
    public static final class Unavailable extends Exception {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final FoldingFs fs;
    private final Path mountPoint;

    private CaseFoldingMount(FoldingFs fs, Path mountPoint) {
        this.fs = fs;
        this.mountPoint = mountPoint;
    }

    /** Mounts, at {@code mountPoint} (an empty folder), {@code backing} seen through case-folding names. */
    public static CaseFoldingMount mount(Path backing, Path mountPoint) throws Unavailable {
        return mount(backing, mountPoint, true);
    }

    /**
     * As {@link #mount(Path, Path)}; without {@code diskInodes} each name is numbered by FUSE as it
     * is looked up (no {@code use_ino}), so two spellings of one file show two inode numbers, as
     * on sshfs or other FUSE file systems.
     */
    public static CaseFoldingMount mount(Path backing, Path mountPoint, boolean diskInodes) throws Unavailable {
        if (Boolean.getBoolean("mediagc.test.noFuse")) {
            throw new Unavailable("mediagc.test.noFuse is set", null);
        }
        if (!Files.exists(Path.of("/dev/fuse"))) {
            throw new Unavailable("no /dev/fuse on this machine", null);
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new Unavailable("not root: the test mounts without fusermount", null);
        }
        installLibfuse2();
        FoldingFs fs = new FoldingFs(backing);
        try {
            fs.mount(mountPoint, false, false, new String[] {"-o", (diskInodes ? "use_ino," : "")
                    + "hard_remove,entry_timeout=0,negative_timeout=0,attr_timeout=0,fsname=casefolding"});
        } catch (RuntimeException | LinkageError e) {
            throw new Unavailable("cannot mount a FUSE file system at " + mountPoint + ": " + e, e);
        }
        CaseFoldingMount mount = new CaseFoldingMount(fs, mountPoint);
        // mount() returns once the mount is made; make sure it answers before a test uses it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!mounted(mountPoint)) {
            if (System.nanoTime() > deadline) {
                mount.close();
                throw new Unavailable("the FUSE file system at " + mountPoint + " did not appear in /proc/mounts", null);
            }
            sleep(20);
        }
        return mount;
    }

    /**
     * For a test that needs the mount, called before it with what {@link #mount} threw (null when
     * it mounted): where FUSE cannot be used the test is skipped, saying why, except on CI
     * ({@code CI=true}), whose machines are of this same kind: there it fails, saying why.
     */
    public static void skipOrFailWithout(Unavailable why) {
        if (why == null) {
            return;
        }
        String message = "a case-folding FUSE file system cannot be mounted here: " + why.getMessage();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (CI machines can mount one: /dev/fuse, root, libfuse2 from apt-get)", why);
        }
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    public Path root() {
        return mountPoint;
    }

    @Override
    public void close() {
        try {
            fs.umount();
        } catch (RuntimeException e) {
            // already gone
        }
        // Where fusermount exists, the unmount above is lazy and returns at once: wait until the mount
        // is gone, so the temporary folder under it can be removed, then detach whatever is left.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (mounted(mountPoint) && System.nanoTime() < deadline) {
            sleep(20);
        }
        if (mounted(mountPoint)) {
            try {
                new ProcessBuilder("umount", "-l", mountPoint.toString()).inheritIO().start().waitFor();
            } catch (IOException e) {
                // nothing more to try
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean mounted(Path mountPoint) {
        try {
            return Files.readAllLines(Path.of("/proc/mounts")).stream()
                    .anyMatch(line -> line.startsWith("casefolding ") && line.contains(" " + mountPoint + " "));
        } catch (IOException e) {
            return false;
        }
    }

    /** As the tests of other stores install their emulators: once per machine, with the system's package manager. */
    private static void installLibfuse2() throws Unavailable {
        if (Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libfuse.so.2")) || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/libfuse.so.2"))
                || Files.exists(Path.of("/lib/x86_64-linux-gnu/libfuse.so.2"))) {
            return;
        }
        try {
            if (run("apt-get", "install", "-y", "-q", "libfuse2") != 0 && (run("apt-get", "update", "-q") != 0
                    || run("apt-get", "install", "-y", "-q", "libfuse2") != 0)) {
                throw new Unavailable("apt-get could not install libfuse2", null);
            }
        } catch (IOException e) {
            throw new Unavailable("cannot run apt-get to install libfuse2: " + e.getMessage(), e);
        }
    }

    private static int run(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The pass-through file system; each call maps its path to the backing folder, names folded. */
    private static final class FoldingFs extends FuseStubFS {
        private static final long UTIME_NOW = (1L << 30) - 1;
        private static final long UTIME_OMIT = (1L << 30) - 2;

        private final Path backing;

        FoldingFs(Path backing) {
            this.backing = backing;
        }

        /**
         * The backing path of {@code path}: each name as stored when one exists in any letter case
         * (the exact spelling first), else as given (a name about to be created).
         */
        private Path resolve(String path) throws IOException {
            Path at = backing;
            for (String name : path.split("/")) {
                if (name.isEmpty()) {
                    continue;
                }
                Path exact = at.resolve(name);
                if (Files.exists(exact, LinkOption.NOFOLLOW_LINKS) || !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                    at = exact;
                    continue;
                }
                Path found = exact;
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(at)) {
                    for (Path entry : entries) {
                        if (fold(entry.getFileName().toString()).equals(fold(name))) {
                            found = entry;
                            break;
                        }
                    }
                }
                at = found;
            }
            return at;
        }

        private static String fold(String name) {
            return name.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        }

        @Override
        public int getattr(String path, FileStat stat) {
            return call(() -> {
                Map<String, Object> a = Files.readAttributes(resolve(path), "unix:*", LinkOption.NOFOLLOW_LINKS);
                stat.st_mode.set(((Number) a.get("mode")).longValue());
                stat.st_ino.set(((Number) a.get("ino")).longValue());
                stat.st_nlink.set(((Number) a.get("nlink")).longValue());
                stat.st_uid.set(((Number) a.get("uid")).longValue());
                stat.st_gid.set(((Number) a.get("gid")).longValue());
                stat.st_size.set(((Number) a.get("size")).longValue());
                time(stat.st_mtim, (FileTime) a.get("lastModifiedTime"));
                time(stat.st_atim, (FileTime) a.get("lastAccessTime"));
                time(stat.st_ctim, (FileTime) a.get("ctime"));
                return 0;
            });
        }

        private static void time(Timespec spec, FileTime time) {
            Instant at = time.toInstant();
            spec.tv_sec.set(at.getEpochSecond());
            spec.tv_nsec.set(at.getNano());
        }

        @Override
        public int readdir(String path, Pointer buf, FuseFillDir filter, @off_t long offset, FuseFileInfo fi) {
            return call(() -> {
                filter.apply(buf, ".", null, 0);
                filter.apply(buf, "..", null, 0);
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolve(path))) {
                    for (Path entry : entries) {
                        filter.apply(buf, entry.getFileName().toString(), null, 0);
                    }
                }
                return 0;
            });
        }

        @Override
        public int opendir(String path, FuseFileInfo fi) {
            return call(() -> Files.isDirectory(resolve(path), LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOTDIR());
        }

        @Override
        public int open(String path, FuseFileInfo fi) {
            return call(() -> Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOENT());
        }

        @Override
        public int create(String path, @mode_t long mode, FuseFileInfo fi) {
            // Called for O_CREAT: exclusive or not, the kernel asked after finding no name in any case.
            return call(() -> {
                Path file = resolve(path);
                if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createFile(file);
                }
                return 0;
            });
        }

        @Override
        public int read(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
            return call(() -> {
                try (FileChannel in = FileChannel.open(resolve(path), StandardOpenOption.READ)) {
                    ByteBuffer bytes = ByteBuffer.allocate((int) size);
                    int total = 0;
                    for (int n; bytes.hasRemaining() && (n = in.read(bytes, offset + total)) > 0; ) {
                        total += n;
                    }
                    buf.put(0, bytes.array(), 0, total);
                    return total;
                }
            });
        }

        @Override
        public int write(String path, Pointer buf, @size_t long size, @off_t long offset, FuseFileInfo fi) {
            return call(() -> {
                byte[] bytes = new byte[(int) size];
                buf.get(0, bytes, 0, bytes.length);
                try (FileChannel out = FileChannel.open(resolve(path), StandardOpenOption.WRITE)) {
                    ByteBuffer data = ByteBuffer.wrap(bytes);
                    while (data.hasRemaining()) {
                        out.write(data, offset + data.position());
                    }
                }
                return (int) size;
            });
        }

        @Override
        public int truncate(String path, @off_t long size) {
            return call(() -> {
                try (FileChannel out = FileChannel.open(resolve(path), StandardOpenOption.WRITE)) {
                    out.truncate(size);
                }
                return 0;
            });
        }

        @Override
        public int ftruncate(String path, @off_t long size, FuseFileInfo fi) {
            return truncate(path, size);
        }

        @Override
        public int mkdir(String path, @mode_t long mode) {
            return call(() -> {
                Files.createDirectory(resolve(path));
                return 0;
            });
        }

        @Override
        public int rmdir(String path) {
            return call(() -> {
                Path dir = resolve(path);
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return -ErrorCodes.ENOTDIR();
                }
                Files.delete(dir);
                return 0;
            });
        }

        @Override
        public int unlink(String path) {
            return call(() -> {
                Path file = resolve(path);
                if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                    return -ErrorCodes.EISDIR();
                }
                Files.delete(file);
                return 0;
            });
        }

        @Override
        public int rename(String from, String to) {
            return call(() -> {
                Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE);
                return 0;
            });
        }

        @Override
        public int link(String from, String to) {
            return call(() -> {
                Files.createLink(resolve(to), resolve(from));
                return 0;
            });
        }

        @Override
        public int utimens(String path, Timespec[] timespec) {
            return call(() -> {
                long seconds = timespec[1].tv_sec.get();
                long nanos = timespec[1].tv_nsec.longValue();
                if (nanos != UTIME_OMIT) {
                    FileTime time = nanos == UTIME_NOW ? FileTime.from(Instant.now())
                            : FileTime.from(Instant.ofEpochSecond(seconds, nanos));
                    Files.setLastModifiedTime(resolve(path), time);
                }
                return 0;
            });
        }

        @Override
        public int chmod(String path, @mode_t long mode) {
            return 0;
        }

        @Override
        public int chown(String path, long uid, long gid) {
            return 0;
        }

        @Override
        public int access(String path, int mask) {
            return call(() -> Files.exists(resolve(path), LinkOption.NOFOLLOW_LINKS) ? 0 : -ErrorCodes.ENOENT());
        }

        @Override
        public int fsync(String path, int isdatasync, FuseFileInfo fi) {
            return 0;
        }

        @Override
        public int fsyncdir(String path, FuseFileInfo fi) {
            return 0;
        }

        @Override
        public int flush(String path, FuseFileInfo fi) {
            return 0;
        }

        @Override
        public int release(String path, FuseFileInfo fi) {
            return 0;
        }

        @Override
        public int releasedir(String path, FuseFileInfo fi) {
            return 0;
        }

        private interface Call {
            int run() throws IOException;
        }

        /** The call's answer, or the negative error number FUSE expects for what it threw. */
        private static int call(Call call) {
            try {
                return call.run();
            } catch (NoSuchFileException e) {
                return -ErrorCodes.ENOENT();
            } catch (FileAlreadyExistsException e) {
                return -ErrorCodes.EEXIST();
            } catch (DirectoryNotEmptyException e) {
                return -ErrorCodes.ENOTEMPTY();
            } catch (NotDirectoryException e) {
                return -ErrorCodes.ENOTDIR();
            } catch (AccessDeniedException e) {
                return -ErrorCodes.EACCES();
            } catch (IOException | RuntimeException e) {
                return -ErrorCodes.EIO();
            }
        }
    }
}
