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
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated data shaped like a Django (or Rails, or Laravel) application's media: several tables
 * and file columns, files under {@code photos/YYYY/MM/}, {@code docs/} and at the top of the root,
 * names with spaces, {@code %}, {@code #} and non-Latin letters, NFD names on disk with NFC values
 * in the database, NULLs, empty strings, URL prefixes, rows naming missing files, young uploads and
 * excluded scratch files. It knows the ground truth of what a sweep must find.
 */
public final class DjangoStyleDataset {

    public static final Duration MIN_AGE = Duration.ofHours(24);
    public static final List<String> STRIP_PREFIXES = List.of("/media/", "https://cdn.example.com/media/");
    public static final List<String> EXCLUDES = List.of("*.tmp", "cache/**");

    private final TestDatabase db;
    private final Path media;
    private final List<String> orphans = new ArrayList<>();
    private final List<String> youngOrphans = new ArrayList<>();
    private final List<String> excluded = new ArrayList<>();
    private final List<String> referenced = new ArrayList<>();
    private final List<String> dangling = new ArrayList<>();
    private final List<String> emptyFolders = new ArrayList<>();

    private DjangoStyleDataset(TestDatabase db, Path media) {
        this.db = db;
        this.media = media;
    }

    /** Writes {@code files} files under {@code media} and their rows into {@code db}. */
    public static DjangoStyleDataset generate(TestDatabase db, Path media, int files, long seed) {
        DjangoStyleDataset dataset = new DjangoStyleDataset(db, media);
        try {
            dataset.build(files, new Random(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return dataset;
    }

    /** The column references, in every syntax the CLI accepts. */
    public List<String> columnReferences() {
        String q = "\"";
        return List.of("accounts_profile.avatar", "documents_document.file", "documents_document.thumbnail",
                db.schema() + ".gallery_photo.image", q + "MediaItem" + q + "." + q + "FilePath" + q);
    }

    /** A query reference that builds keys from two columns. */
    public String queryReference() {
        return "SELECT CONCAT(folder, '/', name) FROM attachment";
    }

    /** Old, unreferenced, not excluded: what a sweep must list, sorted. */
    public List<String> expectedOrphans() {
        return orphans.stream().sorted().toList();
    }

    public List<String> youngOrphans() {
        return youngOrphans;
    }

    public List<String> excluded() {
        return excluded;
    }

    public List<String> referenced() {
        return referenced;
    }

    /** Distinct rows' keys naming files the store lacks. */
    public List<String> dangling() {
        return dangling;
    }

    /** Folders created empty and old, for --remove-empty-dirs. */
    public List<String> emptyFolders() {
        return emptyFolders;
    }

    public Path media() {
        return media;
    }

    private void build(int files, Random random) throws IOException, SQLException {
        String q = db.quote();
        db.execute(
                "CREATE TABLE accounts_profile (id INT PRIMARY KEY, avatar VARCHAR(500))",
                "CREATE TABLE documents_document (id INT PRIMARY KEY, file VARCHAR(500), thumbnail VARCHAR(500))",
                "CREATE TABLE gallery_photo (id INT PRIMARY KEY, image VARCHAR(500))",
                "CREATE TABLE " + q + "MediaItem" + q + " (" + q + "Id" + q + " INT PRIMARY KEY, " + q + "FilePath" + q + " VARCHAR(500))",
                "CREATE TABLE attachment (id INT PRIMARY KEY, folder VARCHAR(200), name VARCHAR(300))");
        Instant now = Instant.now();
        List<Object[]> profile = new ArrayList<>();
        List<Object[]> document = new ArrayList<>();
        List<Object[]> photo = new ArrayList<>();
        List<Object[]> item = new ArrayList<>();
        List<Object[]> attachment = new ArrayList<>();

        for (int i = 0; i < files; i++) {
            String key = keyFor(i, random);
            String onDisk = i % 17 == 0 ? Normalizer.normalize(key, Normalizer.Form.NFD) : key;
            int kind = random.nextInt(100);
            Instant modified = now.minus(Duration.ofDays(2 + random.nextInt(900)));
            if (kind < 60) {
                referenced.add(onDisk);
                String value = spelled(key, random);
                switch (random.nextInt(6)) {
                    case 0 -> profile.add(new Object[] {profile.size() + 1, value});
                    case 1 -> document.add(new Object[] {document.size() + 1, value, null});
                    case 2 -> document.add(new Object[] {document.size() + 1, "", value});
                    case 3 -> photo.add(new Object[] {photo.size() + 1, value});
                    case 4 -> item.add(new Object[] {item.size() + 1, value});
                    default -> {
                        int slash = key.lastIndexOf('/');
                        if (slash > 0) {
                            attachment.add(new Object[] {attachment.size() + 1, key.substring(0, slash), key.substring(slash + 1)});
                        } else {
                            photo.add(new Object[] {photo.size() + 1, value});
                        }
                    }
                }
                if (random.nextInt(20) == 0) {
                    modified = now.minus(Duration.ofMinutes(random.nextInt(600))); // young and referenced
                }
            } else if (kind < 85) {
                orphans.add(onDisk);
            } else if (kind < 92) {
                youngOrphans.add(onDisk);
                modified = now.minus(Duration.ofMinutes(1 + random.nextInt(23 * 60)));
            } else {
                String scratch = random.nextBoolean() ? "cache/thumbs/" + onDisk : onDisk + ".tmp";
                excluded.add(scratch);
                onDisk = scratch;
            }
            write(onDisk, modified);
        }
        // Rows with nothing in them, and rows naming files that are gone (broken images).
        for (int i = 0; i < 25; i++) {
            profile.add(new Object[] {profile.size() + 1, i % 2 == 0 ? null : ""});
            String missing = "photos/2020/01/missing-" + i + ".jpg";
            dangling.add(missing);
            photo.add(new Object[] {photo.size() + 1, i % 3 == 0 ? "/media/" + missing : missing});
        }
        // The same file named by two rows counts once.
        if (!referenced.isEmpty()) {
            item.add(new Object[] {item.size() + 1, Normalizer.normalize(referenced.get(0), Normalizer.Form.NFC)});
        }
        for (String folder : List.of("photos/2018/01", "empty/a/b/c", "docs/archive/2017")) {
            Path dir = Files.createDirectories(media.resolve(folder));
            emptyFolders.add(folder);
            for (Path p = dir; !p.equals(media); p = p.getParent()) {
                Files.setLastModifiedTime(p, FileTime.from(now.minus(Duration.ofDays(30))));
            }
        }

        try (Connection c = db.connect()) {
            insert(c, "INSERT INTO accounts_profile VALUES (?, ?)", profile);
            insert(c, "INSERT INTO documents_document VALUES (?, ?, ?)", document);
            insert(c, "INSERT INTO gallery_photo VALUES (?, ?)", photo);
            insert(c, "INSERT INTO " + q + "MediaItem" + q + " VALUES (?, ?)", item);
            insert(c, "INSERT INTO attachment VALUES (?, ?, ?)", attachment);
        }
    }

    private static String spelled(String key, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "/media/" + key;
            case 1 -> "https://cdn.example.com/media/" + key;
            case 2 -> "/" + key;
            default -> key;
        };
    }

    private static String keyFor(int i, Random random) {
        return switch (i % 12) {
            case 0, 1, 2, 3 -> String.format("photos/%d/%02d/IMG_%05d.jpg", 2019 + random.nextInt(6), 1 + random.nextInt(12), i);
            case 4 -> "docs/annual report " + i + ".pdf";
            case 5 -> "docs/budget #" + i + " (50%).xlsx";
            case 6 -> "top-level-" + i + ".png";
            case 7 -> "photos/2024/01/\u6771\u4eac-" + i + ".jpg";
            case 8 -> "docs/\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac " + i + ".pdf";
            case 9 -> "docs/caf\u00e9 cr\u00e8me-" + i + ".pdf";
            case 10 -> "avatars/\u043a\u0438\u0440\u0438\u043b\u043b\u0438\u0446\u0430_" + i + ".png";
            default -> "uploads/" + (i % 7) + "/" + (i % 5) + "/deep/file+" + i + ".bin";
        };
    }

    private void write(String key, Instant modified) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, ("content of " + key + " " + modified.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    private static void insert(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    s.setObject(i + 1, row[i]);
                }
                s.addBatch();
            }
            s.executeBatch();
        }
        c.commit();
        c.setAutoCommit(autoCommit);
    }
}
