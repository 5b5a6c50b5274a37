package dev.mediagc.internal.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.ProgressListener;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.plan.PlanReader;
import dev.mediagc.spi.LetterCase;
import dev.mediagc.testing.CaseFoldingMount;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.ReadOnlyStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a file system that folds letter case, a row naming {@code uploads/Photo.JPG} is the file
 * stored as {@code uploads/photo.jpg}: the application opens it by that name, so it is live. The
 * store is a real case-folding file system ({@link CaseFoldingMount}, FUSE), the sweeps real
 * ones, against SQLite.
 */
class CaseFoldingStoreTest {

    /** What the report says, once, when the store made the run ignore case. */
    static final String FOLDS = "the store folds letter case: matching ignores case, as `ignore-case` would";

    @TempDir
    static Path shared;
    static CaseFoldingMount mount;
    /** Why FUSE cannot be used here, or null. */
    static CaseFoldingMount.Unavailable unavailable;

    @TempDir
    Path temp;

    @BeforeAll
    static void mountACaseFoldingFileSystem() throws IOException {
        try {
            mount = CaseFoldingMount.mount(Files.createDirectories(shared.resolve("backing")),
                    Files.createDirectories(shared.resolve("mount")));
        } catch (CaseFoldingMount.Unavailable e) {
            unavailable = e;
        }
    }

    @BeforeEach
    void requireTheMount() {
        CaseFoldingMount.skipOrFailWithout(unavailable); // skipped saying why; on CI, failed saying why
    }

    @AfterAll
    static void unmount() {
        if (mount != null) {
            mount.close();
        }
    }

    /** A store of its own per test: on disk at {@code backing}, seen folding case at {@code root}. */
    record Store(Path backing, Path root, TestDatabase db) implements AutoCloseable {
        MediaGc.Builder sweep() {
            return MediaGc.configure().dataSource(db.dataSource()).reference("photo.file").store(LocalStore.at(root));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /**
     * Four live files, one of them named by its row in other letters ({@code Photo.JPG} for the
     * file stored as {@code photo.jpg}), and one real orphan; every file three days old.
     */
    private Store storeWithAPhotoSpelledOtherwise(TestInfo test) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        Path backing = Files.createDirectories(shared.resolve("backing").resolve(name));
        TestDatabase db = TestDatabase.Kind.SQLITE.create(temp);
        db.execute("CREATE TABLE photo (file VARCHAR(200))",
                "INSERT INTO photo VALUES ('uploads/Photo.JPG'), ('uploads/a.jpg'), ('uploads/b.jpg'), ('uploads/c.jpg')");
        for (String key : List.of("uploads/photo.jpg", "uploads/a.jpg", "uploads/b.jpg", "uploads/c.jpg", "uploads/orphan.jpg")) {
            write(backing, key);
        }
        return new Store(backing, mount.root().resolve(name), db);
    }

    static void write(Path root, String key) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "bytes of " + key);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    }

    static List<String> quarantined(Path backing) throws IOException {
        Path quarantine = backing.resolve(".mediagc/quarantine");
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(quarantine)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void theMountFoldsCaseAndTheProbeSaysSo(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            assertThat(Files.readString(store.root().resolve("UPLOADS/Photo.JPG"))).isEqualTo("bytes of uploads/photo.jpg");

            assertThat(CaseProbe.of(store.root())).isEqualTo(LetterCase.FOLDED);
            assertThat(LocalStore.at(store.root()).letterCase()).isEqualTo(LetterCase.FOLDED);
        }
    }

    @Test
    void aMountNumberingEachSpellingAsAnotherFileIsSeenFoldingByItsListing(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        Path backing = Files.createDirectories(shared.resolve(name));
        write(backing, "uploads/photo.jpg");
        try (CaseFoldingMount numbering = CaseFoldingMount.mount(backing, Files.createDirectories(temp.resolve("mount")), false)) {
            Path root = numbering.root();
            assertThat(Files.readAttributes(root.resolve("uploads"), "unix:ino"))
                    .as("two spellings, two inode numbers: the file key cannot tell")
                    .isNotEqualTo(Files.readAttributes(root.resolve("UPLOADS"), "unix:ino"));

            assertThat(LocalStore.at(root).letterCase()).isEqualTo(LetterCase.FOLDED);
        }
    }

    @Test
    void aRootHoldingNoNameWithALetterIsProbedByANameBelowIt(TestInfo test) throws IOException {
        String name = test.getTestMethod().orElseThrow().getName();
        write(shared.resolve("backing").resolve(name), "2024/05/photo.jpg");

        assertThat(LocalStore.at(mount.root().resolve(name)).letterCase()).isEqualTo(LetterCase.FOLDED);
    }

    @Test
    void anAppliedSweepKeepsTheFileARowNamesInOtherLettersAndQuarantinesTheOrphan(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            SweepReport report = store.sweep().apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(store.backing().resolve("uploads/photo.jpg")).exists();
            assertThat(store.backing().resolve("uploads/orphan.jpg")).doesNotExist();
            assertThat(quarantined(store.backing())).containsExactly("orphan.jpg");
            assertThat(report.quarantined().samples()).containsExactly("uploads/orphan.jpg");
            assertThat(report.warnings()).containsOnlyOnce(FOLDS);
        }
    }

    /**
     * The application writes {@code cache/x.png} into a folder first created as {@code Cache/}: listed
     * as {@code Cache/x.png}, it is what {@code cache/**} excludes, on a store that folds case.
     */
    @Test
    void anExcludeNamesAFolderListedInOtherLetters(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            write(store.backing(), "Cache/render.png");

            SweepReport report = store.sweep().exclude("cache/**").apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(store.backing().resolve("Cache/render.png")).exists();
            assertThat(report.excluded().count()).isEqualTo(1);
            assertThat(quarantined(store.backing())).containsExactly("orphan.jpg");
        }
    }

    /**
     * A case-sensitive root with a case-folding file system mounted below it (a Mac folder shared
     * into a Linux container): the root's own probe says EXACT, but the mount's keys are the
     * store's, so the store is matched ignoring case and the file a row names in other letters is
     * no orphan. A dry run: a move out of the mount into the root's quarantine would cross devices.
     */
    @Test
    void aFoldingFileSystemMountedBelowACaseSensitiveRootMakesTheRunIgnoreCase(TestInfo test) throws Exception {
        String name = test.getTestMethod().orElseThrow().getName();
        Path backing = Files.createDirectories(shared.resolve(name));
        write(backing, "photo.jpg");
        write(backing, "orphan.jpg");
        Path root = Files.createDirectories(temp.resolve("site"));
        write(root, "Readme.txt");
        Path uploads = Files.createDirectories(root.resolve("uploads"));
        try (CaseFoldingMount below = CaseFoldingMount.mount(backing, uploads);
             TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            db.execute("CREATE TABLE photo (file VARCHAR(200))",
                    "INSERT INTO photo VALUES ('uploads/Photo.JPG'), ('Readme.txt')");
            assertThat(CaseProbe.of(root)).as("the root alone").isEqualTo(LetterCase.EXACT);
            assertThat(LocalStore.at(root).letterCase()).isEqualTo(LetterCase.FOLDED);
            Path list = temp.resolve("orphans.txt");

            SweepReport report = MediaGc.configure().dataSource(db.dataSource()).reference("photo.file")
                    .store(LocalStore.at(root)).orphanList(list).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactly("uploads/orphan.jpg");
            assertThat(report.warnings()).contains(FOLDS);
        }
    }

    @Test
    void aDryRunReportsTheRealOrphansWithoutWritingAnything(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            Map<String, String> before = MediaTree.everything(store.backing());
            ReadOnlyStore readOnly = new ReadOnlyStore(LocalStore.at(store.root()));
            Path list = temp.resolve("orphans.txt");

            SweepReport report = store.sweep().store(readOnly).orphanList(list).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactly("uploads/orphan.jpg");
            assertThat(report.objects().count()).isEqualTo(5);
            assertThat(report.warnings()).contains(FOLDS);
            assertThat(readOnly.refusedWrites()).isEmpty();
            assertThat(MediaTree.everything(store.backing())).isEqualTo(before);
        }
    }

    @Test
    void aReadOnlyRootIsProbedByReadingAndItsRealOrphansReported(TestInfo test) throws Exception {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            try {
                assertThat(immutable(store.backing(), true)).as("chattr +i on the backing folder").isTrue();
                Path list = temp.resolve("orphans.txt");

                SweepReport report = store.sweep().orphanList(list).load().sweep();

                assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
                assertThat(Files.readAllLines(list)).containsExactly("uploads/orphan.jpg");
                assertThat(report.warnings()).contains(FOLDS);
            } finally {
                immutable(store.backing(), false);
            }
        }
    }

    @Test
    void aPlanMadeOnAFoldingStoreCarriesIgnoreCaseAndApplyActsAlike(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            Path plan = temp.resolve("plan.jsonl.gz");
            Path explicit = temp.resolve("explicit.jsonl.gz");

            assertThat(store.sweep().load().plan(plan).outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(store.sweep().ignoreCase(true).load().plan(explicit).outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(PlanReader.check(plan).settings()).isEqualTo(PlanReader.check(explicit).settings());

            SweepReport applied = store.sweep().apply(Action.QUARANTINE).load().apply(plan);

            assertThat(applied.outcome()).as(applied.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(store.backing().resolve("uploads/photo.jpg")).exists();
            assertThat(quarantined(store.backing())).containsExactly("orphan.jpg");
        }
    }

    @Test
    void theReVerificationLooksTheCandidateUpIgnoringCase(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            // A row for the orphan, in other letters, committed after the mark and before the
            // move: the look-up right before acting must find it, so the file never leaves.
            ProgressListener rowArrives = new ProgressListener() {
                @Override
                public void phase(String name) {
                    if (name.equals("act")) {
                        store.db().execute("INSERT INTO photo VALUES ('Uploads/ORPHAN.jpg')");
                    }
                }
            };

            SweepReport report = store.sweep().progress(rowArrives).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.keptReferencedAgain().samples()).containsExactly("uploads/orphan.jpg");
            assertThat(report.reReferenced().count()).isZero();
            assertThat(store.backing().resolve("uploads/orphan.jpg")).exists();
            assertThat(quarantined(store.backing())).isEmpty();
        }
    }

    @Test
    void ignoreCaseGivenOnAFoldingStoreChangesNothing(TestInfo test) throws IOException {
        try (Store store = storeWithAPhotoSpelledOtherwise(test)) {
            SweepReport report = store.sweep().ignoreCase(true).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(store.backing().resolve("uploads/photo.jpg")).exists();
            assertThat(quarantined(store.backing())).containsExactly("orphan.jpg");
            assertThat(report.warnings()).doesNotContain(FOLDS); // nothing to change, nothing probed
        }
    }

    static boolean immutable(Path root, boolean on) throws IOException, InterruptedException {
        Process chattr = new ProcessBuilder("chattr", "-R", on ? "+i" : "-i", root.toString())
                .redirectErrorStream(true).start();
        chattr.getInputStream().readAllBytes();
        return chattr.waitFor() == 0;
    }
}
