package dev.mediagc.cli;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WordPress site as WordPress itself leaves it: its wp_posts and wp_postmeta tables (the DDL of
 * wp-admin/includes/schema.php), attachments with PHP-serialized metadata (sizes, -scaled copies
 * with original_image, edited images with their backup sizes, PDFs with preview images), posts whose
 * bodies link uploads with src and srcset, and wp-content/uploads/YYYY/MM/ on disk. Beside them, the
 * truth: the files no row names any more (orphaned attachments with all their sizes, a stray copy),
 * and files plugins and other sites of a network keep in the uploads folder.
 */
final class WordPressSite implements AutoCloseable {

    static final String UPLOADS_URL = "https://example.com/wp-content/uploads/";
    private static final String[] STEMS = {"café-terrasse", "Straße-im-Regen", "東京タワー", "photo", "Ærø-færge",
        "IMG_2041", "naïve art", "год-2023"};
    private static final String[][] SIZES = {{"thumbnail", "150", "150"}, {"medium", "300", "200"},
        {"medium_large", "768", "512"}, {"large", "1024", "683"}};
    private static final String[][] BIG_SIZES = {{"1536x1536", "1536", "1024"}, {"2048x2048", "2048", "1365"}};

    final TestDatabase db;
    final Path uploads;
    final String prefix;
    /** Files no row names: what a sweep must list, and nothing else. */
    final List<String> orphans = new ArrayList<>();
    /** Live files only attachment metadata, backup sizes or a PDF's sizes name (not _wp_attached_file). */
    final List<String> namedOnlyByMetadata = new ArrayList<>();
    /** Files plugins and the network's other sites keep here, which no sweep of this site may touch. */
    final List<String> othersFiles = new ArrayList<>();
    private final Connection connection;
    private long nextId = 1;

    WordPressSite(TestDatabase db, Path uploads, String prefix, int attachments, int orphanedAttachments) {
        this.db = db;
        this.uploads = uploads;
        this.prefix = prefix;
        try {
            connection = db.connect();
            createTables();
            for (int i = 0; i < attachments; i++) {
                addAttachment(i);
            }
            for (int i = 0; i < orphanedAttachments; i++) {
                addOrphanedAttachment(i);
            }
            addFilesRowsDoNotName();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void createTables() throws SQLException {
        // wp-admin/includes/schema.php, as of WordPress 6.x; $charset_collate is utf8mb4 on a modern install.
        db.execute("CREATE TABLE " + prefix + "posts (\n"
                + " ID bigint(20) unsigned NOT NULL auto_increment,\n"
                + " post_author bigint(20) unsigned NOT NULL default '0',\n"
                + " post_date datetime NOT NULL default '0000-00-00 00:00:00',\n"
                + " post_date_gmt datetime NOT NULL default '0000-00-00 00:00:00',\n"
                + " post_content longtext NOT NULL,\n"
                + " post_title text NOT NULL,\n"
                + " post_excerpt text NOT NULL,\n"
                + " post_status varchar(20) NOT NULL default 'publish',\n"
                + " comment_status varchar(20) NOT NULL default 'open',\n"
                + " ping_status varchar(20) NOT NULL default 'open',\n"
                + " post_password varchar(255) NOT NULL default '',\n"
                + " post_name varchar(200) NOT NULL default '',\n"
                + " to_ping text NOT NULL,\n"
                + " pinged text NOT NULL,\n"
                + " post_modified datetime NOT NULL default '0000-00-00 00:00:00',\n"
                + " post_modified_gmt datetime NOT NULL default '0000-00-00 00:00:00',\n"
                + " post_content_filtered longtext NOT NULL,\n"
                + " post_parent bigint(20) unsigned NOT NULL default '0',\n"
                + " guid varchar(255) NOT NULL default '',\n"
                + " menu_order int(11) NOT NULL default '0',\n"
                + " post_type varchar(20) NOT NULL default 'post',\n"
                + " post_mime_type varchar(100) NOT NULL default '',\n"
                + " comment_count bigint(20) NOT NULL default '0',\n"
                + " PRIMARY KEY  (ID),\n"
                + " KEY post_name (post_name(191)),\n"
                + " KEY type_status_date (post_type,post_status,post_date,ID),\n"
                + " KEY post_parent (post_parent),\n"
                + " KEY post_author (post_author)\n"
                + ") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci",
                "CREATE TABLE " + prefix + "postmeta (\n"
                + " meta_id bigint(20) unsigned NOT NULL auto_increment,\n"
                + " post_id bigint(20) unsigned NOT NULL default '0',\n"
                + " meta_key varchar(255) default NULL,\n"
                + " meta_value longtext,\n"
                + " PRIMARY KEY  (meta_id),\n"
                + " KEY post_id (post_id),\n"
                + " KEY meta_key (meta_key(191))\n"
                + ") DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci");
    }

    private void addAttachment(int i) throws SQLException {
        String folder = "2023/" + String.format("%02d", i % 12 + 1) + "/";
        String stem = STEMS[i % STEMS.length] + "-" + i;
        switch (i % 5) {
            case 0 -> image(folder, stem, false, i);
            case 1 -> image(folder, stem, true, i);
            case 2 -> editedImage(folder, stem, i);
            case 3 -> pdf(folder, stem);
            default -> {
                image(folder, stem, false, i);
                // A size of an earlier theme: the metadata forgets it, old posts and widgets may still link it.
                write(folder + stem + "-600x400.jpg");
            }
        }
    }

    /** An image as wp_create_image_subsizes() leaves it; a big one is replaced by a -scaled copy. */
    private long image(String folder, String stem, boolean big, int i) throws SQLException {
        String original = stem + ".jpg";
        String file = big ? stem + "-scaled.jpg" : original;
        write(folder + original);
        Map<String, Object> sizes = sizes(folder, stem, big);
        if (big) {
            write(folder + file);
            namedOnlyByMetadata.add(folder + original);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("width", big ? 2560 : 1200);
        meta.put("height", big ? 1707 : 800);
        meta.put("file", folder + file);
        meta.put("filesize", 123_456);
        meta.put("sizes", sizes);
        meta.put("image_meta", imageMeta(stem));
        if (big) {
            meta.put("original_image", original);
        }
        long id = attachment(folder + file, "image/jpeg", meta);
        if (i % 3 == 0) {
            post("<!-- wp:paragraph --><p>Vue du jour&nbsp;: " + stem + "</p><!-- /wp:paragraph -->\n"
                    + "<p><a href=\"" + UPLOADS_URL + folder + file + "\"><img class=\"alignnone size-medium wp-image-" + id
                    + "\" src=\"" + UPLOADS_URL + folder + stem + "-300x200.jpg\" alt=\"" + stem + "\" width=\"300\" "
                    + "height=\"200\" srcset=\"" + UPLOADS_URL + folder + stem + "-300x200.jpg 300w, " + UPLOADS_URL
                    + folder + stem + "-768x512.jpg 768w, " + UPLOADS_URL + folder + stem + "-1024x683.jpg 1024w\" "
                    + "sizes=\"(max-width: 300px) 100vw, 300px\" /></a></p>");
        }
        return id;
    }

    private Map<String, Object> sizes(String folder, String stem, boolean big) {
        Map<String, Object> sizes = new LinkedHashMap<>();
        List<String[]> all = new ArrayList<>(List.of(SIZES));
        if (big) {
            all.addAll(List.of(BIG_SIZES));
        }
        for (String[] size : all) {
            String name = stem + "-" + size[1] + "x" + size[2] + ".jpg";
            write(folder + name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", name);
            entry.put("width", Integer.parseInt(size[1]));
            entry.put("height", Integer.parseInt(size[2]));
            entry.put("mime-type", "image/jpeg");
            entry.put("filesize", 4_321);
            sizes.put(size[0], entry);
        }
        return sizes;
    }

    private static Map<String, Object> imageMeta(String stem) {
        Map<String, Object> exif = new LinkedHashMap<>();
        for (String key : List.of("aperture", "credit", "camera")) {
            exif.put(key, "");
        }
        exif.put("caption", "« " + stem + " » — ©");
        exif.put("created_timestamp", "0");
        exif.put("title", stem);
        exif.put("orientation", "1");
        exif.put("keywords", Map.of());
        return exif;
    }

    /**
     * An image edited in the media library (wp_save_image()): the edit is a new file {@code stem-e<time>.jpg}
     * with new sizes; the files before it stay, named in _wp_attachment_backup_sizes as bare names.
     */
    private void editedImage(String folder, String stem, int i) throws SQLException {
        String edited = stem + "-e1700000000" + String.format("%03d", i);
        Map<String, Object> backup = new LinkedHashMap<>();
        write(folder + stem + ".jpg");
        namedOnlyByMetadata.add(folder + stem + ".jpg");
        backup.put("full-orig", Map.of("width", 1200, "height", 800, "filesize", 98_765, "file", stem + ".jpg"));
        for (String[] size : SIZES) {
            String name = stem + "-" + size[1] + "x" + size[2] + ".jpg";
            write(folder + name);
            namedOnlyByMetadata.add(folder + name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", name);
            entry.put("width", Integer.parseInt(size[1]));
            entry.put("height", Integer.parseInt(size[2]));
            entry.put("mime-type", "image/jpeg");
            entry.put("filesize", 4_321);
            backup.put(size[0] + "-orig", entry);
        }
        write(folder + edited + ".jpg");
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("width", 800);
        meta.put("height", 1200);
        meta.put("file", folder + edited + ".jpg");
        meta.put("filesize", 87_654);
        meta.put("sizes", sizes(folder, edited, false));
        meta.put("image_meta", imageMeta(stem));
        long id = attachment(folder + edited + ".jpg", "image/jpeg", meta);
        meta("_wp_attachment_backup_sizes", id, PhpSerialized.of(backup));
    }

    /** A PDF with its preview images (wp_generate_attachment_metadata(): 'sizes' with 'full', no 'file'). */
    private void pdf(String folder, String stem) throws SQLException {
        write(folder + stem + ".pdf");
        Map<String, Object> sizes = new LinkedHashMap<>();
        String[][] previews = {{"full", "pdf"}, {"thumbnail", "pdf-116x150"}, {"medium", "pdf-232x300"},
            {"large", "pdf-791x1024"}};
        for (String[] preview : previews) {
            String name = stem + "-" + preview[1] + ".jpg";
            write(folder + name);
            namedOnlyByMetadata.add(folder + name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", name);
            entry.put("width", 116);
            entry.put("height", 150);
            entry.put("mime-type", "image/jpeg");
            entry.put("filesize", 1_234);
            sizes.put(preview[0], entry);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("sizes", sizes);
        meta.put("filesize", 345_678);
        attachment(folder + stem + ".pdf", "application/pdf", meta);
    }

    /** An attachment whose rows are gone (deleted with a plugin that left its files): every file is an orphan. */
    private void addOrphanedAttachment(int i) {
        String folder = "2022/" + String.format("%02d", i % 12 + 1) + "/";
        String stem = "supprimé-" + STEMS[i % STEMS.length] + "-" + i;
        List<String> files = new ArrayList<>(List.of(stem + ".jpg"));
        if (i % 2 == 1) {
            files.add(stem + "-scaled.jpg");
            files.add(stem + "-2048x1365.jpg");
        }
        for (String[] size : SIZES) {
            files.add(stem + "-" + size[1] + "x" + size[2] + ".jpg");
        }
        files.forEach(name -> orphan(folder + name));
    }

    private void addFilesRowsDoNotName() throws SQLException {
        // Linked only from bodies: uploaded by FTP long ago, over http and scheme-relative.
        write("2019/03/bannière-été.jpg");
        write("2019/03/logo ancien.png");
        write("2022/11/revision-only.jpg");
        post("<p>Ancienne bannière&nbsp;: <img src=\"http://example.com/wp-content/uploads/2019/03/banni%C3%A8re-%C3%A9t%C3%A9.jpg\">"
                + " et <img src='//example.com/wp-content/uploads/2019/03/logo%20ancien.png'></p>");
        // A revision keeps what an earlier version of a post showed: it can be restored.
        insertPost("revision", "inherit", "<figure><img src=\"" + UPLOADS_URL + "2022/11/revision-only.jpg\" alt=\"\"/></figure>",
                "", "");
        // Another site's copy of an orphan's URL names nothing here.
        post("<p><img src=\"https://mirror.example.org/wp-content/uploads/2022/01/supprimé-café-terrasse-0.jpg\"></p>");
        // A second upload of a live file's name whose rows are gone, and a stray export.
        orphan("2023/01/café-terrasse-0-1.jpg");
        orphan("2023/02/export (copie).csv");

        for (String key : List.of("sites/2/2023/05/photo-site-deux.jpg", "sites/2/2023/05/photo-site-deux-150x150.jpg",
                "wpforms/12-8f3c2a/cv-candidat.pdf", "wpforms/cache/index.html", "elementor/css/post-12.css",
                "elementor/screenshots/page-7.png", "woocommerce_uploads/2023/05/livre-numérique.epub",
                "woocommerce_uploads/.htaccess", "wp-personal-data-exports/wp-personal-data-file-abc123.zip",
                "wp-personal-data-exports/index.php", "fonts/inter/Inter-Regular.woff2", "cache/autoptimize/css/a.css",
                "gravity_forms/1-0a1b2c/2023/05/piece-jointe.pdf", ".htaccess", "2023/05/index.php", "index.php")) {
            write(key);
            othersFiles.add(key);
        }
    }

    private long attachment(String attachedFile, String mimeType, Map<String, Object> metadata) throws SQLException {
        long id = insertPost("attachment", "inherit", "", UPLOADS_URL + attachedFile, mimeType);
        meta("_wp_attached_file", id, attachedFile);
        meta("_wp_attachment_metadata", id, PhpSerialized.of(metadata));
        meta("_wp_attachment_image_alt", id, "");
        return id;
    }

    private void post(String content) throws SQLException {
        long id = insertPost("post", "publish", content, "https://example.com/?p=" + nextId, "");
        meta("_edit_last", id, "1");
    }

    private long insertPost(String type, String status, String content, String guid, String mimeType) throws SQLException {
        long id = nextId++;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + prefix + "posts (ID, post_author, "
                + "post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, post_name, to_ping, "
                + "pinged, post_modified, post_modified_gmt, post_content_filtered, guid, post_type, post_mime_type) "
                + "VALUES (?, 1, NOW(), UTC_TIMESTAMP(), ?, ?, '', ?, ?, '', '', NOW(), UTC_TIMESTAMP(), '', ?, ?, ?)")) {
            insert.setLong(1, id);
            insert.setString(2, content);
            insert.setString(3, type + " " + id);
            insert.setString(4, status);
            insert.setString(5, type + "-" + id);
            insert.setString(6, guid);
            insert.setString(7, type);
            insert.setString(8, mimeType);
            insert.executeUpdate();
        }
        return id;
    }

    private void meta(String key, long postId, String value) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO " + prefix + "postmeta (post_id, meta_key, meta_value) VALUES (?, ?, ?)")) {
            insert.setLong(1, postId);
            insert.setString(2, key);
            insert.setString(3, value);
            insert.executeUpdate();
        }
    }

    private void orphan(String key) {
        write(key);
        orphans.add(key);
    }

    /** A file with distinct content, ten days old (older than the default --min-age). */
    void write(String key) {
        try {
            Path file = uploads.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, ("wp:" + key).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the database goes next
        }
        db.close();
    }
}
