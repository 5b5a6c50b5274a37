package dev.mediagc.internal.sweep;

import dev.mediagc.Action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reference spelt otherwise than the file's key (a prefix written another way, a URL's query,
 * percent-encoding, blanks, mojibake, case) still keeps its file: a dry run lists it as referenced,
 * never as an orphan. End to end, through {@code MediaGc.configure()...sweep()} on real databases.
 */
class LenientSpellingsTest {

    @TempDir
    Path temp;

    /** Value in the row → the file it names, with --strip-prefix /media/ and the CDN URL. */
    private static final Map<String, String> SPELLINGS = new LinkedHashMap<>();

    static {
        SPELLINGS.put("media/p1.jpg", "p1.jpg");
        SPELLINGS.put("./media/p2.jpg", "p2.jpg");
        SPELLINGS.put("//media/p3.jpg", "p3.jpg");
        SPELLINGS.put("/media/p4.jpg?v=3", "p4.jpg");
        SPELLINGS.put("/media/p5.jpg#top", "p5.jpg");
        SPELLINGS.put("/media/p6.jpg?", "p6.jpg");
        SPELLINGS.put("/media/caf%C3%A9.jpg", "café.jpg");
        SPELLINGS.put("/media/a%20b.jpg", "a b.jpg");
        SPELLINGS.put("/media/c d.jpg", "c%20d.jpg");                 // a file literally named with %20
        SPELLINGS.put("/media/Ünïcödé/ファイル 1.png", "Ünïcödé/ファイル%201.png");
        SPELLINGS.put("\u00a0/media/p7.jpg\u00a0", "p7.jpg");
        SPELLINGS.put("/media/p8.jpg\n", "p8.jpg");
        SPELLINGS.put("  /media//p9.jpg  ", "p9.jpg");
        SPELLINGS.put("http://cdn.example.com/media/u1.jpg", "u1.jpg");
        SPELLINGS.put("//cdn.example.com/media/u2.jpg", "u2.jpg");
        SPELLINGS.put("HTTPS://CDN.EXAMPLE.COM/media/u3.jpg?w=200", "u3.jpg");
        SPELLINGS.put("https://cdn.example.com/media/2024/caf%C3%A9%202.jpg?v=1#x", "2024/café 2.jpg");
        SPELLINGS.put("/media/Stra\u00c3\u0178e.jpg", "Straße.jpg");   // UTF-8 read back through latin1
    }

    /** Files the rows name in their normal form: they need no leniency. */
    private static final List<String> STRICT = List.of("s1.jpg", "2024/s2.jpg", "shared.jpg");
    /** Old files nothing names, in spellings close to the live ones: must stay orphans. */
    private static final List<String> ORPHANS = List.of("orphan.jpg", "cafe.jpg", "p4.jpg.bak", "other/p1.jpg",
            "a+b.jpg", "Strasse.jpg", "2024/café 3.jpg");

    private Path media() throws IOException {
        return Files.createDirectories(temp.resolve("media"));
    }

    private static void write(Path root, String key) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + key);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
    }

    private SweepReport dryRun(TestDatabase db, Path root, String column, boolean ignoreCase, Path list) {
        return MediaGc.configure()
                .dataSource(db.dataSource())
                .reference(column)
                .store(LocalStore.at(root))
                .stripPrefix("/media/", "https://cdn.example.com/media/")
                .ignoreCase(ignoreCase)
                .minAge(Duration.ofHours(1))
                .orphanList(list)
                .load()
                .sweep();
    }

    @Test
    void everyPlausibleSpellingOfAReferenceKeepsItsFile() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            Path root = media();
            List<String> values = new ArrayList<>(SPELLINGS.keySet());
            values.addAll(List.of("/media/s1.jpg", "2024/s2.jpg", "/media/shared.jpg", "media/shared.jpg?v=2",
                    "/media/missing.jpg"));
            db.execute("CREATE TABLE attachment (id INT PRIMARY KEY, file VARCHAR(500))");
            db.insertNumbered("attachment", values);
            for (String key : SPELLINGS.values()) {
                write(root, key);
            }
            for (String key : STRICT) {
                write(root, key);
            }
            for (String key : ORPHANS) {
                write(root, key);
            }
            Path list = temp.resolve("orphans.txt");

            SweepReport report = dryRun(db, root, "attachment.file", false, list);

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactlyInAnyOrderElementsOf(ORPHANS);
            assertThat(report.referenced().count()).isEqualTo(SPELLINGS.size() + STRICT.size());
            assertThat(report.referencedLeniently().count()).as("matched only through a lenient spelling")
                    // All but p8 and p9 (the normal form strips ASCII blanks and doubled slashes) and the four
                    // percent-encoded ones (the normal form decodes percent-encoding on both sides).
                    .isEqualTo(SPELLINGS.size() - 6);
            assertThat(report.referencedLeniently().samples()).isNotEmpty().isSubsetOf(SPELLINGS.values());
            assertThat(report.danglingReferences().samples()).contains("/media/missing.jpg");
            assertThat(dev.mediagc.internal.report.ReportWriter.toJson(report)).contains("\"referencedLeniently\"");
            java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            dev.mediagc.internal.report.ReportWriter.writeText(report, new java.io.PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(text.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("referenced leniently");
        }
    }

    /** File → the other-case spelling its row holds. */
    private static final Map<String, String> OTHER_CASE = Map.of(
            "İstanbul.jpg", "istanbul.jpg",
            "ΟΔΟΣ 1.jpg", "οδοσ 1.jpg",          // σ where Java's lower-casing writes the final ς
            "Été.jpg", "ÉTÉ.JPG",
            "ÆØÅ.jpg", "æøå.jpg",
            "Straße.jpg", "STRASSE.JPG");

    @Test
    void ignoringCaseKeepsFilesWhoseRowsSpellThemInAnotherCase() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            Path root = media();
            db.execute("CREATE TABLE attachment (id INT PRIMARY KEY, file VARCHAR(500))");
            db.insertNumbered("attachment", new ArrayList<>(OTHER_CASE.values()));
            for (String key : OTHER_CASE.keySet()) {
                write(root, key);
            }
            write(root, "İzmir.jpg");
            Path list = temp.resolve("orphans.txt");

            SweepReport report = dryRun(db, root, "attachment.file", true, list);

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactly("İzmir.jpg");
            assertThat(report.referenced().count()).isEqualTo(OTHER_CASE.size());
        }
    }

    @Test
    void theLookUpJustBeforeActingFindsRowsInAnotherCaseWhateverTheDatabaseLowerDoes() throws Exception {
        for (TestDatabase.Kind kind : List.of(TestDatabase.Kind.SQLITE, TestDatabase.Kind.POSTGRESQL)) {
            try (TestDatabase db = kind.create(temp)) {
                db.execute("CREATE TABLE attachment (id INT PRIMARY KEY, file VARCHAR(500))");
                List<String> rows = new ArrayList<>();
                for (String file : OTHER_CASE.keySet()) {
                    rows.add(file.toUpperCase(java.util.Locale.ROOT));
                }
                db.insertNumbered("attachment", rows);
                dev.mediagc.internal.key.KeyNormalizer normalizer = dev.mediagc.internal.key.KeyNormalizer.of(List.of(), true);
                dev.mediagc.internal.reference.ColumnReference source = new dev.mediagc.internal.reference.ColumnReference(
                        db.dataSource(), dev.mediagc.internal.reference.SqlIdentifier.parseColumn("attachment.file"), 0);
                for (String file : OTHER_CASE.keySet()) {
                    java.util.Set<String> found = source.lookUp(normalizer.spellingsOf(file), true);
                    assertThat(found).as(kind + ": a row spelling " + file + " in upper case").isNotEmpty();
                    List<String> forms = new ArrayList<>();
                    for (String raw : found) {
                        forms.add(normalizer.normalize(raw));
                        forms.addAll(normalizer.lenientForms(raw));
                    }
                    assertThat(forms).contains(normalizer.normalize(file));
                }
            }
        }
    }

    @Test
    void utf8BytesInALatin1ColumnReadBackAsMojibakeKeepTheirFiles() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.MARIADB.create(temp)) {
            Path root = media();
            db.execute("CREATE TABLE attachment (id INT PRIMARY KEY, file VARCHAR(500)) CHARACTER SET latin1");
            List<String> files = List.of("Straße.jpg", "café/été.jpg", "naïve €.jpg");
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                // What an old PHP application does: UTF-8 text sent over a connection declared latin1.
                s.execute("SET NAMES latin1");
                int id = 0;
                for (String file : files) {
                    s.execute("INSERT INTO attachment VALUES (" + (++id) + ", '/media/" + file + "')");
                }
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT file, HEX(file) FROM attachment WHERE id = 1")) {
                r.next();
                assertThat(r.getString(1)).as("the precondition: mojibake read back").isEqualTo("/media/Stra\u00c3\u0178e.jpg");
                assertThat(r.getString(2)).isEqualTo("2F6D656469612F53747261C39F652E6A7067");
            }
            for (String file : files) {
                write(root, file);
            }
            write(root, "Strasse.jpg");
            Path list = temp.resolve("orphans.txt");

            SweepReport report = dryRun(db, root, "attachment.file", false, list);

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactly("Strasse.jpg");
            assertThat(report.referencedLeniently().count()).isEqualTo(files.size());
        }
    }

    @Test
    void aRowSpeltOtherwiseAddedAfterTheMarkStopsTheActionOnItsFile() throws Exception {
        try (dev.mediagc.testing.SmallApp app = new dev.mediagc.testing.SmallApp(
                TestDatabase.Kind.SQLITE.create(temp), media(), 20, 8)) {
            app.write("avatars/0/old photo.png", Duration.ofDays(10));
            List<String> rescued = List.of(app.orphans.get(0), app.orphans.get(1), app.orphans.get(2), "avatars/0/old photo.png");
            List<String> rows = List.of(
                    "media/" + rescued.get(0),                                   // the prefix without its slash
                    "//media/" + rescued.get(1),                                 // doubled
                    "http://cdn.example.com/media/" + rescued.get(2),           // http for the https prefix
                    "/media/avatars/0/old%20photo.png");                        // percent-encoded
            dev.mediagc.ProgressListener insertOnceMarked = new dev.mediagc.ProgressListener() {
                @Override
                public void phase(String name) {
                    if (name.equals("list")) {
                        for (int i = 0; i < rows.size(); i++) {
                            app.db.execute("INSERT INTO profile VALUES (" + (900 + i) + ", '" + rows.get(i) + "')");
                        }
                    }
                }
            };

            SweepReport report = app.sweep().stripPrefix("/media/", "https://cdn.example.com/media/")
                    .progress(insertOnceMarked).apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            for (String key : rescued) {
                assertThat(app.media.resolve(key)).as(key).exists();
            }
            assertThat(report.keptReferencedAgain().samples()).containsExactlyInAnyOrderElementsOf(rescued);
            assertThat(report.deleted().count()).isEqualTo(app.orphans.size() - 3);
        }
    }
}
