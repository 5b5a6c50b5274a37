package dev.mediagc.store;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A media folder on a local or mounted file system. Keys are {@code /}-separated paths relative
 * to the root. Symbolic links are reported and never followed or touched; no key can reach
 * outside the root; mediagc's own area {@code ROOT/.mediagc/} is never listed.
 */
public final class LocalStore implements ObjectStore {

    /** mediagc's own folder inside every store root. */
    public static final String STATE_FOLDER = ".mediagc";

    private final Path root;
    private final Path stateRoot;
    private final Path quarantineRoot;
    private final LocalStateFolder state;

    private LocalStore(Path root, Path quarantineRoot) {
        this.root = root;
        this.stateRoot = root.resolve(STATE_FOLDER);
        this.quarantineRoot = quarantineRoot != null ? quarantineRoot : stateRoot.resolve("quarantine");
        this.state = new LocalStateFolder(stateRoot);
    }

    /**
     * A store rooted at {@code root}, which must be an existing folder. A root that is itself a
     * symbolic link is resolved once here: the user named it; nothing under it is followed.
     */
    public static LocalStore at(Path root) {
        return at(root, null);
    }

    /** As {@link #at(Path)}, with quarantine in {@code quarantineRoot} instead of the default. */
    public static LocalStore at(Path root, Path quarantineRoot) {
        FileNameEncoding.requireLossless();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("store folder " + root + " does not exist or is not a folder");
        }
        try {
            Path real = root.toRealPath();
            Path state = real.resolve(STATE_FOLDER);
            if (Files.isSymbolicLink(state)) {
                // Journals, locks and quarantine would land wherever the link points.
                throw new IllegalArgumentException(state + " is a symbolic link; mediagc keeps its state and quarantine "
                        + "only in a real folder inside the store. Remove the link (or make it a folder) and run again");
            }
            Path quarantine = quarantineRoot == null ? null : quarantineRoot.toAbsolutePath().normalize();
            return new LocalStore(real, quarantine);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open store folder " + root + ": " + e.getMessage(), e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void list(ListingVisitor visitor) throws IOException {
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            pool.invoke(new FolderTask(new SerialVisitor(visitor), root, "", null));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Lists one folder and forks a task per subfolder, so folders are read in parallel. Each
     * folder's entries are read once; an entry's attributes are read only when needed: in a leaf
     * folder (link count 2 on ext4 and XFS: no subfolders) every entry is first offered to the
     * visitor, and a referenced one needs neither size nor time, so most files of a healthy store
     * are never statted. Anything not accounted for that way is lstat-ed, so links are still seen
     * as links and never followed.
     */
    private final class FolderTask extends RecursiveAction {
        private final ListingVisitor visitor;
        private final Path dir;
        private final String prefix;
        private final BasicFileAttributes known;

        FolderTask(ListingVisitor visitor, Path dir, String prefix, BasicFileAttributes known) {
            this.visitor = visitor;
            this.dir = dir;
            this.prefix = prefix;
            this.known = known;
        }

        @Override
        protected void compute() {
            try {
                List<FolderTask> subfolders = new ArrayList<>();
                listFolder(subfolders);
                invokeAll(subfolders);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void listFolder(List<FolderTask> subfolders) throws IOException {
            BasicFileAttributes attrs = known != null ? known
                    : Files.readAttributes(dir, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            boolean leaf = isLeaf(dir);
            int entries = 0;
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
                for (Path entry : stream) {
                    entries++;
                    String name = entry.getFileName().toString();
                    String key = prefix.isEmpty() ? name : prefix + "/" + name;
                    if (leaf && visitor.acceptWithoutAttributes(key)) {
                        continue;
                    }
                    entry(entry, key, subfolders);
                }
            } catch (AccessDeniedException e) {
                visitor.unreadable(prefix.isEmpty() ? "." : prefix, "permission denied");
                return;
            } catch (java.nio.file.DirectoryIteratorException e) {
                visitor.unreadable(prefix.isEmpty() ? "." : prefix, e.getCause().toString());
                return;
            } catch (NoSuchFileException e) {
                return; // removed while we walked: nothing there to keep or act on
            }
            if (entries == 0 && !dir.equals(root)) {
                visitor.emptyFolder(prefix, attrs.lastModifiedTime().toInstant());
            }
        }

        private void entry(Path entry, String key, List<FolderTask> subfolders) {
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                visitor.unreadable(key, e.toString());
                return;
            }
            if (attrs.isSymbolicLink()) {
                visitor.symlink(key);
            } else if (attrs.isDirectory()) {
                if (!entry.equals(stateRoot) && !entry.equals(quarantineRoot)) {
                    subfolders.add(new FolderTask(visitor, entry, key, attrs));
                }
            } else if (attrs.isRegularFile()) {
                visitor.object(new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
            }
            // Sockets, pipes and devices are neither media nor ours to touch.
        }
    }

    /** Only a link count of exactly 2 proves "no subfolders"; file systems that say 1 get the slow path. */
    private static boolean isLeaf(Path dir) {
        try {
            return Integer.valueOf(2).equals(Files.getAttribute(dir, "unix:nlink", LinkOption.NOFOLLOW_LINKS));
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** Hands a visitor calls from several listing threads one at a time, as its contract promises. */
    private static final class SerialVisitor implements ListingVisitor {
        private final ListingVisitor delegate;

        SerialVisitor(ListingVisitor delegate) {
            this.delegate = delegate;
        }

        @Override
        public synchronized boolean acceptWithoutAttributes(String key) {
            return delegate.acceptWithoutAttributes(key);
        }

        @Override
        public synchronized void object(StoredObject object) {
            delegate.object(object);
        }

        @Override
        public synchronized void symlink(String key) {
            delegate.symlink(key);
        }

        @Override
        public synchronized void emptyFolder(String key, java.time.Instant lastModified) {
            delegate.emptyFolder(key, lastModified);
        }

        @Override
        public synchronized void unreadable(String key, String reason) {
            delegate.unreadable(key, reason);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path file = resolveInside(root, key);
        try {
            BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(key, attrs.size(), attrs.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolveInside(root, key);
        requireRegularFile(file, key);
        Files.delete(file);
    }

    @Override
    public void quarantine(String key, String runId) throws IOException {
        Path file = resolveInside(root, key);
        requireRegularFile(file, key);
        Path target = resolveInside(runFolder(runId), key);
        Files.createDirectories(target.getParent());
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null, "already in quarantine run " + runId);
        }
        moveDurably(file, target);
    }

    @Override
    public void restore(String key, String runId) throws IOException {
        Path quarantined = resolveInside(runFolder(runId), key);
        requireRegularFile(quarantined, key);
        Path target = resolveInside(root, key);
        Files.createDirectories(target.getParent());
        resolveInside(root, key); // the folders just created must not have been swapped for links
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString(), null,
                    "a file exists there again; restore refuses to overwrite it");
        }
        moveDurably(quarantined, target);
    }

    /**
     * A rename when both sides share a file system (atomic: the file is in exactly one place at
     * every instant); otherwise copy, sync, then delete the original, so a crash in between leaves
     * two copies and never none.
     */
    private static void moveDurably(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            try (var channel = java.nio.channels.FileChannel.open(to, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.delete(from);
        }
    }

    @Override
    public boolean isQuarantined(String key, String runId) throws IOException {
        Path quarantined = resolveInside(runFolder(runId), key);
        return Files.isRegularFile(quarantined, LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public List<String> quarantineRuns() throws IOException {
        if (!Files.isDirectory(quarantineRoot, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> runs = Files.list(quarantineRoot)) {
            return runs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    @Override
    public void purgeQuarantine(String runId) throws IOException {
        Path run = runFolder(runId);
        if (!Files.exists(run, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // walk() does not follow links, so a link inside quarantine is removed, not its target.
        try (Stream<Path> all = Files.walk(run)) {
            for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    @Override
    public int removeEmptyFolders(List<String> folderKeys) throws IOException {
        int removed = 0;
        for (String key : folderKeys) {
            Path dir = resolveInside(root, key);
            while (dir != null && !dir.equals(root) && dir.startsWith(root)) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    break;
                }
                try {
                    // rmdir itself refuses a folder with anything in it; no check-then-act race.
                    Files.delete(dir);
                    removed++;
                } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                    break;
                }
                dir = dir.getParent();
            }
        }
        return removed;
    }

    @Override
    public StateFolder state() {
        return state;
    }

    @Override
    public void close() {
    }

    private Path runFolder(String runId) throws IOException {
        if (!dev.mediagc.quarantine.RunId.isSafe(runId)) {
            throw new UnsafeKeyException(String.valueOf(runId), "not a run id");
        }
        return quarantineRoot.resolve(runId);
    }

    private static void requireRegularFile(Path file, String key) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new UnsafeKeyException(key, "not a regular file");
        }
    }

    /**
     * The path of {@code key} under {@code base}, refused unless it stays strictly inside and no
     * folder on the way is a symbolic link.
     */
    static Path resolveInside(Path base, String key) throws IOException {
        if (key == null || key.isEmpty()) {
            throw new UnsafeKeyException(String.valueOf(key), "empty");
        }
        if (key.indexOf('\0') >= 0) {
            throw new UnsafeKeyException(key, "contains a NUL character");
        }
        if (key.startsWith("/")) {
            throw new UnsafeKeyException(key, "absolute path");
        }
        List<String> segments = new ArrayList<>(List.of(key.split("/", -1)));
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafeKeyException(key, "contains an empty, '.' or '..' segment");
            }
        }
        Path path = base;
        for (int i = 0; i < segments.size(); i++) {
            path = path.resolve(segments.get(i));
            if (i < segments.size() - 1 && Files.isSymbolicLink(path)) {
                throw new UnsafeKeyException(key, "passes through the symbolic link " + path);
            }
        }
        Path normalized = path.normalize();
        if (!normalized.startsWith(base) || normalized.equals(base)) {
            throw new UnsafeKeyException(key, "leaves the store root");
        }
        return normalized;
    }
}
