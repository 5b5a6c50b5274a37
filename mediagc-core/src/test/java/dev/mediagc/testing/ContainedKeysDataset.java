package dev.mediagc.testing;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An application whose file keys sit inside values rather than being them: JSON image lists
 * ({@code jsonb} on PostgreSQL), a JSON widget config with keys in two places, PHP-serialized
 * product metadata, WordPress attachment metadata (sizes as bare names beside the upload), HTML
 * article bodies with {@code src} and {@code srcset} under a CDN URL, Markdown pages with
 * root-relative links (one percent-encoded, to a non-ASCII name), and one plain file column. Its
 * decoys hold JSON settings without files, HTML linking only other sites, and JSON listing bare
 * file names that match nothing. Every file is old; it knows which ones no value names.
 */
public final class ContainedKeysDataset {

    public static final String CDN = "https://cdn.example.com/media/";

    private final TestDatabase db;
    private final Path media;
    private final List<String> referenced = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();

    private ContainedKeysDataset(TestDatabase db, Path media) {
        this.db = db;
        this.media = media;
    }

    /** {@code rows} rows per table, their files under {@code media}. */
    public static ContainedKeysDataset generate(TestDatabase db, Path media, int rows) {
        ContainedKeysDataset dataset = new ContainedKeysDataset(db, media);
        try {
            dataset.build(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataset;
    }

    public Path media() {
        return media;
    }

    /** Keys some value names (inside it or as it). */
    public List<String> referenced() {
        return referenced;
    }

    /** Keys no value names, sorted: what a sweep must list. */
    public List<String> expectedOrphans() {
        return orphans.stream().sorted().toList();
    }

    private void build(int rows) throws IOException, SQLException {
        boolean postgres = db.kind() == TestDatabase.Kind.POSTGRESQL;
        String json = postgres ? "JSONB" : "VARCHAR(4000)";
        String text = db.kind() == TestDatabase.Kind.H2 ? "CLOB" : "TEXT";
        String asJson = postgres ? "CAST(? AS JSONB)" : "?";
        db.execute(
                "CREATE TABLE gallery (id INT PRIMARY KEY, title VARCHAR(200), images " + json + ")",
                "CREATE TABLE widget (id INT PRIMARY KEY, config " + json + ")",
                "CREATE TABLE product_meta (id INT PRIMARY KEY, meta_value " + text + ")",
                "CREATE TABLE attachment_meta (id INT PRIMARY KEY, meta " + text + ")",
                "CREATE TABLE article (id INT PRIMARY KEY, body " + text + ")",
                "CREATE TABLE page (id INT PRIMARY KEY, body_md " + text + ")",
                "CREATE TABLE media_file (id INT PRIMARY KEY, path VARCHAR(500))",
                "CREATE TABLE site_setting (id INT PRIMARY KEY, setting_value " + json + ")",
                "CREATE TABLE newsletter (id INT PRIMARY KEY, html " + text + ")",
                "CREATE TABLE import_log (id INT PRIMARY KEY, payload " + json + ")");
        try (Connection c = db.connect()) {
            for (int i = 0; i < rows; i++) {
                boolean noGallery = i % 10 == 9; // a NULL document: its pictures are orphans
                String trip0 = (noGallery ? orphan("2024/05/trip-" + i + "-0.jpg") : live("2024/05/trip-" + i + "-0.jpg"));
                String trip1 = (noGallery ? orphan("2024/05/trip-" + i + "-1.jpg") : live("2024/05/trip-" + i + "-1.jpg"));
                orphan("2024/05/trip-" + i + "-unused.jpg");
                insert(c, "INSERT INTO gallery VALUES (?, ?, " + asJson + ")", i, "Trip to the coast, part " + i,
                        noGallery ? null : "{\"title\":\"Trip " + i + "\",\"images\":[{\"path\":\"/media/" + trip0
                                + "\",\"alt\":\"Sea \\u00e9t\\u00e9\"},{\"path\":\"/media/" + trip1 + "\",\"alt\":\"Dunes\"}]}");

                String background = live("widgets/bg-" + i + ".jpg");
                String slide = i % 2 == 0 ? orphan("widgets/slide-" + i + ".jpg") : live("widgets/slide-" + i + ".jpg");
                orphan("widgets/unused-" + i + ".jpg");
                insert(c, "INSERT INTO widget VALUES (?, " + asJson + ")", i,
                        i % 2 == 0 ? "{\"background\":\"/media/" + background + "\",\"layout\":\"wide\"}"
                                : "{\"layout\":\"carousel\",\"slides\":[{\"src\":\"/media/" + slide + "\",\"caption\":\"Slide " + i
                                        + "\"}],\"background\":\"/media/" + background + "\"}");

                String front = live("products/lamp-" + i + ".png");
                String back = live("products/lamp-" + i + "-back.png");
                orphan("products/old-" + i + ".png");
                Map<Object, Object> images = new LinkedHashMap<>();
                images.put(0, front);
                images.put(1, back);
                Map<Object, Object> product = new LinkedHashMap<>();
                product.put("title", "Lampe \u00e0 poser " + i);
                product.put("images", images);
                insert(c, "INSERT INTO product_meta VALUES (?, ?)", i, php(product));

                String upload = live("2023/11/beach-" + i + ".jpg");
                live("2023/11/beach-" + i + "-150x150.jpg");
                orphan("2023/11/beach-" + i + "-1024x768.jpg");
                Map<Object, Object> thumbnail = new LinkedHashMap<>();
                thumbnail.put("file", "beach-" + i + "-150x150.jpg");
                thumbnail.put("width", 150);
                thumbnail.put("mime-type", "image/jpeg");
                Map<Object, Object> sizes = new LinkedHashMap<>();
                sizes.put("thumbnail", thumbnail);
                Map<Object, Object> attachment = new LinkedHashMap<>();
                attachment.put("width", 1200);
                attachment.put("file", upload);
                attachment.put("sizes", sizes);
                insert(c, "INSERT INTO attachment_meta VALUES (?, ?)", i, php(attachment));

                boolean textOnly = i % 3 == 2; // links only to another site: its pictures are orphans
                String hero = textOnly ? orphan("2024/article-" + i + ".jpg") : live("2024/article-" + i + ".jpg");
                String small = textOnly ? orphan("2024/article-" + i + "-300x200.jpg") : live("2024/article-" + i + "-300x200.jpg");
                orphan("2024/article-" + i + "-draft.jpg");
                insert(c, "INSERT INTO article VALUES (?, ?)", i, textOnly
                        ? "<p>A text-only note about <a href=\"https://en.wikipedia.org/wiki/Lighthouse\">lighthouses</a>.</p>"
                        : "<h2>Caf\u00e9 " + i + "</h2><p>Intro.</p><img src=\"" + CDN + hero + "\" srcset=\"" + CDN + small
                                + " 300w, " + CDN + hero + " 1024w\" alt=\"\"><p>See <a href=\"https://www.youtube.com/watch?v=x" + i
                                + "\">the video</a>.</p>");

                String cover = live("pages/cover-" + i + ".png");
                live("docs/Stra\u00dfe-" + i + ".pdf");
                orphan("pages/draft-" + i + ".png");
                insert(c, "INSERT INTO page VALUES (?, ?)", i, "# Guide " + i + "\n\n![Cover](/media/" + cover
                        + ")\n\nDownload [the guide](/media/docs/Stra%C3%9Fe-" + i + ".pdf) or read [more](https://example.org/guides).\n");

                String file = live("files/f-" + i + ".bin");
                orphan("files/stale-" + i + ".bin");
                insert(c, "INSERT INTO media_file VALUES (?, ?)", i, file);

                insert(c, "INSERT INTO site_setting VALUES (?, " + asJson + ")", i, "{\"theme\":\"dark\",\"per_page\":" + (10 + i)
                        + ",\"logo\":\"logo.png\",\"social\":{\"twitter\":\"@example\"},\"banner\":\"/static/banner-" + i + ".svg\"}");
                insert(c, "INSERT INTO newsletter VALUES (?, ?)", i, "<p>Read <a href=\"https://example.org/blog/lighthouses-" + i
                        + "\">our friends' blog</a> <img src=\"https://images.example.net/sunset-" + i + ".jpg\"></p>");
                insert(c, "INSERT INTO import_log VALUES (?, " + asJson + ")", i, "{\"status\":\"ok\",\"files\":[\"trip-" + i
                        + "-0.jpg\",\"lamp-" + i + ".png\",\"beach-" + i + ".jpg\"]}");
            }
        }
    }

    private String live(String key) throws IOException {
        write(key);
        referenced.add(key);
        return key;
    }

    private String orphan(String key) throws IOException {
        write(key);
        orphans.add(key);
        return key;
    }

    private void write(String key) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + key, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
    }

    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                insert.setObject(i + 1, values[i]);
            }
            insert.executeUpdate();
        }
    }

    /** PHP's serialize() of arrays, strings (length in UTF-8 bytes) and integers. */
    static String php(Object value) {
        if (value instanceof Map<?, ?> array) {
            StringBuilder out = new StringBuilder("a:").append(array.size()).append(":{");
            array.forEach((key, element) -> out.append(php(key)).append(php(element)));
            return out.append('}').toString();
        }
        if (value instanceof Integer) {
            return "i:" + value + ";";
        }
        String text = value.toString();
        return "s:" + text.getBytes(StandardCharsets.UTF_8).length + ":\"" + text + "\";";
    }
}
