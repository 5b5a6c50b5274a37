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
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * A media tree whose rows name originals only, as a Django or WordPress site's do: beside each
 * photo its thumbnails ({@code IMG_0001-150x150.jpg}, {@code -300x200}), for some a WebP copy
 * ({@code IMG_0001.jpg.webp}) or a folder of resized copies named by the key
 * ({@code resized/photos/…/IMG_0006.jpg/100.jpg}); beside each catalogue picture
 * ({@code items/7/original/p7.png}) its sibling style folders ({@code thumb/}, {@code medium/}); a
 * {@code cache/} folder of junk no row names; and true orphans: deleted photos with their
 * thumbnails and resized folder, a deleted item with its style, a file at the top, and two decoys
 * named like derived files ({@code IMG_0003-2.jpg}, a second upload) beside referenced photos.
 * Every file is old. It knows the ground truth.
 */
public final class DerivedFilesDataset {

    public static final String THUMBNAIL_RULE = "{dir}/{stem}-*x*.{ext} <- {dir}/{stem}.{ext}";
    public static final String THUMB_STYLE_RULE = "{path}/thumb/{name} <- {path}/original/{name}";
    public static final String MEDIUM_STYLE_RULE = "{path}/medium/{name} <- {path}/original/{name}";
    public static final String WEBP_RULE = "{dir}/{name}.webp <- {dir}/{name}";
    public static final String RESIZED_RULE = "resized/{key}/** <- {key}";

    private final Path media;
    private final List<String> referenced = new ArrayList<>();
    private final List<String> derived = new ArrayList<>();
    private final List<String> cache = new ArrayList<>();
    private final List<String> orphans = new ArrayList<>();
    private final List<String> decoys = new ArrayList<>();
    private final Instant old = Instant.now().minus(Duration.ofDays(30));

    private DerivedFilesDataset(Path media) {
        this.media = media;
    }

    /** Writes the tree under {@code media} and the rows naming its originals into {@code db}. */
    public static DerivedFilesDataset generate(TestDatabase db, Path media, int photos, int items, long seed) {
        DerivedFilesDataset data = new DerivedFilesDataset(media);
        try {
            data.build(db, photos, items, new Random(seed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return data;
    }

    private void build(TestDatabase db, int photos, int items, Random random) throws IOException, SQLException {
        db.execute("CREATE TABLE gallery_photo (id INT PRIMARY KEY, title VARCHAR(200), image VARCHAR(500))",
                "CREATE TABLE catalog_item (id INT PRIMARY KEY, name VARCHAR(200), picture VARCHAR(500))");
        List<Object[]> photoRows = new ArrayList<>();
        List<Object[]> itemRows = new ArrayList<>();
        for (int i = 1; i <= photos; i++) {
            String folder = String.format("photos/%d/%02d/", 2021 + i % 3, 1 + i % 12);
            String name = i % 4 == 0 ? "caf\u00e9-cr\u00e8me-" + i : String.format("IMG_%04d", i);
            String key = folder + name + ".jpg";
            file(key, referenced);
            photoRows.add(new Object[] {i, "Sunset at the pier, part " + i, i % 2 == 0 ? "/media/" + key : key});
            file(folder + name + "-150x150.jpg", derived);
            file(folder + name + "-300x200.jpg", derived);
            if (i % 5 == 0) {
                file(key + ".webp", derived);
            }
            if (i % 6 == 0) {
                file("resized/" + key + "/100.jpg", derived);
            }
            if (i == 3 || i == 7) {
                file(folder + name + "-2.jpg", decoys); // a second upload of the same name, deleted from the database
            }
        }
        photoRows.add(new Object[] {photos + 1, "Untitled", null});
        for (int j = 1; j <= items; j++) {
            String folder = "items/" + j + "/";
            String name = "p" + j + ".png";
            file(folder + "original/" + name, referenced);
            itemRows.add(new Object[] {j, "Blue mug no. " + j, folder + "original/" + name});
            file(folder + "thumb/" + name, derived);
            file(folder + "medium/" + name, derived);
        }
        for (int k = 0; k < 18; k++) {
            byte[] hash = new byte[8];
            random.nextBytes(hash);
            String hex = HexFormat.of().formatHex(hash);
            file(k % 6 == 5 ? "cache/sess_" + hex : "cache/" + hex.substring(0, 2) + "/" + hex + ".jpg", cache);
        }
        for (int d = 9001; d <= 9004; d++) {
            String key = String.format("photos/2022/11/IMG_%04d.jpg", d);
            file(key, orphans);
            file(key.replace(".jpg", "-150x150.jpg"), orphans); // the thumbnail of a deleted photo goes with it
        }
        file("resized/photos/2022/11/IMG_9001.jpg/100.jpg", orphans);
        file("items/99/original/p99.png", orphans);
        file("items/99/thumb/p99.png", orphans);
        file("old-banner.png", orphans);
        orphans.addAll(decoys);

        try (Connection c = db.connect()) {
            insert(c, "INSERT INTO gallery_photo VALUES (?, ?, ?)", photoRows);
            insert(c, "INSERT INTO catalog_item VALUES (?, ?, ?)", itemRows);
        }
    }

    public Path media() {
        return media;
    }

    public List<String> referenced() {
        return referenced;
    }

    /** Files the five rules keep while their owner is referenced. */
    public List<String> derived() {
        return derived;
    }

    public List<String> cache() {
        return cache;
    }

    /** What a sweep with the right rules and {@code cache/**} excluded must list, sorted. */
    public List<String> expectedOrphans() {
        return orphans.stream().sorted().toList();
    }

    public List<String> decoys() {
        return decoys;
    }

    public long objects() {
        return referenced.size() + derived.size() + cache.size() + orphans.size();
    }

    public List<String> references() {
        return List.of("gallery_photo.image", "catalog_item.picture");
    }

    private void file(String key, List<String> into) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, ("content of " + key).getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.from(old));
        into.add(key);
    }

    private static void insert(Connection c, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    s.setObject(i + 1, row[i]);
                }
                s.executeUpdate();
            }
        }
    }
}
