package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Stores;
import dev.mediagc.hibernate.Entities.Profile;
import dev.mediagc.spi.LetterCase;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.testing.CaseFoldingMount;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On a store that folds letter case, {@code Photo.JPG} and {@code photo.jpg} are one file: the
 * application opens the file stored as {@code photo.jpg} by either name. When one row naming it
 * goes, cleanup on change must not delete it while another row, or an extra reference, still
 * names it in other letters. The store is a real case-folding file system
 * ({@link CaseFoldingMount}, FUSE); on an ordinary folder the two spellings stay two files.
 */
class CaseFoldingStoreCleanupTest {

    /** What the listener hears when a profile's avatar keeps {@code uploads/photo.jpg}. */
    static final String KEPT_BY_AN_AVATAR = "kept uploads/photo.jpg: still referenced by " + Profile.class.getName() + ".avatar";

    @TempDir
    static Path shared;
    static CaseFoldingMount mount;
    /** Why FUSE cannot be used here, or null. */
    static CaseFoldingMount.Unavailable unavailable;

    @TempDir
    Path temp;
    TestDatabase db;
    SessionFactory sessionFactory;
    MediaFileCleanup cleanup;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void mountACaseFoldingFileSystem() throws IOException {
        try {
            mount = CaseFoldingMount.mount(Files.createDirectories(shared.resolve("backing")),
                    Files.createDirectories(shared.resolve("mount")));
        } catch (CaseFoldingMount.Unavailable e) {
            unavailable = e;
        }
    }

    @AfterAll
    static void unmount() {
        if (mount != null) {
            mount.close();
        }
    }

    @AfterEach
    void stop() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /**
     * A folder of its own on the case-folding mount: the files are written at {@code backing()}
     * (the plain disk below), the store sees them folding case at {@code root()}. Skipped saying
     * why where FUSE cannot be used; on CI, failed saying why.
     */
    private record Folder(Path backing, Path root) {
        Path write(String key) throws IOException {
            Path file = backing.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key);
            return file;
        }
    }

    private Folder foldingFolder(TestInfo test) throws IOException {
        CaseFoldingMount.skipOrFailWithout(unavailable);
        String name = test.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
        Path backing = Files.createDirectories(shared.resolve("backing").resolve(name));
        return new Folder(backing, mount.root().resolve(name));
    }

    private Folder ordinaryFolder() throws IOException {
        Path media = Files.createDirectories(temp.resolve("media"));
        return new Folder(media, media);
    }

    private void start(TestDatabase.Kind kind, ObjectStore store) {
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, Profile.class);
        cleanup = MediaFileCleanup.of(sessionFactory).store(store).inline(true).delay(Duration.ZERO)
                .listener(new RecordingListener(events));
    }

    private Long saveProfileWithAvatar(String avatar) {
        Profile profile = new Profile("ann", avatar, null);
        sessionFactory.inTransaction(s -> s.persist(profile));
        return profile.id;
    }

    /** Deletes the row, commits, and waits until cleanup has taken up what that released. */
    private void deleteProfile(Long id) throws InterruptedException {
        sessionFactory.inTransaction(s -> s.remove(s.get(Profile.class, id)));
        assertThat(cleanup.awaitIdle(Duration.ofSeconds(20))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileAnotherRowNamesInOtherLettersIsKeptOnAStoreThatFoldsCase(TestDatabase.Kind kind, TestInfo test)
            throws Exception {
        Folder folder = foldingFolder(test);
        Path photo = folder.write("uploads/photo.jpg");
        start(kind, Stores.local(folder.root()));
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        saveProfileWithAvatar("uploads/Photo.JPG"); // row B: the same file, as the application opens it

        deleteProfile(rowA);

        assertThat(photo).as("row B still names it, in other letters").exists();
        assertThat(events).containsExactly(KEPT_BY_AN_AVATAR);
    }

    @Test
    void aValueRewrittenInOtherLettersKeepsItsFileOnAStoreThatFoldsCase(TestInfo test) throws Exception {
        Folder folder = foldingFolder(test);
        Path photo = folder.write("uploads/photo.jpg");
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        Long row = saveProfileWithAvatar("uploads/photo.jpg");

        // e.g. a migration that restores the letters the user uploaded the file with
        sessionFactory.inTransaction(s -> s.get(Profile.class, row).avatar = "uploads/Photo.JPG");
        assertThat(cleanup.awaitIdle(Duration.ofSeconds(20))).isTrue();

        assertThat(photo).as("the row releases photo.jpg but names the same file").exists();
        assertThat(events).containsExactly(KEPT_BY_AN_AVATAR);
    }

    @Test
    void aFileAnExtraReferenceNamesInOtherLettersIsKeptOnAStoreThatFoldsCase(TestInfo test) throws Exception {
        Folder folder = foldingFolder(test);
        Path photo = folder.write("uploads/photo.jpg");
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        db.execute("CREATE TABLE legacy_gallery (id INTEGER PRIMARY KEY, picture VARCHAR(200))",
                "INSERT INTO legacy_gallery VALUES (1, 'UPLOADS/Photo.JPG')");
        cleanup.alsoReferencedBy("legacy_gallery.picture");
        Long onlyMappedRow = saveProfileWithAvatar("uploads/photo.jpg");

        deleteProfile(onlyMappedRow);

        assertThat(photo).as("the legacy table still names it, in other letters").exists();
        assertThat(events).containsExactly("kept uploads/photo.jpg: still referenced by legacy_gallery.picture");
    }

    @Test
    void aFileNoRowNamesInAnyLettersAnyMoreIsDeletedOnAStoreThatFoldsCase(TestInfo test) throws Exception {
        Folder folder = foldingFolder(test);
        Path photo = folder.write("uploads/photo.jpg");
        Path other = folder.write("uploads/other.jpg");
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        Long rowB = saveProfileWithAvatar("uploads/Photo.JPG");
        saveProfileWithAvatar("uploads/OTHER.jpg");

        deleteProfile(rowA);
        deleteProfile(rowB);

        assertThat(photo).as("the last row naming it, in any letters, is gone").doesNotExist();
        assertThat(other).as("another file, named by a row in other letters").exists();
        assertThat(events).containsExactly(KEPT_BY_AN_AVATAR,
                "deleted uploads/Photo.JPG");
    }

    @Test
    void aProtectedFileNamedInOtherLettersIsKeptOnAStoreThatFoldsCase(TestInfo test) throws Exception {
        Folder folder = foldingFolder(test);
        Path team = folder.write("shared/team.png");
        Path banner = folder.write("defaults/banner.png");
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        cleanup.protect("shared/**"); // and Profile.banner keeps defaults/*
        Long row = saveProfileWithAvatar("Shared/Team.png");
        sessionFactory.inTransaction(s -> s.get(Profile.class, row).banner = "Defaults/Banner.png");

        deleteProfile(row);

        assertThat(team).as("protect(\"shared/**\") covers it: the sweep sees it listed as shared/team.png").exists();
        assertThat(banner).as("@MediaFile(keep = \"defaults/*\") covers it").exists();
        assertThat(events).containsExactlyInAnyOrder("kept Shared/Team.png: protected", "kept Defaults/Banner.png: protected");
    }

    @Test
    void aFoldingStoreFirstAskedWhileItHeldNoFileIsAskedAgainOnceItHoldsOne(TestInfo test) throws Exception {
        Folder folder = foldingFolder(test);
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        // The first re-check finds an empty store: the probe has no name to look at and answers
        // EXACT, which must not be taken for the file system's last word.
        deleteProfile(saveProfileWithAvatar("uploads/never-stored.jpg"));
        Path photo = folder.write("uploads/photo.jpg");
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        saveProfileWithAvatar("uploads/Photo.JPG");

        deleteProfile(rowA);

        assertThat(photo).as("row B still names it, in other letters").exists();
        assertThat(events).endsWith(KEPT_BY_AN_AVATAR);
    }

    @Test
    void onACaseSensitiveFolderTwoSpellingsAreTwoFilesAndTheReleasedOneIsDeleted() throws Exception {
        Folder folder = ordinaryFolder();
        Path lower = folder.write("uploads/photo.jpg");
        Path upper = folder.write("uploads/Photo.JPG");
        start(TestDatabase.Kind.H2, Stores.local(folder.root()));
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        saveProfileWithAvatar("uploads/Photo.JPG");

        deleteProfile(rowA);

        assertThat(lower).as("its only row is gone; Photo.JPG is another file").doesNotExist();
        assertThat(upper).exists();
        assertThat(events).containsExactly("deleted uploads/photo.jpg");
    }

    /** An ordinary folder that answers {@code letterCase()} as told, counting the questions. */
    private static final class AnsweringStore extends ForwardingStore {
        final AtomicInteger asked = new AtomicInteger();
        final LetterCase answer;

        AnsweringStore(Path root, LetterCase answer) {
            super(Stores.local(root));
            this.answer = answer;
        }

        @Override
        public LetterCase letterCase() throws IOException {
            asked.incrementAndGet();
            if (answer == null) {
                throw new IOException("the probe could not read the folder");
            }
            return answer;
        }
    }

    @Test
    void aStoreThatCannotTellWhetherItFoldsCaseIsAskedOnceAndKeepsAFileNamedInOtherLetters() throws Exception {
        Folder folder = ordinaryFolder();
        Path photo = folder.write("uploads/photo.jpg");
        Path banner = folder.write("uploads/banner.jpg");
        AnsweringStore store = new AnsweringStore(folder.root(), LetterCase.UNKNOWN);
        start(TestDatabase.Kind.H2, store);
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        saveProfileWithAvatar("uploads/Photo.JPG");
        Long bannerRow = saveProfileWithAvatar("uploads/banner.jpg");

        deleteProfile(rowA);
        deleteProfile(bannerRow);

        assertThat(photo).as("when in doubt, keep").exists();
        assertThat(banner).as("nothing names it in any letters").doesNotExist();
        assertThat(store.asked).as("the probe may walk folders: asked once").hasValue(1);
    }

    /**
     * Ignoring case adds a look-up and never replaces the exact one: MariaDB's {@code LOWER()} leaves
     * a binary column as it is, so {@code LOWER(avatar) IN ('uploads/photo.jpg')} misses the row
     * holding exactly {@code uploads/Photo.JPG}, which {@code avatar IN ('uploads/Photo.JPG')} finds.
     */
    @Test
    void aRowHoldingExactlyTheReleasedValueInABinaryColumnKeepsItsFileWhenMatchingIgnoresCase() throws Exception {
        Folder folder = ordinaryFolder();
        Path photo = folder.write("uploads/Photo.JPG");
        start(TestDatabase.Kind.MARIADB, new AnsweringStore(folder.root(), LetterCase.UNKNOWN));
        db.execute("ALTER TABLE profile MODIFY avatar VARBINARY(255)");
        Long rowA = saveProfileWithAvatar("uploads/Photo.JPG");
        saveProfileWithAvatar("uploads/Photo.JPG");

        deleteProfile(rowA);

        assertThat(photo).as("row B holds exactly its name").exists();
        assertThat(events).singleElement().asString().startsWith("kept uploads/Photo.JPG: still referenced by");
    }

    @Test
    void aLetterCaseProbeThatFailsKeepsAFileNamedInOtherLetters() throws Exception {
        Folder folder = ordinaryFolder();
        Path photo = folder.write("uploads/photo.jpg");
        start(TestDatabase.Kind.H2, new AnsweringStore(folder.root(), null));
        Long rowA = saveProfileWithAvatar("uploads/photo.jpg");
        saveProfileWithAvatar("uploads/Photo.JPG");

        deleteProfile(rowA);

        assertThat(photo).as("when in doubt, keep").exists();
        assertThat(events).containsExactly(KEPT_BY_AN_AVATAR);
    }
}
