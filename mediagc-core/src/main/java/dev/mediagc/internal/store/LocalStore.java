package dev.mediagc.internal.store;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.OrderedListing;
import dev.mediagc.spi.StateFolder;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/**
 * A media folder on a local or mounted file system. Keys are {@code /}-separated paths relative
 * to the root. Symbolic links are reported and never followed or touched; no key can reach
 * outside the root; mediagc's own area {@code ROOT/.mediagc/} is never listed, and a folder below
 * the root holding a {@code .mediagc} entry is another store: reported, and nothing under it listed.
 *
 * <p>Every action (delete, quarantine, restore, purge, empty-folder removal, and the re-stat before
 * acting) goes through directory handles ({@link FolderChain}): each folder is opened relative to
 * its parent without following links, and the file is acted on relative to that handle, so a
 * folder swapped for a link between a check and an action cannot lead outside the root. Where the
 * platform offers no {@link java.nio.file.SecureDirectoryStream}, every action refuses with a clear
 * message ({@link #checkActionsPossible}); listing, and so a dry run, still works.
 *
 * <p>An object's time is the later of its modification and status-change time (ctime, where the
 * file system has one): a file moved into the store keeps its old mtime, but not its ctime.
 */
public final class LocalStore implements ObjectStore, OrderedListing {

    /** mediagc's own folder inside every store root. */
    public static final String STATE_FOLDER = ".mediagc";

    private final Path root;
    private final Path stateRoot;
    private final Path quarantineRoot;
    private final LocalStateFolder state;
    /** Where quarantine folders are opened from: the root when quarantine is inside it. */
    private final Path quarantineBase;
    /** The folders from {@link #quarantineBase} down to the quarantine folder. */
    private final List<String> quarantineSegments;
    private final boolean withCtime;
    private final boolean withCtimeAsked;

    /**
     * Set to {@code true} only for test suites: ages count from the modification time alone.
     * Fixtures make "old" files by setting their modification time back, which sets their ctime
     * to now; with ctime counted every such file would stay young. Never set it in production.
     */
    public static final String MTIME_ONLY_FOR_TESTS = "mediagc.test.ageFromMtimeOnly";
    /** The same as an environment variable, so mediagc processes a test starts inherit it. */
    public static final String MTIME_ONLY_FOR_TESTS_ENV = "MEDIAGC_TEST_AGE_FROM_MTIME_ONLY";
    /** The switch is announced once per process, not once per store. */
    private static final java.util.concurrent.atomic.AtomicBoolean MTIME_ONLY_WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalStore(Path root, Path quarantineRoot) {
        this(root, quarantineRoot, !mtimeOnlyForTests());
        if (!withCtimeAsked && !MTIME_ONLY_WARNED.getAndSet(true)) {
            org.slf4j.LoggerFactory.getLogger(LocalStore.class).warn("ages in {} count from modification times only: "
                    + "the test switch {} is set; never set it outside mediagc's own tests", root, MTIME_ONLY_FOR_TESTS);
        }
    }

    private static boolean mtimeOnlyForTests() {
        return Boolean.getBoolean(MTIME_ONLY_FOR_TESTS) || "true".equals(System.getenv(MTIME_ONLY_FOR_TESTS_ENV));
    }

    private LocalStore(Path root, Path quarantineRoot, boolean countCtime) {
        this.root = root;
        this.stateRoot = root.resolve(STATE_FOLDER);
        this.quarantineRoot = quarantineRoot != null ? quarantineRoot : stateRoot.resolve("quarantine");
        this.state = new LocalStateFolder(stateRoot);
        boolean inside = this.quarantineRoot.startsWith(root) && !this.quarantineRoot.equals(root);
        this.quarantineBase = inside ? root : this.quarantineRoot;
        List<String> segments = new ArrayList<>();
        if (inside) {
            root.relativize(this.quarantineRoot).forEach(p -> segments.add(p.toString()));
        }
        this.quarantineSegments = List.copyOf(segments);
        this.withCtime = countCtime && EntryAttributes.hasCtime(root);
        this.withCtimeAsked = countCtime;
    }

    /**
     * This store with ages counted from the modification time alone, as the user asked
     * ({@code --age-from-mtime}): for a store whose files were all just copied in with their times
     * kept (a restored backup, a migration, the demo), where every status-change time is "now" and
     * nothing would be old enough for a day. It gives up the protection of a file moved in with an
     * old modification time before its row commits.
     */
    public LocalStore agingByModificationTimeOnly() {
        return new LocalStore(root, quarantineRoot.equals(stateRoot.resolve("quarantine")) ? null : quarantineRoot, false);
    }

    /**
     * This store with ages counted from the later of modification and status-change time even if
     * {@link #MTIME_ONLY_FOR_TESTS} is set: for tests of that very rule.
     */
    public LocalStore countingCtime() {
        return new LocalStore(root, quarantineRoot.equals(stateRoot.resolve("quarantine")) ? null : quarantineRoot, true);
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
            // Resolved like the root: a quarantine folder inside the root but named through a link
            // would otherwise not be recognised as inside it, and its files would be listed (and
            // swept) as store objects.
            Path quarantine = quarantineRoot == null ? null : realPathOfLongestExisting(quarantineRoot);
            return new LocalStore(real, quarantine);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot open store folder " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code path} with its longest existing part resolved by {@link Path#toRealPath} (links
     * followed, as for the root the user named) and the not yet existing rest appended.
     */
    static Path realPathOfLongestExisting(Path path) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return absolute;
        }
        return existing.toRealPath().resolve(existing.relativize(absolute));
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

    @Override
    public List<String> keysAfter(String startAfter, int limit) throws IOException {
        return sortedWalk().keysAfter(startAfter, limit);
    }

    @Override
    public List<String> entries(String folder, int limit) throws IOException {
        return sortedWalk().entries(folder, limit);
    }

    private SortedFolderWalk sortedWalk() {
        return new SortedFolderWalk(root, List.of(stateRoot, quarantineRoot));
    }

    /**
     * Lists one folder and forks a task per subfolder, so folders are read in parallel. Each
     * folder's entries are read once; an entry's attributes are read only when needed: in a leaf
     * folder (link count 2 on ext4 and XFS: no subfolders) every entry is first offered to the
     * visitor, and a referenced one needs neither size nor time, so most files of a healthy store
     * are never statted. Anything not accounted for that way is lstat-ed, so links are still seen
     * as links and never followed. A folder (below the root) with a {@code .mediagc} entry is
     * another store's: one lstat per folder finds it, before anything in it is reported.
     */
    private final class FolderTask extends RecursiveAction {
        private final ListingVisitor visitor;
        private final Path dir;
        private final String prefix;
        private final Instant known;

        FolderTask(ListingVisitor visitor, Path dir, String prefix, Instant known) {
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
            if (!prefix.isEmpty() && Files.exists(dir.resolve(STATE_FOLDER), LinkOption.NOFOLLOW_LINKS)) {
                visitor.otherStore(prefix);
                return;
            }
            Instant changed;
            try {
                changed = known != null ? known : EntryAttributes.read(dir, withCtime).changed();
            } catch (NoSuchFileException e) {
                return;
            }
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
                visitor.emptyFolder(prefix, changed);
            }
        }

        private void entry(Path entry, String key, List<FolderTask> subfolders) {
            EntryAttributes attrs;
            try {
                attrs = EntryAttributes.read(entry, withCtime);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                visitor.unreadable(key, e.toString());
                return;
            }
            if (attrs.symbolicLink()) {
                visitor.symlink(key);
            } else if (attrs.directory()) {
                if (!entry.equals(stateRoot) && !entry.equals(quarantineRoot)) {
                    subfolders.add(new FolderTask(visitor, entry, key, attrs.changed()));
                }
            } else if (attrs.regularFile()) {
                visitor.object(new StoredObject(key, attrs.size(), attrs.changed()));
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

        @Override
        public synchronized void otherStore(String folderKey) {
            delegate.otherStore(folderKey);
        }
    }

    @Override
    public void checkActionsPossible() throws IOException {
        FolderChain.requireSupported(root);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        List<String> segments = segmentsOf(key);
        try (FolderChain folder = FolderChain.open(root, parentsOf(segments), false, key)) {
            BasicFileAttributes attrs = attributes(folder.last(), nameOf(segments));
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            FileTime ctime = null;
            if (withCtime) {
                // Handles give no ctime; read it by path, and trust it only if the path still
                // leads to the very file the handle sees.
                ctime = EntryAttributes.ctimeIfSameFile(root.resolve(key), attrs.fileKey());
                if (ctime == null) {
                    return Optional.empty(); // changed under us: report it gone, so it is kept
                }
            }
            EntryAttributes now = EntryAttributes.of(attrs, ctime);
            return Optional.of(new StoredObject(key, now.size(), now.changed()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        List<String> segments = segmentsOf(key);
        try (FolderChain folder = FolderChain.open(root, parentsOf(segments), false, key)) {
            Path name = nameOf(segments);
            requireRegularFile(folder.last(), name, key);
            // unlinkat: had the name become a link meanwhile, the link itself would go, never its target.
            folder.last().deleteFile(name);
        }
    }

    @Override
    public void quarantine(String key, String runId) throws IOException {
        List<String> segments = segmentsOf(key);
        Path name = nameOf(segments);
        try (FolderChain from = FolderChain.open(root, parentsOf(segments), false, key)) {
            requireRegularFile(from.last(), name, key); // before any quarantine folder is made for it
            try (FolderChain to = openQuarantine(runId, parentsOf(segments), true, key)) {
                HandleMoves.moveIntoOwnFolder(from.last(), name, to.last(), key, "already in quarantine run " + runId);
            }
        }
    }

    @Override
    public void restore(String key, String runId) throws IOException {
        List<String> segments = segmentsOf(key);
        Path name = nameOf(segments);
        try (FolderChain from = openQuarantine(runId, parentsOf(segments), false, key)) {
            requireRegularFile(from.last(), name, key); // before any store folder is remade for it
            try (FolderChain to = FolderChain.open(root, parentsOf(segments), true, key)) {
                HandleMoves.moveWithoutReplacing(from.last(), name, to.last(), key,
                        "a file exists there again; restore refuses to overwrite it");
            }
        }
    }

    @Override
    public boolean isQuarantined(String key, String runId) throws IOException {
        List<String> segments = segmentsOf(key);
        try (FolderChain folder = openQuarantine(runId, parentsOf(segments), false, key)) {
            return attributes(folder.last(), nameOf(segments)).isRegularFile();
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public List<String> quarantineRuns() throws IOException {
        List<String> runs = new ArrayList<>();
        try (FolderChain quarantine = FolderChain.open(quarantineBase, quarantineSegments, false, "quarantine")) {
            for (Path name : HandleMoves.names(quarantine.last())) {
                try {
                    if (attributes(quarantine.last(), name).isDirectory()) {
                        runs.add(name.toString());
                    }
                } catch (NoSuchFileException e) {
                    // purged meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        runs.sort(null);
        return runs;
    }

    @Override
    public void purgeQuarantine(String runId) throws IOException {
        requireRunId(runId);
        try (FolderChain quarantine = FolderChain.open(quarantineBase, quarantineSegments, false, runId)) {
            HandleMoves.removeTree(quarantine.last(), Path.of(runId));
        } catch (NoSuchFileException e) {
            // nothing there to purge
        }
    }

    @Override
    public int removeEmptyFolders(List<String> folderKeys) throws IOException {
        int removed = 0;
        for (String key : folderKeys) {
            List<String> segments;
            try {
                segments = segmentsOf(key);
            } catch (UnsafeKeyException e) {
                continue; // not a folder of ours to remove
            }
            try (FolderChain chain = FolderChain.open(root, parentsOf(segments), false, key)) {
                // From the deepest folder up, each removed relative to its parent's handle; rmdir
                // itself refuses a folder with anything in it (and a link), so no check-then-act race.
                for (int depth = segments.size() - 1; depth >= 0; depth--) {
                    try {
                        chain.at(depth).deleteDirectory(Path.of(segments.get(depth)));
                        removed++;
                    } catch (FileSystemException e) {
                        break; // not empty, gone, or not a folder: stop climbing
                    }
                }
            } catch (NoSuchFileException | UnsafeKeyException e) {
                // already gone, or the way there is no longer a real folder
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

    /** Opens (or makes) the folders of {@code folderSegments} inside quarantine run {@code runId}. */
    private FolderChain openQuarantine(String runId, List<String> folderSegments, boolean create, String key)
            throws IOException {
        requireRunId(runId);
        if (create && !quarantineBase.equals(root)) {
            Files.createDirectories(quarantineBase); // a quarantine folder the user named, like the root
        }
        List<String> segments = new ArrayList<>(quarantineSegments);
        segments.add(runId);
        segments.addAll(folderSegments);
        return FolderChain.open(quarantineBase, segments, create, key);
    }

    private static void requireRunId(String runId) throws UnsafeKeyException {
        if (!dev.mediagc.internal.quarantine.RunId.isSafe(runId)) {
            throw new UnsafeKeyException(String.valueOf(runId), "not a run id");
        }
    }

    private static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        return folder.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }

    private static void requireRegularFile(SecureDirectoryStream<Path> folder, Path name, String key) throws IOException {
        if (!attributes(folder, name).isRegularFile()) {
            throw new UnsafeKeyException(key, "not a regular file");
        }
    }

    /**
     * The segments of a key of this store, refused if it would leave the root or reach into
     * mediagc state (its own, or another store's nested below the root).
     */
    static List<String> segmentsOf(String key) throws UnsafeKeyException {
        List<String> segments = checkedSegments(key);
        if (segments.contains(STATE_FOLDER)) {
            throw new UnsafeKeyException(key, "inside a " + STATE_FOLDER + " folder (mediagc state)");
        }
        return segments;
    }

    private static List<String> checkedSegments(String key) throws UnsafeKeyException {
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

    private static List<String> parentsOf(List<String> segments) {
        return segments.subList(0, segments.size() - 1);
    }

    private static Path nameOf(List<String> segments) {
        return Path.of(segments.get(segments.size() - 1));
    }

    /**
     * The path of {@code key} under {@code base}, refused unless it stays strictly inside and no
     * folder on the way is a symbolic link.
     */
    static Path resolveInside(Path base, String key) throws IOException {
        List<String> segments = checkedSegments(key);
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
