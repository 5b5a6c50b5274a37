package dev.mediagc.internal.discover;

import dev.mediagc.ColumnFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Discovery proposes the columns whose values name stored objects, with the prefixes they carry,
 * and nothing else: not titles, slugs, bare file names or numbers. A column naming stored objects
 * in a few rows only is reported as weak, with its ratio, never dropped.
 */
class ColumnDiscoveryTest {

    private static final List<String> FILE_COLUMNS = List.of("accounts_profile.avatar", "documents_document.file",
            "documents_document.thumbnail", "gallery_photo.image", "mediaitem.filepath");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void proposesExactlyTheFileColumnsAndTheirPrefixesAndNoDecoy(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 400, 11);
            addDecoys(db, data);
            Map<String, String> before = MediaTree.snapshot(data.media());

            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).run();
            }

            assertThat(result.proposed()).extracting(ColumnDiscoveryTest::name)
                    .containsExactlyInAnyOrderElementsOf(FILE_COLUMNS);
            assertThat(result.prefixes()).containsExactlyInAnyOrderElementsOf(DjangoStyleDataset.STRIP_PREFIXES);
            assertThat(result.findings()).extracting(ColumnDiscoveryTest::name)
                    .as("every decoy was read, and judged").contains("blog_post.title", "blog_post.slug",
                            "blog_post.cover_name", "blog_post.views", "attachment.name", "attachment.folder");
            assertThat(result.unreadable()).isEmpty();
            assertThat(result.keys().capped()).isFalse();
            ColumnFinding profile = finding(result, "accounts_profile.avatar").orElseThrow();
            assertThat(profile.hitRatio()).isGreaterThan(0.9);
            assertThat(profile.samples()).isNotEmpty();
            assertThat(MediaTree.snapshot(data.media())).as("discovery changes nothing").isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "SQLITE"})
    void aColumnNamingStoredObjectsInTwoPercentOfItsRowsIsReportedAsWeakWithItsRatio(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 200, 5);
            db.execute("CREATE TABLE legacy_note (id INT PRIMARY KEY, body VARCHAR(500))");
            try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO legacy_note VALUES (?, ?)")) {
                for (int i = 0; i < 200; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, i % 50 == 0 ? Normalizer.normalize(data.referenced().get(i / 50), Normalizer.Form.NFC)
                            : "note number " + i + " about the spring sale");
                    insert.executeUpdate();
                }
            }

            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).run();
            }

            ColumnFinding note = finding(result, "legacy_note.body").orElseThrow();
            assertThat(note.verdict()).isEqualTo(ColumnFinding.Verdict.WEAK);
            assertThat(note.sampled()).isEqualTo(200);
            assertThat(note.hits()).isEqualTo(4);
            assertThat(note.hitRatio()).isEqualTo(0.02);
            assertThat(result.weak()).extracting(ColumnDiscoveryTest::name).contains("legacy_note.body");
            assertThat(result.proposed()).extracting(ColumnDiscoveryTest::name).doesNotContain("legacy_note.body");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE"})
    void saysWhenTheStoreHasMoreKeysThanItKeeps(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 50, 3);
            ColumnDiscovery.Result result;
            try (LocalStore store = LocalStore.at(data.media())) {
                result = new ColumnDiscovery(db.dataSource(), store).keyCap(10).sampleRows(5).run();
            }
            assertThat(result.keys().capped()).isTrue();
            assertThat(result.keys().kept()).isEqualTo(10);
            assertThat(result.keys().listed()).isEqualTo(50);
            assertThat(result.findings()).allSatisfy(finding -> assertThat(finding.sampled()).isLessThanOrEqualTo(5));
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL"})
    void aTableTheUserMayNotReadIsReportedAndTheOthersAreStillJudged(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 200, 9);
            String role = "discoverer_" + Long.toHexString(System.nanoTime());
            db.execute("CREATE TABLE payroll (id INT PRIMARY KEY, iban VARCHAR(40))",
                    "INSERT INTO payroll VALUES (1, 'DE89370400440532013000')",
                    "CREATE ROLE " + role + " LOGIN PASSWORD 'pw'",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role,
                    "REVOKE SELECT ON payroll FROM " + role);
            try {
                ColumnDiscovery.Result result;
                try (LocalStore store = LocalStore.at(data.media())) {
                    result = new ColumnDiscovery(new dev.mediagc.internal.reference.JdbcUrlDataSource(
                            db.url().replaceAll("[?&]user=[^&]*", ""), role, "pw"), store).run();
                }
                assertThat(result.unreadable()).singleElement().asString().startsWith("payroll.iban");
                assertThat(result.proposed()).extracting(ColumnDiscoveryTest::name)
                        .containsExactlyInAnyOrderElementsOf(FILE_COLUMNS);
            } finally {
                db.execute("DROP OWNED BY " + role, "DROP ROLE " + role);
            }
        }
    }

    /** A blog table whose text columns look like file names or nothing like them; none names a stored object. */
    static void addDecoys(TestDatabase db, DjangoStyleDataset data) throws Exception {
        db.execute("CREATE TABLE blog_post (id INT PRIMARY KEY, title VARCHAR(200), slug VARCHAR(200), "
                + "cover_name VARCHAR(200), views VARCHAR(20))");
        try (Connection c = db.connect();
             PreparedStatement insert = c.prepareStatement("INSERT INTO blog_post VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < 60; i++) {
                String stored = data.referenced().get(i % data.referenced().size());
                insert.setInt(1, i);
                insert.setString(2, "Summer holiday, part " + i);
                insert.setString(3, "summer-holiday-part-" + i);
                // the bare name of a stored file that lives in a folder: it names no stored object
                insert.setString(4, stored.contains("/") ? stored.substring(stored.lastIndexOf('/') + 1) : "cover-" + i + ".jpg");
                insert.setString(5, Integer.toString(1000 + i * 7));
                insert.executeUpdate();
            }
        }
    }

    static String name(ColumnFinding finding) {
        return (finding.table() + "." + finding.column()).toLowerCase(Locale.ROOT);
    }

    private static Optional<ColumnFinding> finding(ColumnDiscovery.Result result, String name) {
        return result.findings().stream().filter(f -> name(f).equals(name)).findFirst();
    }
}
