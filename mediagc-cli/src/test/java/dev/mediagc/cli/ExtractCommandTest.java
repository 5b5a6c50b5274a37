package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * {@code --ref-text}, {@code --ref-json}, {@code --ref-sql-wp-attachment} and their config keys on a
 * SQLite blog: the orphan list is the truth, an unreadable value fails the run with one line naming
 * the flag that accepts it, and a malformed flag is a usage error.
 */
@Tag("fast")
class ExtractCommandTest {

    @TempDir
    Path temp;
    Path media;
    String url;
    Map<String, String> before;

    private static String s(String text) {
        return "s:" + text.getBytes(StandardCharsets.UTF_8).length + ":\"" + text + "\";";
    }

    @BeforeEach
    void setUp() throws IOException, SQLException {
        media = Files.createDirectories(temp.resolve("media"));
        for (String key : List.of("2024/hero.jpg", "2024/hero-600.jpg", "uploads/a.jpg", "2024/05/été.jpg",
                "2024/05/été-150x150.jpg", "orphan.jpg", "2024/05/été-300x300.jpg", "uploads/b.jpg")) {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        }
        url = "jdbc:sqlite:" + temp.resolve("app.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE post (id INT, body TEXT, gallery TEXT)");
            s.execute("CREATE TABLE postmeta (post_id INT, meta_key TEXT, meta_value TEXT)");
            s.execute("INSERT INTO post VALUES (1, '<img src=\"https://cdn.example.com/media/2024/hero.jpg\" "
                    + "srcset=\"https://cdn.example.com/media/2024/hero-600.jpg 600w\">"
                    + "<img src=\"https://elsewhere.example.org/media/orphan.jpg\">', "
                    + "'{\"images\":[{\"path\":\"uploads/a.jpg\"}]}')");
            try (PreparedStatement meta = c.prepareStatement("INSERT INTO postmeta VALUES (1, ?, ?)")) {
                meta.setString(1, "_wp_attachment_metadata");
                meta.setString(2, "a:2:{" + s("file") + s("2024/05/été.jpg") + s("sizes") + "a:1:{" + s("thumbnail")
                        + "a:1:{" + s("file") + s("été-150x150.jpg") + "}}}");
                meta.executeUpdate();
                meta.setString(1, "_edit_lock");
                meta.setString(2, "1700000000:1");
                meta.executeUpdate();
            }
        }
        before = MediaTree.snapshot(media);
    }

    private CliRun sweep(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", url, "--store", media.toString(),
                "--list-orphans", temp.resolve("orphans.txt").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static final String[] BLOG_REFERENCES = {
        "--ref-text", "post.body", "--text-prefix", "https://cdn.example.com/media/",
        "--ref-json", "post.gallery=$.images[*].path",
        "--ref-sql-wp-attachment", "SELECT meta_value FROM postmeta WHERE meta_key = '_wp_attachment_metadata'"};

    @Test
    void listsTheFilesNoBodyJsonOrAttachmentNames() throws IOException {
        CliRun run = sweep(BLOG_REFERENCES);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(temp.resolve("orphans.txt")))
                .containsExactly("2024/05/été-300x300.jpg", "orphan.jpg", "uploads/b.jpg");
        assertThat(run.out()).contains("post.body (text)", "post.gallery (json $.images[*].path)", "(wp-attachment)");
    }

    @Test
    void theConfigFileTakesTheSameKeys() throws IOException {
        Path config = temp.resolve("mediagc.yml");
        Files.writeString(config, """
                ref-text: [post.body]
                text-prefix: https://cdn.example.com/media/
                ref-json:
                  - post.gallery=$.images[*].path
                ref-sql-wp-attachment:
                  - SELECT meta_value FROM postmeta WHERE meta_key = '_wp_attachment_metadata'
                allow-unreadable-values: false
                """);

        CliRun run = sweep("--config", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(temp.resolve("orphans.txt")))
                .containsExactly("2024/05/été-300x300.jpg", "orphan.jpg", "uploads/b.jpg");
    }

    @Test
    void anUnreadableValueFailsTheRunUnlessAllowed() throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO post VALUES (2, NULL, '{\"images\":[{\"path\":\"uploads/b.jpg\"')");
        }
        List<String> apply = new ArrayList<>(List.of(BLOG_REFERENCES));
        apply.add("--apply");

        CliRun failed = sweep(apply.toArray(String[]::new));

        assertThat(failed.exit()).isEqualTo(ExitCode.ERROR);
        assertThat(failed.err().lines().filter(l -> l.startsWith("mediagc:"))).singleElement().asString()
                .contains("post.gallery (json $.images[*].path)", "not valid JSON", "--allow-unreadable-values");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);

        CliRun allowed = sweep(BLOG_REFERENCES[0], BLOG_REFERENCES[1], BLOG_REFERENCES[2], BLOG_REFERENCES[3],
                BLOG_REFERENCES[4], BLOG_REFERENCES[5], BLOG_REFERENCES[6], BLOG_REFERENCES[7],
                "--allow-unreadable-values");

        assertThat(allowed.exit()).as(allowed.err()).isZero();
        assertThat(allowed.out() + allowed.err()).contains("could not be read", "listed as orphans");
    }

    @Test
    void aMalformedReferenceFlagIsAUsageError() {
        CliRun noPath = sweep("--ref-json", "post.gallery");
        CliRun badPath = sweep("--ref-json", "post.gallery=$.images[?(@.w)]");

        assertThat(noPath.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noPath.err()).contains("--ref-json 'post.gallery' must be TABLE.COLUMN=PATH");
        assertThat(badPath.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(badPath.err()).contains("not supported");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }
}
