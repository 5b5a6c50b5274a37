package dev.mediagc.spark;

import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small but realistic application for the job's tests: three tables sharing files (with a
 * {@code media/} prefix, CDN URLs with queries, blanks, NFD and percent-encoded spellings), a
 * media folder with orphans, young uploads, derived thumbnails, excluded files, mediagc's own
 * folder and a nested store. Every number is fixed, so a test can state what it expects.
 */
final class MediaLibrary {

    static final Duration OLD = Duration.ofDays(30);
    static final List<String> STRIP_PREFIXES = List.of("https://cdn.example.com/media/", "/media/");
    static final List<String> EXCLUDES = List.of("*.tmp", "cache/**");
    static final List<String> DERIVED = List.of("{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}");
    /** Rows of the media table, ids 1 to this. */
    static final int MEDIA_ROWS = 240;

    final TestDatabase db;
    final Path root;

    MediaLibrary(TestDatabase db, Path root) {
        this.db = db;
        this.root = root;
    }

    static MediaLibrary create(Path tempDir) throws IOException {
        TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(tempDir);
        Path root = Files.createDirectories(tempDir.resolve("media"));
        MediaLibrary library = new MediaLibrary(db, root);
        library.fill();
        return library;
    }

    private void fill() throws IOException {
        db.execute(
                "CREATE TABLE media (id bigint PRIMARY KEY, file text)",
                "CREATE TABLE profile (id integer PRIMARY KEY, avatar varchar(300))",
                "CREATE TABLE post (id integer PRIMARY KEY, attachment text, published boolean)");
        List<String> media = new ArrayList<>();
        for (int i = 1; i <= MEDIA_ROWS; i++) {
            String key = "2024/%02d/photo-%d.jpg".formatted(i % 12 + 1, i);
            old(key);
            // Every third row spells its file another way, as real rows do.
            String value = switch (i % 6) {
                case 0 -> "media/" + key;
                case 3 -> "https://cdn.example.com/media/" + key + "?v=" + i;
                case 4 -> " /media/" + key + " ";
                default -> key;
            };
            media.add("(" + i + ", " + literal(value) + ")");
            if (i % 10 == 0) {
                old("2024/%02d/photo-%d-150x150.jpg".formatted(i % 12 + 1, i)); // a thumbnail of a referenced photo
            }
        }
        media.add("(1001, NULL)");
        media.add("(1002, '')");
        media.add("(1003, " + literal(Normalizer.normalize("uploads/café.jpg", Normalizer.Form.NFD)) + ")");
        media.add("(1004, 'uploads/na%C3%AFve%20file.png')");
        media.add("(1005, 'uploads/日本語/写真.png')");
        db.execute("INSERT INTO media (id, file) VALUES " + String.join(", ", media));
        old("uploads/café.jpg");
        old("uploads/naïve file.png");
        old("uploads/日本語/写真.png");

        db.execute("INSERT INTO profile VALUES (1, 'avatars/ann.png'), (2, 'media/2024/02/photo-1.jpg'), "
                + "(3, 'avatars/bob.png'), (4, NULL)");
        old("avatars/ann.png");
        old("avatars/bob.png");
        db.execute("INSERT INTO post VALUES (1, 'docs/guide.pdf', true), (2, 'docs/draft.pdf', false), "
                + "(3, 'https://cdn.example.com/media/docs/manual%20v2.pdf', true)");
        old("docs/guide.pdf");
        old("docs/manual v2.pdf");

        // Orphans: referenced by nothing, old enough.
        old("docs/draft.pdf"); // its post is unpublished: the query does not name it
        old("avatars/carol.png");
        old("2023/old-banner.gif");
        old("uploads/Ünïcödé orphan.jpg");
        old("uploads/😀 emoji.png");
        old("uploads/\uE000private-use.png");
        old("2023/orphan-150x150.jpg"); // looks derived, but its owner is referenced by nothing
        for (int i = 0; i < 25; i++) {
            old("orphans/batch/file-" + i + ".bin");
        }
        // Not candidates for other reasons.
        young("uploads/just-uploaded.jpg");
        old("uploads/partial.tmp");
        old("cache/2023/render.png");
        old(".mediagc/last-run.json");
        old("tenant/.mediagc/lock");
        old("tenant/orphan-of-another-store.jpg");
        old("2023/tenant2/.mediagc/lock");
        old("2023/tenant2/deeper-store-orphan.jpg");
        Files.createSymbolicLink(root.resolve("uploads/link-to-orphan.png"), root.resolve("avatars/carol.png"));
        Files.createSymbolicLink(root.resolve("linked-folder"), root.resolve("orphans"));
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    void old(String key) {
        write(key, Instant.now().minus(OLD));
    }

    void young(String key) {
        write(key, Instant.now().minusSeconds(60));
    }

    private void write(String key, Instant modified) {
        try {
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, ("content of " + key).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(file, FileTime.from(modified));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
