package dev.mediagc.testing;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.store.LocalStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Media trees whose files are mostly named by no column: each original is referenced by one row,
 * and the files the application derives from it (styles, sizes, variants) are referenced by none.
 * The ground truth is what a correct sweep with the application's derived rule must list as
 * orphans: originals without a row, and whatever was derived from them. Names hold Unicode and
 * spaces. Built on a real database (one table, one column) and a real folder.
 */
public final class DerivedApp implements AutoCloseable {

    /** The one rule that describes this application's derived files. */
    public final List<String> rules;
    public final TestDatabase db;
    public final Path media;
    /** The column naming the originals, TABLE.COLUMN. */
    public final String column;
    /** Every file written, by key. */
    public final SortedSet<String> files = new TreeSet<>();
    /** Files derived from a referenced original: no row names them, and they are live. */
    public final SortedSet<String> liveDerived = new TreeSet<>();
    /** The ground truth: what a sweep with {@link #rules} must list as orphans, sorted. */
    public final SortedSet<String> orphans = new TreeSet<>();

    private final List<String> rows = new ArrayList<>();

    private DerivedApp(TestDatabase db, Path media, String table, List<String> rules) {
        this.db = db;
        this.media = media;
        this.column = table + ".file";
        this.rules = rules;
        db.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, file VARCHAR(500))");
    }

    private static final String[] NAMES = {"photo %d", "Straße Foto %d", "café-crème %d", "日本 写真 %d",
        "my-holiday photo %d", "Ærø_strand %d"};

    /**
     * Paperclip (Rails): {@code media_attachments/files/109/876/543/210/987/654/original/x.png},
     * 18-digit ids split in groups of three, styles original, small and (for gifs) static; rows
     * name the original. {@code live} attachments have a row, {@code dead} have none, and a few
     * live attachments hold a stray file in their original folder that no row names.
     */
    public static DerivedApp paperclip(TestDatabase db, Path media, int live, int dead) {
        DerivedApp app = new DerivedApp(db, media, "media_attachment",
                List.of("{path}/{style}/{name} <- {path}/original/{name}"));
        for (int i = 0; i < live + dead; i++) {
            String id = String.format("%018d", 109_876_543_210_987_000L + i * 7919L);
            String folder = "media_attachments/files/" + id.replaceAll("(\\d{3})(?!$)", "$1/");
            String name = String.format(NAMES[i % NAMES.length], i) + (i % 4 == 0 ? ".gif" : ".png");
            boolean referenced = i < live;
            app.write(folder + "/original/" + name, referenced, false);
            app.write(folder + "/small/" + name, referenced, true);
            if (name.endsWith(".gif")) {
                app.write(folder + "/static/" + name, referenced, true);
            }
            if (referenced) {
                app.rows.add(folder + "/original/" + name);
                if (i % 25 == 3) {
                    app.write(folder + "/original/leftover " + i + ".png", false, false);
                }
            }
        }
        return app.insertRows();
    }

    /**
     * A CMS (WordPress-like): {@code 2024/05/photo.jpg} in a row, its sizes
     * {@code photo-150x150.jpg}, {@code photo-300x200.jpg}, {@code photo-1024x768.jpg} and for
     * some {@code photo-scaled.jpg} beside it, named nowhere.
     */
    public static DerivedApp cms(TestDatabase db, Path media, int live, int dead) {
        DerivedApp app = new DerivedApp(db, media, "attachment",
                List.of("{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}"));
        for (int i = 0; i < live + dead; i++) {
            String stem = String.format("%d/%02d/", 2020 + i % 5, 1 + i % 12) + String.format(NAMES[i % NAMES.length], i);
            boolean referenced = i < live;
            app.write(stem + ".jpg", referenced, false);
            for (String size : new String[] {"-150x150", "-300x200", "-1024x768"}) {
                app.write(stem + size + ".jpg", referenced, true);
            }
            if (i % 3 == 0) {
                app.write(stem + "-scaled.jpg", referenced, true);
            }
            if (referenced) {
                app.rows.add(stem + ".jpg");
            }
        }
        return app.insertRows();
    }

    /**
     * Rails Active Storage, Disk service: blob key {@code KEY} stored at {@code KE/Y./KEY}, and its
     * untracked variants in {@code va/ri/variants/KEY/DIGEST}. Rows hold the bare key.
     */
    public static DerivedApp activeStorage(TestDatabase db, Path media, int live, int dead) {
        DerivedApp app = new DerivedApp(db, media, "active_storage_blob",
                List.of("{a}/{b}/{a}{b}{rest} <- {a}{b}{rest}", "va/ri/variants/{key}/** <- {key}"));
        for (int i = 0; i < live + dead; i++) {
            String key = Long.toString(0x5DEECE66DL * (i + 11) + 0xBL, 36) + "q" + i + "zx";
            boolean referenced = i < live;
            app.write(key.substring(0, 2) + "/" + key.substring(2, 4) + "/" + key, referenced, true);
            app.write("va/ri/variants/" + key + "/" + Integer.toHexString(key.hashCode()) + "0a1b2c3d", referenced, true);
            if (i % 2 == 0) {
                app.write("va/ri/variants/" + key + "/" + Integer.toHexString(i * 31 + 7) + "ffee", referenced, true);
            }
            if (referenced) {
                app.rows.add(key);
            }
        }
        return app.insertRows();
    }

    private void write(String key, boolean live, boolean derived) {
        try {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.add(key);
        if (!live) {
            orphans.add(key);
        } else if (derived) {
            liveDerived.add(key);
        }
    }

    private DerivedApp insertRows() {
        for (int i = 0; i < rows.size(); i++) {
            insert(i + 1, rows.get(i));
        }
        return this;
    }

    /** Adds a row naming {@code file}. */
    public void insert(int id, String file) {
        String table = column.substring(0, column.indexOf('.'));
        db.execute("INSERT INTO " + table + " VALUES (" + id + ", '" + file.replace("'", "''") + "')");
    }

    /** A sweep of this app, without its derived rules. */
    public MediaGc.Builder sweep() {
        return MediaGc.configure().dataSource(db.dataSource()).reference(column).store(LocalStore.at(media));
    }

    /** A sweep of this app with its derived rules. */
    public MediaGc.Builder sweepWithRules() {
        MediaGc.Builder builder = sweep();
        rules.forEach(builder::derived);
        return builder;
    }

    @Override
    public void close() {
        db.close();
    }
}
