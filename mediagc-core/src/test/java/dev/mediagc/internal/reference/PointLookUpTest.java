package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The re-check just before acting never fails on a type or collation difference, and with
 * ignore-case finds what Java's case folding would merge even where SQL's {@code lower()} differs.
 */
class PointLookUpTest {

    @TempDir
    Path temp;

    /** What the verifier does: spellings of the store key, looked up, the rows normalised again. */
    /**
     * The store keys a source claims now, as the check before acting decides it: a spelling found
     * claims the key it was made for, and a row's own normal and lenient forms claim theirs.
     */
    private static Set<String> referencedNow(ReferenceSource source, KeyNormalizer normalizer, String... storeKeys)
            throws ReferenceSourceException {
        java.util.Map<String, Set<String>> keysBySpelling = new java.util.LinkedHashMap<>();
        for (String key : storeKeys) {
            for (String spelling : normalizer.spellingsOf(key)) {
                keysBySpelling.computeIfAbsent(spelling, s -> new java.util.HashSet<>()).add(normalizer.normalize(key));
            }
        }
        Set<String> forms = new java.util.HashSet<>();
        for (String raw : source.lookUp(keysBySpelling.keySet(), normalizer.ignoresCase())) {
            forms.addAll(keysBySpelling.getOrDefault(raw, Set.of()));
            String strict = normalizer.normalize(raw);
            if (strict != null) {
                forms.add(strict);
                forms.addAll(normalizer.lenientForms(raw, strict));
            }
        }
        return forms;
    }

    @Test
    void aQueryReturningIntegersIsLookedUpOnPostgres() throws ReferenceSourceException {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY)", "INSERT INTO upload VALUES (12), (40)");
            QueryReference source = new QueryReference(db.dataSource(), "SELECT id FROM upload", 1, 0);
            KeyNormalizer normalizer = KeyNormalizer.of(List.of(), false);

            assertThat(referencedNow(source, normalizer, "12", "13", "photo.jpg")).containsExactly("12");
            assertThat(referencedNow(source, normalizer, "40")).as("every later batch too").containsExactly("40");
        }
    }

    @Test
    void anApplyWithAQueryReturningIntegersActsOnlyOnTheOrphan() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY)", "INSERT INTO upload VALUES (12), (40)");
            Path media = java.nio.file.Files.createDirectories(temp.resolve("media"));
            for (String name : List.of("12", "40", "99")) {
                Path file = java.nio.file.Files.writeString(media.resolve(name), "upload " + name);
                java.nio.file.Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(
                        java.time.Instant.now().minus(java.time.Duration.ofDays(3))));
            }

            dev.mediagc.SweepReport report = dev.mediagc.MediaGc.configure().dataSource(db.dataSource())
                    .referenceQuery("SELECT id FROM upload").store(dev.mediagc.internal.store.LocalStore.at(media))
                    .apply(dev.mediagc.Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(dev.mediagc.SweepReport.Outcome.APPLIED);
            assertThat(media.resolve("12")).exists();
            assertThat(media.resolve("40")).exists();
            assertThat(media.resolve("99")).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"MARIADB", "H2"})
    void anIntegerColumnIsLookedUp(TestDatabase.Kind kind) throws ReferenceSourceException {
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY)", "INSERT INTO upload VALUES (12), (40)");
            ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("upload.id"), 0);

            assertThat(referencedNow(source, KeyNormalizer.of(List.of("/media/"), false), "12", "photo.jpg"))
                    .containsExactly("12");
        }
    }

    @Test
    void aLatin1ColumnIsLookedUpWithAccentedAndNonLatinCandidatesOnMariaDb() throws ReferenceSourceException {
        try (TestDatabase db = TestDatabase.Kind.MARIADB.create(temp)) {
            db.execute("CREATE TABLE legacy (id INT PRIMARY KEY, path VARCHAR(200)) CHARACTER SET latin1 COLLATE latin1_swedish_ci",
                    "INSERT INTO legacy VALUES (1, 'Été.jpg'), (2, 'photos/café.jpg')");
            ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("legacy.path"), 0);

            KeyNormalizer exact = KeyNormalizer.of(List.of("/media/"), false);
            assertThat(referencedNow(source, exact, "Été.jpg", "photos/café.jpg", "東京.jpg"))
                    .containsExactlyInAnyOrder("Été.jpg", "photos/café.jpg");
            KeyNormalizer blind = KeyNormalizer.of(List.of("/media/"), true);
            assertThat(referencedNow(source, blind, "ÉTÉ.JPG", "東京.jpg")).containsExactly("été.jpg");
        }
    }

    @Test
    void ignoreCaseFindsTurkishAndGreekNamesOnPostgres() throws ReferenceSourceException {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                    "INSERT INTO media VALUES (1, 'city/İstanbul.jpg'), (2, 'ΟΔΟΣ 1.jpg'), (3, 'city/Ankara.jpg')");
            ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("media.path"), 0);
            KeyNormalizer blind = KeyNormalizer.of(List.of(), true);

            assertThat(referencedNow(source, blind, "city/İstanbul.jpg", "ΟΔΟΣ 1.jpg", "city/ANKARA.jpg", "city/İzmir.jpg"))
                    .containsExactlyInAnyOrder(blind.normalize("city/İstanbul.jpg"), blind.normalize("ΟΔΟΣ 1.jpg"),
                            "city/ankara.jpg");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "H2"})
    void ignoreCaseFindsAccentedAndNordicNames(TestDatabase.Kind kind) throws ReferenceSourceException {
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                    "INSERT INTO media VALUES (1, 'Été.jpg'), (2, 'ÆØÅ.jpg'), (3, 'x/100%_done.jpg')");
            ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("media.path"), 0);
            KeyNormalizer blind = KeyNormalizer.of(List.of(), true);

            assertThat(referencedNow(source, blind, "été.jpg", "æøå.jpg", "ÆØÅ.JPG", "Ete.jpg", "x/100%_DONE.jpg"))
                    .containsExactlyInAnyOrder("été.jpg", "æøå.jpg", "x/100%_done.jpg");
        }
    }

    @Test
    void aLatin1ColumnHoldingUtf8BytesStillKeepsItsFileOnMariaDb() throws ReferenceSourceException {
        try (TestDatabase db = TestDatabase.Kind.MARIADB.create(temp)) {
            // what an old PHP application writes: the UTF-8 bytes of "Straße.jpg" and "café/Ürün.png" in latin1
            db.execute("CREATE TABLE legacy (id INT PRIMARY KEY, path VARCHAR(200)) CHARACTER SET latin1",
                    "INSERT INTO legacy VALUES (1, _latin1 x'53747261c39f652e6a7067'), "
                            + "(2, _latin1 x'636166c3a92fc39c72c3bc6e2e706e67')");
            ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("legacy.path"), 0);

            assertThat(stream(source)).as("how the rows read").containsExactlyInAnyOrder("StraÃŸe.jpg", "cafÃ©/ÃœrÃ¼n.png");
            KeyNormalizer exact = KeyNormalizer.of(List.of(), false);
            assertThat(referencedNow(source, exact, "Straße.jpg", "café/Ürün.png", "Strasse.jpg"))
                    .contains("Straße.jpg", "café/Ürün.png").doesNotContain("Strasse.jpg");
            KeyNormalizer blind = KeyNormalizer.of(List.of(), true);
            assertThat(referencedNow(source, blind, "STRAßE.JPG", "Café/ürün.PNG"))
                    .contains(blind.normalize("Straße.jpg"), blind.normalize("café/Ürün.png"));
        }
    }

    private static List<String> stream(ReferenceSource source) throws ReferenceSourceException {
        List<String> values = new java.util.ArrayList<>();
        source.stream(values::add);
        return values;
    }
}
