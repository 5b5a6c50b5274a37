package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every example query that {@code --help} and the READMEs show means the same on every database
 * a user may copy it to: run as a reference query, it yields the file key the prose promises.
 * ({@code folder || '/' || name} is a logical OR on MySQL/MariaDB and yielded "1".)
 */
class DocumentedQueriesTest {

    /** A SELECT ... FROM ... example, up to the quote, backtick or line end that closes it. */
    private static final Pattern EXAMPLE = Pattern.compile("SELECT [^\"`\\n]*?\\bFROM\\b[^\"`\\n]*");
    /**
     * Where a key-yielding query is shown: a reference query as a flag, a config key, a Spring
     * property or the Java API. Queries over documents (--ref-sql-json, -php, -text, …) yield
     * values to extract from, not keys, and are tested with their extractors.
     */
    private static final Pattern KEY_QUERY = Pattern.compile(
            "--ref-sql(?![-\\w])|\\bref-sql:|referenceQuery\\(|reference-queries");
    /** How far after its flag or key an example may start. */
    private static final int REACH = 160;
    private static final Pattern TABLE = Pattern.compile("\\bFROM\\s+(\\w+)");

    /**
     * One row per table the examples read, and the key each example over that table must yield.
     * An example over another table fails the test until its table is added here.
     */
    private static final Map<String, String> ROWS = Map.of(
            "media", "INSERT INTO media VALUES ('photos', 'cat.jpg')",
            "attachment", "INSERT INTO attachment VALUES ('docs', 'report.pdf', 'report.pdf')",
            "page", "INSERT INTO page VALUES ('hero.png')",
            "cms_setting", "INSERT INTO cms_setting VALUES ('https://cdn.example.com/hero/banner.png')",
            "post", "INSERT INTO post VALUES ('posts/cover.jpg', 1, TRUE), ('posts/draft.jpg', 2, FALSE)",
            "wp_postmeta", "INSERT INTO wp_postmeta VALUES ('_wp_attached_file', '2024/05/photo.jpg'), "
                    + "('_wp_attachment_metadata', 'a:1:{s:4:\"file\";s:17:\"2024/05/photo.jpg\";}')");
    private static final Map<String, String> KEYS = Map.of(
            "media", "photos/cat.jpg",
            "attachment", "docs/report.pdf",
            "page", "pages/hero.png",
            "cms_setting", "hero/banner.png",
            "post", "posts/cover.jpg",
            "wp_postmeta", "2024/05/photo.jpg");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void everyExampleQueryYieldsTheSameKeyOnEveryDatabase(TestDatabase.Kind kind) throws Exception {
        Set<String> examples = new LinkedHashSet<>(helpExamples());
        assertThat(examples).as("the --ref-sql example of --help").isNotEmpty();
        examples.addAll(readmeExamples());
        assertThat(examples).as("and those of the READMEs").hasSizeGreaterThanOrEqualTo(4);
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE media (folder VARCHAR(100), name VARCHAR(100))",
                    "CREATE TABLE attachment (folder VARCHAR(100), name VARCHAR(100), file_name VARCHAR(100))",
                    "CREATE TABLE page (hero_image VARCHAR(100))",
                    "CREATE TABLE cms_setting (setting_value VARCHAR(200))",
                    "CREATE TABLE post (attachment VARCHAR(100), id INT, published BOOLEAN)",
                    "CREATE TABLE wp_postmeta (meta_key VARCHAR(255), meta_value TEXT)");
            ROWS.values().forEach(db::execute);
            for (String example : examples) {
                Matcher table = TABLE.matcher(example);
                assertThat(table.find()).as(example).isTrue();
                assertThat(KEYS).as("a row of table '" + table.group(1) + "' for the example " + example)
                        .containsKey(table.group(1));

                assertThat(valuesOf(db, example)).as(kind + ": " + example).containsExactly(KEYS.get(table.group(1)));
            }
        }
    }

    private static List<String> valuesOf(TestDatabase db, String sql) throws ReferenceSourceException {
        List<String> values = new ArrayList<>();
        new QueryReference(db.dataSource(), sql, 1, 0).stream(values::add);
        return values;
    }

    /** The examples in {@code mediagc sweep --help}, its wrapped lines joined. */
    private static Set<String> helpExamples() {
        Set<String> examples = new LinkedHashSet<>();
        collect(CliRun.of("sweep", "--help").out().replaceAll("\\s*\\n\\s+", " "), examples);
        return examples;
    }

    /** The examples in the project's README and each module's. */
    private static Set<String> readmeExamples() throws IOException {
        Set<String> examples = new LinkedHashSet<>();
        Path root = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> readmes = Stream.concat(Stream.of(root.resolve("README.md")),
                Files.list(root).map(module -> module.resolve("README.md")))) {
            for (Path readme : readmes.filter(Files::isRegularFile).toList()) {
                collect(withoutPresets(Files.readString(readme)), examples);
            }
        }
        return examples;
    }

    /**
     * The README without its "Real applications" section: a preset's queries are written for its
     * application's database and tables, and each preset's test runs them there.
     */
    private static String withoutPresets(String readme) {
        return readme.replaceAll("(?s)\\n### Real applications\\n.*?(?=\\n#{2,3} )", "\n");
    }

    private static void collect(String text, Set<String> examples) {
        Matcher marker = KEY_QUERY.matcher(text);
        while (marker.find()) {
            Matcher example = EXAMPLE.matcher(text).region(marker.end(), Math.min(text.length(), marker.end() + REACH));
            if (example.find()) {
                examples.add(example.group().strip());
            }
        }
    }
}
