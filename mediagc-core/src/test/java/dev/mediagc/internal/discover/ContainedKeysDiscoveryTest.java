package dev.mediagc.internal.discover;

import dev.mediagc.ValueExtraction;
import dev.mediagc.ColumnFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.ValueExtraction.Kind;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.ContainedKeysDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Columns whose values hold keys inside them are proposed with the sweep's extractor that reads
 * them, and its argument: JSON with the path the keys sit at (the whole document when they sit in
 * several places), PHP-serialized with the key above them, WordPress attachment metadata as such,
 * HTML and Markdown bodies with the text prefix before the keys. Decoys holding JSON, HTML or file
 * names that name no stored object are not proposed, and a plain file column stays a plain ref.
 */
class ContainedKeysDiscoveryTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "H2", "SQLITE"})
    void proposesTheExtractorThatReadsEachColumnOfValuesHoldingKeys(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            ContainedKeysDataset data = ContainedKeysDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30);
            Map<String, String> before = MediaTree.snapshot(data.media());

            ColumnDiscovery.Result result = discover(db, data);

            assertThat(result.proposed()).extracting(ColumnDiscoveryTest::name).containsExactlyInAnyOrder(
                    "gallery.images", "widget.config", "product_meta.meta_value", "attachment_meta.meta", "article.body",
                    "page.body_md", "media_file.path");
            assertThat(extraction(result, "media_file.path").kind()).as("values that are keys stay a plain ref")
                    .isEqualTo(Kind.COLUMN);

            ColumnFinding gallery = finding(result, "gallery.images");
            assertThat(gallery.extraction().kind()).isEqualTo(Kind.JSON);
            assertThat(gallery.extraction().argument()).isEqualTo("$.images[*].path");
            assertThat(gallery.prefixes()).containsExactly("/media/");
            assertThat(gallery.sampled()).as("NULL documents are not sampled").isEqualTo(27);
            assertThat(gallery.hits()).isEqualTo(27);
            assertThat(gallery.extraction().keysFound()).isEqualTo(54);
            assertThat(gallery.extraction().unreadable()).isZero();
            assertThat(gallery.samples()).first().asString().contains("/media/2024/05/trip-");

            assertThat(extraction(result, "widget.config").argument())
                    .as("keys in two places: the whole document, never a path that misses one").isEqualTo("$");
            assertThat(finding(result, "widget.config").prefixes()).containsExactly("/media/");

            assertThat(extraction(result, "product_meta.meta_value").kind()).isEqualTo(Kind.PHP);
            assertThat(extraction(result, "product_meta.meta_value").argument()).isEqualTo("images");
            assertThat(finding(result, "product_meta.meta_value").prefixes()).isEmpty();

            assertThat(extraction(result, "attachment_meta.meta").kind())
                    .as("ref-php 'file' would mark the sizes' bare names and lose the thumbnails").isEqualTo(Kind.WP_ATTACHMENT);

            ColumnFinding article = finding(result, "article.body");
            assertThat(article.extraction().kind()).isEqualTo(Kind.TEXT);
            assertThat(article.extraction().textPrefixes()).containsExactly(ContainedKeysDataset.CDN);
            assertThat(article.prefixes()).as("text prefixes are no strip prefixes").isEmpty();
            assertThat(article.hits()).isEqualTo(20);
            assertThat(article.extraction().keysFound()).as("src and every srcset candidate").isEqualTo(40);

            ColumnFinding page = finding(result, "page.body_md");
            assertThat(page.extraction().kind()).isEqualTo(Kind.TEXT);
            assertThat(page.extraction().textPrefixes()).containsExactly("/media/");
            assertThat(page.extraction().keysFound()).as("the cover and the percent-encoded Stra\u00dfe PDF").isEqualTo(60);

            assertThat(result.textPrefixes()).containsExactlyInAnyOrder(ContainedKeysDataset.CDN, "/media/");
            assertThat(result.prefixes()).containsExactly("/media/");
            assertThat(result.weak()).isEmpty();
            for (String decoy : List.of("gallery.title", "site_setting.setting_value", "newsletter.html", "import_log.payload")) {
                assertThat(finding(result, decoy).verdict()).as(decoy).isEqualTo(ColumnFinding.Verdict.NONE);
            }
            assertThat(MediaTree.snapshot(data.media())).as("discovery changes nothing").isEqualTo(before);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE"})
    void aColumnHoldingKeysInsideTooRarelyOrUnderNoOneKeyIsReportedAsWeakWithItsRatio(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            ContainedKeysDataset data = ContainedKeysDataset.generate(db, Files.createDirectories(temp.resolve("media")), 10);
            db.execute("CREATE TABLE comment (id INT PRIMARY KEY, body TEXT)",
                    "CREATE TABLE legacy_gallery (id INT PRIMARY KEY, data TEXT)");
            for (int i = 0; i < 200; i++) {
                String body = i % 50 == 0
                        ? "<p>Look: <img src=\"" + ContainedKeysDataset.CDN + "2024/article-" + (i / 50) + ".jpg\"></p>"
                        : "<p>Nice post, thanks! <a href=\"https://example.org/u/" + i + "\">me</a></p>";
                db.execute("INSERT INTO comment VALUES (" + i + ", '" + body + "')");
            }
            for (int i = 0; i < 10; i++) {
                // a list at the top: the keys sit under 0 and 1, and no one key holds them all
                String list = "a:2:{i:0;s:19:\"products/lamp-" + i + ".png\";i:1;s:24:\"products/lamp-" + i + "-back.png\";}";
                db.execute("INSERT INTO legacy_gallery VALUES (" + i + ", '" + list + "')");
            }

            ColumnDiscovery.Result result = discover(db, data);

            ColumnFinding comment = finding(result, "comment.body");
            assertThat(comment.verdict()).isEqualTo(ColumnFinding.Verdict.WEAK);
            assertThat(comment.extraction().kind()).isEqualTo(Kind.TEXT);
            assertThat(comment.hits()).isEqualTo(4);
            assertThat(comment.hitRatio()).isEqualTo(0.02);
            assertThat(comment.extraction().textPrefixes()).containsExactly(ContainedKeysDataset.CDN);
            ColumnFinding legacy = finding(result, "legacy_gallery.data");
            assertThat(legacy.verdict()).isEqualTo(ColumnFinding.Verdict.WEAK);
            assertThat(legacy.extraction().kind()).isEqualTo(Kind.PHP);
            assertThat(legacy.extraction().argument()).isNull();
            assertThat(legacy.extraction().note()).contains("no one PHP key");
            assertThat(result.weak()).extracting(ColumnDiscoveryTest::name).containsExactlyInAnyOrder("comment.body",
                    "legacy_gallery.data");
            assertThat(result.textPrefixes()).as("a weak column's prefix is not proposed").doesNotContain("https://example.org/");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE"})
    void warnsOfValuesTheProposedExtractorCannotReadAndOfKeysInsideAPlainColumn(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            ContainedKeysDataset data = ContainedKeysDataset.generate(db, Files.createDirectories(temp.resolve("media")), 20);
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY, files TEXT, image TEXT)");
            for (int i = 0; i < 20; i++) {
                String files = i < 2 ? "none" : "[\"/media/products/lamp-" + i + ".png\"]";
                String image = i < 10 ? "products/lamp-" + i + ".png" : "{\"src\":\"products/lamp-" + i + "-back.png\"}";
                db.execute("INSERT INTO upload VALUES (" + i + ", '" + files + "', '" + image + "')");
            }

            ColumnDiscovery.Result result = discover(db, data);

            ColumnFinding files = finding(result, "upload.files");
            assertThat(files.verdict()).isEqualTo(ColumnFinding.Verdict.PROPOSED);
            assertThat(files.extraction().argument()).isEqualTo("$[*]");
            assertThat(files.extraction().unreadable()).as("'none' is no JSON: the sweep would stop on it").isEqualTo(2);
            ColumnFinding image = finding(result, "upload.image");
            assertThat(image.extraction().kind()).as("half its values are keys").isEqualTo(Kind.COLUMN);
            assertThat(image.extraction().note()).startsWith("10 other sampled value(s) hold stored keys inside, read as json");
        }
    }

    private static ColumnDiscovery.Result discover(TestDatabase db, ContainedKeysDataset data) throws Exception {
        try (LocalStore store = LocalStore.at(data.media())) {
            return new ColumnDiscovery(db.dataSource(), store).run();
        }
    }

    private static ColumnFinding finding(ColumnDiscovery.Result result, String name) {
        return result.findings().stream().filter(f -> ColumnDiscoveryTest.name(f).equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " was not judged"));
    }

    private static ValueExtraction extraction(ColumnDiscovery.Result result, String name) {
        return finding(result, name).extraction();
    }
}
