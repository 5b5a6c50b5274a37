package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.hibernate.Entities.Profile;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cleanup on change keeps a file that a table or query outside the {@code @MediaFile} mapping
 * still names ({@code alsoReferencedBy}, {@code alsoReferencedByQuery}): the sweep reads those as
 * references, so deleting the file would break whoever reads them.
 */
class ExtraReferencesTest {

    @TempDir
    Path temp;
    Path media;
    TestDatabase db;
    SessionFactory sessionFactory;
    MediaFileCleanup cleanup;
    final List<String> events = new CopyOnWriteArrayList<>();

    private void start(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, Profile.class);
        cleanup = MediaFileCleanup.of(sessionFactory).store(LocalStore.at(media)).inline(true).delay(java.time.Duration.ZERO).stripPrefix("/media/")
                .listener(new RecordingListener(events));
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

    private Path file(String key) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + key);
        return file;
    }

    /** Saves a profile whose avatar is {@code value}, then deletes it, committing both. */
    private void saveAndDeleteProfileWithAvatar(String value) {
        Profile profile = new Profile("ann", value, null);
        sessionFactory.inTransaction(s -> s.persist(profile));
        sessionFactory.inTransaction(s -> s.remove(s.get(Profile.class, profile.id)));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileALegacyTableStillNamesIsKeptWhenTheMappedRowGoes(TestDatabase.Kind kind) throws IOException {
        start(kind);
        db.execute("CREATE TABLE legacy_gallery (id INTEGER PRIMARY KEY, picture VARCHAR(200))",
                "INSERT INTO legacy_gallery VALUES (1, '/media/avatars/ann.png')");
        cleanup.alsoReferencedBy("legacy_gallery.picture");
        Path avatar = file("avatars/ann.png");

        saveAndDeleteProfileWithAvatar("avatars/ann.png");

        assertThat(avatar).as("the legacy table names it, spelled with the strip prefix").exists();
        assertThat(events).containsExactly("kept avatars/ann.png: still referenced by legacy_gallery.picture");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileAReferenceQueryStillReturnsIsKeptEvenWhenTheQueryEndsInAComment(TestDatabase.Kind kind)
            throws IOException {
        start(kind);
        // A CMS stores full CDN addresses; the query turns them into store keys.
        db.execute("CREATE TABLE cms_setting (name VARCHAR(50), setting_value TEXT)",
                "INSERT INTO cms_setting VALUES ('hero', 'https://cdn.example.com/avatars/ann.png')");
        cleanup.alsoReferencedByQuery("SELECT REPLACE(setting_value, 'https://cdn.example.com/', '') FROM cms_setting "
                + "WHERE name = 'hero' -- the CMS's hero picture");
        Path avatar = file("avatars/ann.png");

        saveAndDeleteProfileWithAvatar("avatars/ann.png");

        assertThat(avatar).exists();
        assertThat(events).singleElement().asString().startsWith("kept avatars/ann.png: still referenced by reference query");
    }

    @Test
    void aFileNamedInsideAJsonColumnIsKeptWhenAQueryReadsItOut() throws IOException {
        start(TestDatabase.Kind.POSTGRESQL);
        db.execute("CREATE TABLE page (id INTEGER PRIMARY KEY, body JSONB)",
                "INSERT INTO page VALUES (1, '{\"title\": \"Team\", \"images\": [\"/media/team/ann.jpg\", \"/media/team/bob.jpg\"]}')");
        cleanup.alsoReferencedByQuery("SELECT jsonb_array_elements_text(body -> 'images') FROM page");
        Path ann = file("team/ann.jpg");

        saveAndDeleteProfileWithAvatar("/media/team/ann.jpg");

        assertThat(ann).exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileNothingNamesAnyMoreIsStillDeleted(TestDatabase.Kind kind) throws IOException {
        start(kind);
        db.execute("CREATE TABLE legacy_gallery (id INTEGER PRIMARY KEY, picture VARCHAR(200))",
                "INSERT INTO legacy_gallery VALUES (1, 'avatars/someone-else.png')",
                "CREATE TABLE cms_setting (name VARCHAR(50), setting_value TEXT)",
                "INSERT INTO cms_setting VALUES ('hero', 'https://cdn.example.com/heroes/summer.jpg')");
        cleanup.alsoReferencedBy("legacy_gallery.picture")
                .alsoReferencedByQuery("SELECT REPLACE(setting_value, 'https://cdn.example.com/', '') FROM cms_setting");
        Path avatar = file("avatars/ann.png");

        saveAndDeleteProfileWithAvatar("avatars/ann.png");

        assertThat(avatar).doesNotExist();
        assertThat(events).containsExactly("deleted avatars/ann.png");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aReferenceThatCannotBeReadKeepsTheFile(TestDatabase.Kind kind) throws IOException {
        start(kind);
        cleanup.alsoReferencedBy("dropped_table.picture");
        Path avatar = file("avatars/ann.png");

        saveAndDeleteProfileWithAvatar("avatars/ann.png");

        assertThat(avatar).as("unproven unreferenced: kept, and asked again later").exists();
        assertThat(events).isEmpty();
        assertThat(cleanup.pendingCount()).as("waiting for its retry").isEqualTo(1);
    }

    @Test
    void aColumnNotOfTheFormTableDotColumnOrAQueryThatIsNoSelectIsRefusedAtOnce() throws IOException {
        start(TestDatabase.Kind.H2);

        assertThatThrownBy(() -> cleanup.alsoReferencedBy("picture")).hasMessageContaining("TABLE.COLUMN");
        assertThatThrownBy(() -> cleanup.alsoReferencedByQuery("DELETE FROM legacy_gallery"))
                .hasMessageContaining("must be a SELECT");
    }
}
