package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * References written the way real applications have them, on every database kind, through the
 * command line, dry run and apply: a {@code --ref-sql} pasted with its trailing {@code -- comment}
 * or {@code ;}, and columns named with reserved words (Rails' {@code active_storage_blobs.key}, a
 * column called {@code order}).
 */
class ReferenceSpellingsAcrossDatabasesTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQueryEndingInACommentOrASemicolonWorksInTheDryRunAndWhenApplying(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                    "INSERT INTO media VALUES (1, 'uploads/a.jpg'), (2, 'uploads/b.jpg')",
                    "CREATE TABLE document (id INT PRIMARY KEY, path VARCHAR(200))",
                    "INSERT INTO document VALUES (1, 'docs/c.pdf'), (2, 'docs/d.pdf')");
            Path media = mediaFolder("uploads/a.jpg", "uploads/b.jpg", "docs/c.pdf", "docs/d.pdf", "uploads/orphan.jpg");
            List<String> references = List.of(
                    "--ref-sql", "SELECT path FROM media -- uploads of the editor",
                    "--ref-sql", "SELECT path FROM document;  \n");

            assertDryRunThenApplyMoveOnlyTheOrphan(db, media, references, "uploads/orphan.jpg");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void columnsNamedKeyOrOrderAreReadInTheDryRunAndWhenApplying(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            // Each column is made the way an unquoted "key" or "order" would be spelt by this
            // database (upper case on H2, lower case elsewhere), as an application's schema tool does.
            String key = nameAsTheDatabaseFoldsIt(db, "key");
            String order = nameAsTheDatabaseFoldsIt(db, "order");
            db.execute("CREATE TABLE active_storage_blobs (id INT PRIMARY KEY, " + key + " VARCHAR(200))",
                    "INSERT INTO active_storage_blobs VALUES (1, 'blobs/x1'), (2, 'blobs/x2')",
                    "CREATE TABLE attachments (id INT PRIMARY KEY, " + order + " VARCHAR(200))",
                    "INSERT INTO attachments VALUES (1, 'orders/o1.pdf'), (2, 'orders/o2.pdf')");
            Path media = mediaFolder("blobs/x1", "blobs/x2", "orders/o1.pdf", "orders/o2.pdf", "blobs/gone");
            List<String> references = new ArrayList<>(List.of("--ref", "active_storage_blobs.key", "--ref", "attachments.order"));

            assertDryRunThenApplyMoveOnlyTheOrphan(db, media, references, "blobs/gone");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSchemaQualifiedReservedWordColumnIsReadToo(TestDatabase.Kind kind) throws IOException {
        try (TestDatabase db = kind.create(temp)) {
            String key = nameAsTheDatabaseFoldsIt(db, "key");
            db.execute("CREATE TABLE active_storage_blobs (id INT PRIMARY KEY, " + key + " VARCHAR(200))",
                    "INSERT INTO active_storage_blobs VALUES (1, 'blobs/x1'), (2, 'blobs/x2')");
            Path media = mediaFolder("blobs/x1", "blobs/x2", "blobs/gone");
            List<String> references = List.of("--ref", schemaAsTyped(db) + ".active_storage_blobs.key");

            assertDryRunThenApplyMoveOnlyTheOrphan(db, media, references, "blobs/gone");
        }
    }

    private void assertDryRunThenApplyMoveOnlyTheOrphan(TestDatabase db, Path media, List<String> references,
                                                         String orphan) throws IOException {
        Map<String, String> before = MediaTree.snapshot(media);
        Path list = temp.resolve("orphans.txt");

        CliRun dry = CliRun.of(args(db, media, references, "--list-orphans", list.toString()));

        assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
        assertThat(Files.readAllLines(list)).containsExactly(orphan);
        assertThat(dry.out()).contains("outcome: DRY_RUN");

        CliRun apply = CliRun.of(args(db, media, references, "--apply"));

        assertThat(apply.exit()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("outcome: APPLIED");
        Map<String, String> expected = new HashMap<>(before);
        expected.remove(orphan);
        assertThat(MediaTree.snapshot(media)).isEqualTo(expected);
    }

    private static String[] args(TestDatabase db, Path media, List<String> references, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", db.url(), "--store", media.toString()));
        if (db.user() != null) {
            args.addAll(List.of("--db-user", db.user()));
        }
        args.addAll(references);
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static String nameAsTheDatabaseFoldsIt(TestDatabase db, String name) {
        String folded = db.kind() == TestDatabase.Kind.H2 ? name.toUpperCase(Locale.ROOT) : name;
        return db.quote() + folded + db.quote();
    }

    /** The schema as a user would type it: H2's PUBLIC as public, which H2 folds back. */
    private static String schemaAsTyped(TestDatabase db) {
        return db.kind() == TestDatabase.Kind.H2 ? db.schema().toLowerCase(Locale.ROOT) : db.schema();
    }

    private Path mediaFolder(String... keys) throws IOException {
        Path media = Files.createDirectories(temp.resolve("media"));
        for (String key : keys) {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        }
        return media;
    }
}
