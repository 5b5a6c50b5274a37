package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.reference.extract.JsonExtractor;
import dev.mediagc.internal.reference.extract.JsonPath;
import dev.mediagc.internal.reference.extract.PhpSerializedExtractor;
import dev.mediagc.internal.reference.extract.TextExtractor;
import dev.mediagc.internal.reference.extract.WordPressAttachmentExtractor;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.Action;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys inside values, on real databases: HTML and Markdown bodies, JSON documents (jsonb on
 * PostgreSQL) and WordPress's PHP-serialized attachment metadata with Unicode names, so byte and
 * character lengths differ. The orphan list equals the truth, a key added to a value after the mark
 * is found by the re-check, and a value that cannot be read stops the run.
 */
class ExtractingReferenceTest {

    private static final String CDN = "https://cdn.example.com/media/";

    @TempDir
    Path temp;

    /** A blog: {@code post(body, gallery, meta)} and a media folder; {@link #orphans} is the truth. */
    private final class Blog implements AutoCloseable {
        final TestDatabase db;
        final Path media;
        final List<String> live = new ArrayList<>();
        final List<String> orphans = new ArrayList<>();
        private int nextId = 1;

        Blog(TestDatabase.Kind kind) throws IOException {
            db = kind.create(temp);
            media = Files.createDirectories(temp.resolve("media"));
            String json = switch (kind) {
                case POSTGRESQL -> "JSONB";
                case MARIADB -> "LONGTEXT";
                default -> "TEXT";
            };
            String text = kind == TestDatabase.Kind.MARIADB ? "LONGTEXT" : "TEXT";
            db.execute("CREATE TABLE post (id INT PRIMARY KEY, body " + text + ", gallery " + json + ", meta " + text + ")");

            insert("<p>Hello</p><img src=\"" + CDN + "2024/hero.jpg\" srcset=\"/media/2024/hero-300.jpg 300w, "
                            + "/media/2024/hero-600.jpg 600w\"><a href=\"" + CDN + "docs/doc%201.pdf\">PDF</a>"
                            + "<img src=\"/media/Tom&amp;Jerry.png\"><img src=\"https://other.example.org/media/elsewhere.jpg\">"
                            + "<div style=\"background:url('/media/bg/straße.png')\"></div>",
                    "{\"images\":[{\"path\":\"uploads/a.jpg\"},{\"path\":\"uploads/ü-b.jpg\"}]}",
                    wordPressMeta("2024/05/café-日本.jpg", "café-日本-150x150.jpg", "café-日本-300x200.jpg"));
            insert("# Notes\n![chart](/media/charts/q1.png \"Q1\") and [slides](" + CDN + "slides/deck.pdf)\n",
                    "{\"images\":[]}", null);
            insert(null, null, wordPressMeta("2023/11/plain.png", "plain-150x150.png"));
            live.addAll(List.of("2024/hero.jpg", "2024/hero-300.jpg", "2024/hero-600.jpg", "docs/doc 1.pdf",
                    "Tom&Jerry.png", "bg/straße.png", "uploads/a.jpg", "uploads/ü-b.jpg", "2024/05/café-日本.jpg",
                    "2024/05/café-日本-150x150.jpg", "2024/05/café-日本-300x200.jpg", "charts/q1.png", "slides/deck.pdf",
                    "2023/11/plain.png", "2023/11/plain-150x150.png"));
            orphans.addAll(List.of("elsewhere.jpg", "2024/hero-900.jpg", "uploads/c.jpg", "2024/05/café-日本-1024x768.jpg",
                    "docs/doc 2.pdf", "charts/q2.png"));
            live.forEach(this::write);
            orphans.forEach(this::write);
        }

        int insert(String body, String gallery, String meta) {
            int id = nextId++;
            String cast = db.kind() == TestDatabase.Kind.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("INSERT INTO post VALUES (?, ?, " + cast + ", ?)")) {
                s.setInt(1, id);
                s.setString(2, body);
                s.setString(3, gallery);
                s.setString(4, meta);
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return id;
        }

        void update(String column, int id, String value) {
            String cast = column.equals("gallery") && db.kind() == TestDatabase.Kind.POSTGRESQL ? "CAST(? AS JSONB)" : "?";
            try (Connection c = db.connect();
                 PreparedStatement s = c.prepareStatement("UPDATE post SET " + column + " = " + cast + " WHERE id = ?")) {
                s.setString(1, value);
                s.setInt(2, id);
                s.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void write(String key) {
            try {
                Path file = media.resolve(key);
                Files.createDirectories(file.getParent());
                Files.writeString(file, "content of " + key);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        MediaGc.Builder sweep() {
            return MediaGc.configure().dataSource(db.dataSource()).store(LocalStore.at(media))
                    .stripPrefix("/media/").textPrefix(CDN, "/media/")
                    .referenceText("post.body")
                    .referenceJson("post.gallery", "$.images[*].path")
                    .referenceWordPressAttachments("post.meta");
        }

        @Override
        public void close() {
            db.close();
        }
    }

    /** {@code s:N:"text";} with N in bytes, as PHP writes it. */
    private static String s(String text) {
        return "s:" + text.getBytes(StandardCharsets.UTF_8).length + ":\"" + text + "\";";
    }

    private static String wordPressMeta(String file, String... sizes) {
        StringBuilder value = new StringBuilder("a:4:{" + s("width") + "i:1200;" + s("file") + s(file) + s("sizes")
                + "a:" + sizes.length + ":{");
        for (int i = 0; i < sizes.length; i++) {
            value.append(s("size-" + i)).append("a:2:{").append(s("file")).append(s(sizes[i])).append(s("mime-type"))
                    .append(s("image/jpeg")).append('}');
        }
        return value.append('}').append(s("image_meta")).append("a:1:{").append(s("caption")).append(s("Ölfass ½"))
                .append("}}").toString();
    }

    /**
     * The store keys a source claims now, as the re-check before acting decides it: spellings of
     * each key looked up, the values found normalised again.
     */
    private static Set<String> referencedNow(ReferenceSource source, KeyNormalizer normalizer, String... storeKeys)
            throws ReferenceSourceException {
        Map<String, String> keyBySpelling = new LinkedHashMap<>();
        for (String key : storeKeys) {
            normalizer.spellingsOf(key).forEach(spelling -> keyBySpelling.put(spelling, key));
        }
        Set<String> claimed = new HashSet<>();
        for (String raw : source.lookUp(keyBySpelling.keySet(), normalizer.ignoresCase())) {
            String form = normalizer.normalize(raw);
            for (String key : storeKeys) {
                if (keyBySpelling.get(raw) == key || normalizer.normalize(key).equals(form)) {
                    claimed.add(key);
                }
            }
        }
        return claimed;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void listsExactlyTheFilesNoBodyJsonOrMetadataNames(TestDatabase.Kind kind) throws IOException {
        try (Blog blog = new Blog(kind)) {
            Path list = temp.resolve("orphans.txt");

            SweepReport report = blog.sweep().orphanList(list).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(new TreeSet<>(blog.orphans));
            assertThat(report.referenced().count()).isEqualTo(blog.live.size());
            assertThat(report.sources()).extracting(f -> f.name())
                    .containsExactly("post.body (text)", "post.gallery (json $.images[*].path)", "post.meta (wp-attachment)");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void theReCheckFindsAKeyAddedToAValueAfterTheMark(TestDatabase.Kind kind) throws Exception {
        try (Blog blog = new Blog(kind)) {
            KeyNormalizer normalizer = KeyNormalizer.of(List.of("/media/"), false);
            ReferenceSource body = ExtractingReference.ofColumn(blog.db.dataSource(), SqlIdentifier.parseColumn("post.body"),
                    new TextExtractor(List.of(CDN, "/media/")), false, 0);
            ReferenceSource gallery = ExtractingReference.ofColumn(blog.db.dataSource(),
                    SqlIdentifier.parseColumn("post.gallery"), new JsonExtractor(JsonPath.parse("$.images[*].path")), false, 0);
            ReferenceSource meta = ExtractingReference.ofQuery(blog.db.dataSource(), "SELECT meta FROM post", "--ref-sql", 1,
                    new PhpSerializedExtractor("file"), false, 0);
            String[] asked = {"2024/hero-900.jpg", "uploads/ü-c.jpg", "café-日本-1024x768.jpg", "docs/doc 2.pdf",
                "2024/hero.jpg", "uploads/c.jpg"};

            assertThat(referencedNow(body, normalizer, asked)).containsExactly("2024/hero.jpg");
            assertThat(referencedNow(gallery, normalizer, asked)).isEmpty();
            assertThat(referencedNow(meta, normalizer, asked)).isEmpty();

            // Each added key in a value of its own, spelt the way editors and PHP escape it.
            blog.update("body", 2, "<a href=\"/media/docs/doc&#32;2.pdf\">the other doc</a>");
            blog.update("body", 3, "<img srcset=\"/media/x.png 1x, " + CDN + "2024/hero&#x2D;900.jpg 2x\">");
            blog.update("gallery", 2, "{\"images\":[{\"path\":\"uploads\\/\\u00fc-c.jpg\"}]}");
            blog.update("meta", 2, wordPressMeta("2024/05/x.jpg", "café-日本-1024x768.jpg"));

            assertThat(referencedNow(body, normalizer, asked)).containsExactlyInAnyOrder("2024/hero.jpg",
                    "2024/hero-900.jpg", "docs/doc 2.pdf");
            assertThat(referencedNow(gallery, normalizer, asked)).containsExactly("uploads/ü-c.jpg");
            assertThat(referencedNow(meta, normalizer, asked)).containsExactly("café-日本-1024x768.jpg");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void theReCheckFindsKeysSpeltInAnotherCaseOrWithoutAnyLetterOrDigit(TestDatabase.Kind kind) throws Exception {
        try (Blog blog = new Blog(kind)) {
            ReferenceSource body = ExtractingReference.ofColumn(blog.db.dataSource(), SqlIdentifier.parseColumn("post.body"),
                    new TextExtractor(List.of(CDN, "/media/")), false, 0);
            KeyNormalizer ignoringCase = KeyNormalizer.of(List.of("/media/"), true);
            KeyNormalizer exact = KeyNormalizer.of(List.of("/media/"), false);

            blog.update("body", 2, "<img src=\"/media/CHARTS/Q2.PNG\"><img src=\"/media/日本/写真.画像\">");

            assertThat(referencedNow(body, ignoringCase, "charts/q2.png")).containsExactly("charts/q2.png");
            assertThat(referencedNow(body, exact, "charts/q2.png")).isEmpty();
            assertThat(referencedNow(body, exact, "日本/写真.画像", "日本/写真.動画")).containsExactly("日本/写真.画像");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void aKeyAddedToABodyBetweenMarkAndActKeepsItsFile(TestDatabase.Kind kind) throws IOException {
        try (Blog blog = new Blog(kind)) {
            Map<String, String> before = MediaTree.snapshot(blog.media);
            AtomicBoolean edited = new AtomicBoolean();
            // The edit lands while the store is listed: after the mark, before the re-check.
            ForwardingStore store = new ForwardingStore(LocalStore.at(blog.media)) {
                @Override
                public void list(ListingVisitor visitor) throws IOException {
                    if (edited.compareAndSet(false, true)) {
                        blog.update("body", 2, "![new](" + CDN + "charts/q2.png)");
                        blog.update("body", 3, "![escaped](/media/2024/hero&#45;900.jpg)");
                    }
                    super.list(visitor);
                }
            };

            SweepReport report = blog.sweep().store(store).apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.keptReferencedAgain().count()).isEqualTo(2);
            Map<String, String> after = MediaTree.snapshot(blog.media);
            assertThat(after).containsKeys("charts/q2.png", "2024/hero-900.jpg");
            blog.live.forEach(key -> assertThat(after).containsEntry(key, before.get(key)));
            assertThat(after).doesNotContainKeys("elsewhere.jpg", "uploads/c.jpg", "docs/doc 2.pdf");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void aValueThatCannotBeReadStopsTheRunUnlessAllowed(TestDatabase.Kind kind) throws IOException {
        try (Blog blog = new Blog(kind)) {
            String truncated = wordPressMeta("2024/05/café-日本.jpg", "x.jpg");
            blog.insert(null, null, truncated.substring(0, truncated.length() - 20));
            Map<String, String> before = MediaTree.snapshot(blog.media);

            SweepReport refused = blog.sweep().apply(Action.DELETE).load().sweep();

            assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(refused.reason()).contains("post.meta (wp-attachment)", "1 value(s)", "the value starting 'a:4:{s:5:\"width\";i:1200;",
                    "`allow-unreadable-values`");
            assertThat(MediaTree.snapshot(blog.media)).as("nothing acted on").isEqualTo(before);

            SweepReport allowed = blog.sweep().allowUnreadableValues(true).load().sweep();

            assertThat(allowed.outcome()).as(allowed.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(allowed.warnings()).anySatisfy(w -> assertThat(w).contains("post.meta (wp-attachment)",
                    "1 value(s)", "listed as orphans"));
            assertThat(allowed.orphans().count()).isEqualTo(blog.orphans.size());
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"MARIADB", "SQLITE"})
    void badJsonInATextColumnStopsTheRun(TestDatabase.Kind kind) throws IOException {
        try (Blog blog = new Blog(kind)) {
            blog.insert(null, "{\"images\":[{\"path\":\"uploads/c.jpg\"}", null);

            SweepReport report = blog.sweep().load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(report.reason()).contains("post.gallery (json $.images[*].path)", "not valid JSON",
                    "`allow-unreadable-values`");
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB", "SQLITE"})
    void aBodyOfSeveralMegabytesWithThousandsOfImagesStreams(TestDatabase.Kind kind) throws Exception {
        try (Blog blog = new Blog(kind)) {
            int images = 20_000;
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < images; i++) {
                body.append("<p>").append("Lorem ipsum dolor sit amet. ".repeat(8)).append("</p><img src=\"")
                        .append(CDN).append("big/").append(i).append(".jpg\" alt=\"").append(i).append("\">\n");
            }
            assertThat(body.length()).isGreaterThan(5_000_000);
            blog.insert(body.toString(), null, null);
            body = null;
            ReferenceSource source = ExtractingReference.ofColumn(blog.db.dataSource(),
                    SqlIdentifier.parseColumn("post.body"), new TextExtractor(List.of(CDN)), false, 0);
            Set<String> keys = new HashSet<>();

            source.stream(keys::add);

            assertThat(keys).hasSize(images + 3).contains("big/0.jpg", "big/19999.jpg", "2024/hero.jpg");
            assertThat(source.lookUp(List.of("big/12345.jpg"), false)).contains("big/12345.jpg");
        }
    }
}
