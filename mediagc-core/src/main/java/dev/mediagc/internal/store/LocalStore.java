package dev.mediagc.internal.store;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.OrderedListing;
import dev.mediagc.spi.StoreKeys;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;
import dev.mediagc.spi.VersionMismatchException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * <p>Every action on media (move, and so quarantine and restore; delete, and so purge; empty-folder
 * removal; and the stat before acting) goes through directory handles ({@link FolderChain}): each folder is opened relative to
 * its parent without following links, and the file is acted on relative to that handle, so a
 * folder swapped for a link between a check and an action cannot lead outside the root. Where the
 * platform offers no {@link java.nio.file.SecureDirectoryStream}, every action refuses with a clear
 * message ({@link #checkActionsPossible}); listing, and so a dry run, still works.
 *
 * <p>An object's time is the later of its modification and status-change time (ctime, where the
 * file system has one): a file moved into the store keeps its old mtime, but not its ctime. Its
 * version is its device and inode, modification time and size ({@link EntryAttributes#version}).
 *
 * <p>Keys under {@code .mediagc/quarantine/} live in the quarantine folder, which may be outside
 * the root ({@link #at(Path, Path)}); every other key under {@code .mediagc/} lives in
 * {@code ROOT/.mediagc/}. A key with a {@code .mediagc} segment below the root names another
 * store's state and is refused.
 */
public final class LocalStore implements ObjectStore, OrderedListing {

    /** mediagc's own folder inside every store root. */
    public static final String STATE_FOLDER = ".mediagc";

    private final Path root;
    private final Path stateRoot;
    private final Path quarantineRoot;
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
                visitor.object(new StoredObject(key, attrs.size(), attrs.changed(), attrs.version()));
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

    /**
     * Read from the file system, writing nothing ({@link CaseProbe}): one name with an ASCII
     * letter is looked up with its letters' case swapped, from the root ({@code .mediagc} once the
     * store has been swept with {@code --apply}: an applied run holds its lease there before it
     * asks), else from the nearest folder below that has one. EXACT when no name in the store has
     * a letter (case cannot matter then); UNKNOWN when none turned up in the first 10,000 entries.
     * Another file system mounted below the root (Linux's {@code /proc/self/mountinfo}) is probed
     * too, as its keys are the store's. A folder with a case setting of its own on the root's file
     * system (ext4's {@code chattr +F} on an empty sub-folder of a case-sensitive root) is not seen.
     */
    @Override
    public dev.mediagc.spi.LetterCase letterCase() throws IOException {
        return CaseProbe.ofStore(root, Path.of("/proc/self/mountinfo"));
    }

    // ---------------------------------------------------------------- where a key lives

    /**
     * Where a key lives: {@code base}, opened as trusted, and the segments below it down to the
     * object ({@code name} is the last). The first {@code kept} segments are folders mediagc
     * keeps (its own and the quarantine folder), never removed as empty.
     */
    private record Place(Path base, List<String> segments, int kept, boolean ownFolder) {

        List<String> folders() {
            return segments.subList(0, segments.size() - 1);
        }

        Path name() {
            return Path.of(segments.get(segments.size() - 1));
        }

        Path path() {
            Path path = base;
            for (String segment : segments) {
                path = path.resolve(segment);
            }
            return path;
        }
    }

    /** Where the object {@code key} lives. */
    private Place placeOf(String key) throws UnsafeKeyException {
        Place place = placeOfSegments(StoreKeys.requireSafe(key), key);
        if (place.segments().size() <= place.kept()) {
            throw new UnsafeKeyException(key, "names one of mediagc's own folders, not an object");
        }
        return place;
    }

    /** Where the folder {@code folderKey} ({@code ""}, or a key ending with {@code /}) lives. */
    private Place placeOfFolder(String folderKey) throws UnsafeKeyException {
        List<String> segments = StoreKeys.requireSafeFolder(folderKey);
        return segments.isEmpty() ? new Place(root, List.of(), 0, false) : placeOfSegments(segments, folderKey);
    }

    private Place placeOfSegments(List<String> segments, String key) throws UnsafeKeyException {
        if (!segments.get(0).equals(STATE_FOLDER)) {
            refuseOtherStoresState(segments, key);
            refuseQuarantineFolder(segments, key);
            return new Place(root, segments, 0, false);
        }
        if (segments.size() >= 2 && segments.get(1).equals("quarantine")) {
            List<String> inQuarantine = segments.subList(2, segments.size());
            if (!inQuarantine.isEmpty() && !RunId.isSafe(inQuarantine.get(0))) {
                throw new UnsafeKeyException(key, "not in a quarantine run's folder");
            }
            refuseOtherStoresState(inQuarantine, key);
            List<String> all = new ArrayList<>(quarantineSegments);
            all.addAll(inQuarantine);
            return new Place(quarantineBase, List.copyOf(all), quarantineSegments.size(), true);
        }
        refuseOtherStoresState(segments.subList(1, segments.size()), key);
        return new Place(root, segments, 1, false);
    }

    /**
     * A quarantine folder kept inside the root is never listed as media, so no media key may name
     * it or what is in it: only its {@code .mediagc/quarantine/} keys do. Otherwise a hand-edited
     * plan or a row naming {@code trash/RUN/photo.jpg} would have a quarantined file moved again,
     * out of the run that can restore it.
     */
    private void refuseQuarantineFolder(List<String> segments, String key) throws UnsafeKeyException {
        int depth = quarantineSegments.size();
        if (depth > 0 && segments.size() >= depth && segments.subList(0, depth).equals(quarantineSegments)) {
            throw new UnsafeKeyException(key, "inside the quarantine folder " + quarantineRoot
                    + ", which holds quarantined files, not media");
        }
    }

    private static void refuseOtherStoresState(List<String> segments, String key) throws UnsafeKeyException {
        if (segments.contains(STATE_FOLDER)) {
            throw new UnsafeKeyException(key, "inside a " + STATE_FOLDER + " folder (mediagc state)");
        }
    }

    // ---------------------------------------------------------------- single objects

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Place place = placeOf(key);
        try (FolderChain folder = FolderChain.open(place.base(), place.folders(), false, key)) {
            BasicFileAttributes attrs = attributes(folder.last(), place.name());
            if (!attrs.isRegularFile()) {
                return Optional.empty();
            }
            FileTime ctime = null;
            if (withCtime) {
                // Handles give no ctime; read it by path, and trust it only if the path still
                // leads to the very file the handle sees.
                ctime = EntryAttributes.ctimeIfSameFile(place.path(), attrs.fileKey());
                if (ctime == null) {
                    return Optional.empty(); // changed under us: report it gone, so it is kept
                }
            }
            EntryAttributes now = EntryAttributes.of(attrs, ctime);
            return Optional.of(new StoredObject(key, now.size(), now.changed(), now.version()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Read by path, every folder on the way checked not to be a link, and the file's version read
     * before and after: a read that a rewrite overlapped is done again.
     */
    @Override
    public Optional<StoredContent> read(String key) throws IOException {
        Path path = pathInside(placeOf(key), key);
        for (int attempt = 0; ; attempt++) {
            try {
                BasicFileAttributes before = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!before.isRegularFile()) {
                    return Optional.empty();
                }
                byte[] bytes;
                try (FileChannel in = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    bytes = readAll(in);
                }
                String version = EntryAttributes.version(before);
                String after = EntryAttributes.version(
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
                if (version.equals(after) || attempt == 10) {
                    return Optional.of(new StoredContent(bytes, after.equals(version) ? version : null));
                }
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
        }
    }

    private static byte[] readAll(FileChannel in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(in.size(), 1 << 20));
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        while (in.read(buffer) >= 0) {
            out.write(buffer.array(), 0, buffer.position());
            buffer.clear();
        }
        return out.toByteArray();
    }

    /**
     * Written whole to a private file first, then hard-linked into place: link(2) fails if the
     * name exists, so exactly one creator wins and no reader ever sees a half-written file.
     */
    @Override
    public boolean createIfAbsent(String key, byte[] content) throws IOException {
        Path target = pathInside(placeOf(key), key);
        createFoldersDurably(target.getParent());
        Path temp = privateCopy(target, content);
        try {
            Files.createLink(target, temp);
            syncFolder(target.getParent());
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** One compare-and-set at a time in this process; {@link FileLock} keeps other processes out. */
    private static final Object COMPARE_AND_SET = new Object();

    /**
     * Under an exclusive lock on the current file (other processes) and a lock of this process, the
     * version is compared and the new content renamed into place. A second replacer that waited on
     * the lock of the old file then finds a new version and refuses.
     */
    @Override
    public boolean replaceIfVersion(String key, byte[] content, String expectedVersion) throws IOException {
        Path target = pathInside(placeOf(key), key);
        synchronized (COMPARE_AND_SET) {
            try (FileChannel current = FileChannel.open(target, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
                 FileLock lock = current.lock()) {
                BasicFileAttributes now = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!now.isRegularFile() || !EntryAttributes.version(now).equals(expectedVersion)) {
                    return false;
                }
                replace(target, content);
                return true;
            } catch (NoSuchFileException e) {
                return false;
            }
        }
    }

    @Override
    public void write(String key, byte[] content) throws IOException {
        Path target = pathInside(placeOf(key), key);
        createFoldersDurably(target.getParent());
        replace(target, content);
    }

    /** A synced private copy renamed over {@code target}, then the folder synced: atomic and durable. */
    private static void replace(Path target, byte[] content) throws IOException {
        Path temp = privateCopy(target, content);
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        syncFolder(target.getParent());
    }

    private static Path privateCopy(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".new");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(content);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return temp;
    }

    /**
     * Creates {@code folder} and its missing parents, syncing the parent of each one made: a journal
     * part is only durable before the action it records if the new folder holding it is too.
     */
    private static void createFoldersDurably(Path folder) throws IOException {
        java.util.Deque<Path> missing = new java.util.ArrayDeque<>();
        // As Files.createDirectories does, an existing folder may be reached through a link (a root that
        // is one); the folders inside the store were checked not to be links when the path was made.
        for (Path p = folder; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path next = missing.pop();
            try {
                Files.createDirectory(next);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(next)) {
                    throw e;
                }
                continue; // made meanwhile by another writer, who syncs it
            }
            syncFolder(next.getParent());
        }
    }

    /** Syncs a folder, so the names in it (a newly created file) survive a crash. */
    private static void syncFolder(Path folder) throws IOException {
        FileChannel dir;
        try {
            dir = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // platforms that cannot open a folder (Windows) keep names durable by themselves
        }
        try (dir) {
            dir.force(true);
        }
    }

    /**
     * Through directory handles from end to end. Into a quarantine run's folder, which only mediagc
     * writes, a plain rename after checking the name is free; anywhere else the target name is first
     * claimed with an exclusive create, so an object that appears there is never replaced.
     */
    @Override
    public void move(String fromKey, String toKey) throws IOException {
        move(fromKey, toKey, HandleMoves.SourceCheck.NONE);
    }

    /**
     * As {@link #move}, with the file's version (device, inode, modification time, size) compared
     * through its folder's handle just before the rename: the best a POSIX file system offers, as
     * there is no "rename only if still this file". What remains is the window between that
     * comparison and the rename (microseconds): a file renamed onto the name or written in place
     * just then is moved all the same. Across file systems the comparison is made before the copy,
     * and the original is removed only if it is still the file copied, unchanged.
     */
    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        java.util.Objects.requireNonNull(expectedVersion, "expectedVersion");
        move(fromKey, toKey, (folder, name) -> {
            BasicFileAttributes now = attributes(folder, name);
            String version = now.isRegularFile() ? EntryAttributes.version(now) : null;
            if (!expectedVersion.equals(version)) {
                throw new VersionMismatchException(fromKey, expectedVersion, version);
            }
        });
    }

    private void move(String fromKey, String toKey, HandleMoves.SourceCheck check) throws IOException {
        Place from = placeOf(fromKey);
        Place to = placeOf(toKey);
        try (FolderChain source = FolderChain.open(from.base(), from.folders(), false, fromKey)) {
            requireRegularFile(source.last(), from.name(), fromKey); // before any folder is made for it
            if (to.ownFolder() && !to.base().equals(root)) {
                Files.createDirectories(to.base()); // a quarantine folder the user named, like the root
            }
            try (FolderChain target = FolderChain.open(to.base(), to.folders(), true, toKey)) {
                String taken = "an object is already at " + toKey + "; a move never replaces one";
                if (to.ownFolder()) {
                    HandleMoves.moveIntoOwnFolder(source.last(), from.name(), target.last(), to.name(), toKey, taken, check);
                } else {
                    HandleMoves.moveWithoutReplacing(source.last(), from.name(), target.last(), to.name(), toKey, taken, check);
                }
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Place place = placeOf(key);
        try (FolderChain folder = FolderChain.open(place.base(), place.folders(), false, key)) {
            requireRegularFile(folder.last(), place.name(), key);
            // unlinkat: had the name become a link meanwhile, the link itself would go, never its target.
            folder.last().deleteFile(place.name());
        } catch (NoSuchFileException e) {
            // nothing there: nothing to delete
        }
    }

    /** Read by path, every folder on the way checked not to be a link; read-only, like the listing. */
    @Override
    public List<String> children(String folderKey) throws IOException {
        Place place = placeOfFolder(folderKey);
        Path dir = place.segments().isEmpty() ? place.base() : pathInside(place, folderKey);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".new") && place.kept() > 0) {
                    continue; // a private copy being written into mediagc's own folder
                }
                try {
                    BasicFileAttributes attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    names.add(attrs.isDirectory() ? name + "/" : name);
                } catch (NoSuchFileException e) {
                    // removed meanwhile
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        names.sort(KeyOrder.COMPARATOR);
        return names;
    }

    @Override
    public int removeEmptyFolders(List<String> folderKeys) throws IOException {
        int removed = 0;
        for (String key : folderKeys) {
            Place place;
            try {
                place = placeOfFolder(key.endsWith("/") ? key : key + "/");
            } catch (UnsafeKeyException e) {
                continue; // not a folder of ours to remove
            }
            List<String> segments = place.segments();
            try (FolderChain chain = FolderChain.open(place.base(), segments.subList(0, Math.max(0, segments.size() - 1)),
                    false, key)) {
                // From the deepest folder up, each removed relative to its parent's handle; rmdir
                // itself refuses a folder with anything in it (and a link), so no check-then-act race.
                for (int depth = segments.size() - 1; depth >= place.kept(); depth--) {
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
    public void close() {
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
     * The path of {@code place}, refused if a folder on the way is a symbolic link. For what is
     * read and written by path (small files, listings of a folder); actions on media go through
     * directory handles instead.
     */
    private static Path pathInside(Place place, String key) throws IOException {
        Path path = place.base();
        List<String> segments = place.segments();
        for (int i = 0; i < segments.size(); i++) {
            path = path.resolve(segments.get(i));
            if (i < segments.size() - 1 && Files.isSymbolicLink(path)) {
                throw new UnsafeKeyException(key, "passes through the symbolic link " + path);
            }
        }
        return path;
    }
}
