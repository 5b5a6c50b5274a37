package dev.mediagc.internal.discover;

import dev.mediagc.Discovery;
import dev.mediagc.ColumnFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A young application's tables hold a handful of rows: a file column there names fewer stored
 * objects than the usual 3 hits, yet leaving it out of the proposal is how its files would be
 * lost. A column read whole is proposed when half its values name stored objects.
 */
class SmallTablesTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "SQLITE"})
    void aSmallTablesFileColumnIsProposedAndAColumnNamingAFileByChanceStaysWeak(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            Path media = Files.createDirectories(temp.resolve("media"));
            for (String key : new String[] {"docs/annual report.pdf", "docs/budget #3 (50%).xlsx", "logo.png", "team.png",
                    "thumbs/annual report.jpg"}) {
                Files.createDirectories(media.resolve(key).getParent());
                Files.writeString(media.resolve(key), key);
            }
            db.execute("CREATE TABLE document (id INT PRIMARY KEY, title VARCHAR(100), file VARCHAR(200))",
                    "INSERT INTO document VALUES (1, 'Annual report', 'docs/annual report.pdf')",
                    "INSERT INTO document VALUES (2, 'Budget', 'docs/budget #3 (50%).xlsx')",
                    // A page whose slug happens to be a stored file's name, among others that are not.
                    "CREATE TABLE page (id INT PRIMARY KEY, slug VARCHAR(100))",
                    "INSERT INTO page VALUES (1, 'about'), (2, 'contact'), (3, 'team.png'), (4, 'imprint')",
                    // One thumbnail so far, named as the site serves it.
                    "CREATE TABLE cover (id INT PRIMARY KEY, thumbnail VARCHAR(200))",
                    "INSERT INTO cover VALUES (1, '/media/thumbs/annual report.jpg')");

            Discovery.Result found;
            try (LocalStore store = LocalStore.at(media)) {
                found = MediaGc.discover(db.dataSource(), store).run();
            }

            assertThat(found.proposed()).extracting(ColumnFinding::reference).map(String::toLowerCase)
                    .containsExactlyInAnyOrder("document.file", "cover.thumbnail");
            assertThat(found.prefixes()).containsExactly("/media/");
            assertThat(found.weak()).extracting(ColumnFinding::reference).singleElement().asString().matches("(?i)page\\.slug");
        }
    }
}
