package dev.mediagc.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Action;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * References and store entries built to escape: traversal paths, absolute and Windows paths,
 * control characters, over-long values, symbolic links to files and folders outside the root.
 * The sweep completes, acts on exactly the true orphans, and nothing outside the root changes.
 */
@Tag("fast")
class HostileInputTest {

    @TempDir
    Path temp;

    @Test
    void hostileReferencesAndEscapingLinksTouchNothingOutsideTheRoot() throws IOException, SQLException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "the secret");
        Files.createDirectories(outside.resolve("photos"));
        Files.writeString(outside.resolve("photos/victim.jpg"), "the victim");
        Files.setLastModifiedTime(outside.resolve("photos/victim.jpg"), java.nio.file.attribute.FileTime.fromMillis(0));
        Map<String, String> outsideBefore = snapshotAll(outside);

        try (SmallApp app = new SmallApp(TestDatabase.Kind.H2.create(temp), Files.createDirectories(temp.resolve("media")), 20, 5)) {
            Files.createSymbolicLink(app.media.resolve("linked-secret.txt"), outside.resolve("secret.txt"));
            Files.createSymbolicLink(app.media.resolve("linked-folder"), outside);
            Files.createDirectories(app.media.resolve("avatars/0"));
            Files.createSymbolicLink(app.media.resolve("avatars/0/up.jpg"), Path.of("../../../outside/photos/victim.jpg"));
            app.write("line\nbreak.jpg", Duration.ofDays(10));
            String longValue = "x/".repeat(3000) + "too-long.jpg";
            List<String> hostile = List.of("../../etc/passwd", "/etc/passwd", "C:\\x", "a/../../b",
                    "../outside/secret.txt", "linked-folder/photos/victim.jpg", "nul\u0000byte.jpg", "line\nbreak.jpg",
                    longValue, "\u0000", "//", "..");
            try (Connection c = app.db.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO profile VALUES (?, ?)")) {
                c.createStatement().execute("ALTER TABLE profile ALTER COLUMN avatar VARCHAR(10000)");
                int id = 10_000;
                for (String value : hostile) {
                    insert.setInt(1, id++);
                    insert.setString(2, value);
                    insert.executeUpdate();
                }
            }
            Map<String, String> mediaBefore = MediaTree.snapshot(app.media);

            SweepReport report = app.sweep().maxOrphanRatio(1).apply(Action.DELETE).removeEmptyFolders(true).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.symlinks().count()).isEqualTo(3);
            assertThat(report.deleted().samples()).containsExactlyInAnyOrderElementsOf(app.orphans);
            Map<String, String> expected = new TreeMap<>(mediaBefore);
            app.orphans.forEach(expected::remove);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(expected).containsKey("line\nbreak.jpg");
            assertThat(app.media.resolve("linked-secret.txt")).isSymbolicLink();
            assertThat(app.media.resolve("linked-folder")).isSymbolicLink();
            assertThat(app.media.resolve("avatars/0/up.jpg")).isSymbolicLink();
            assertThat(snapshotAll(outside)).isEqualTo(outsideBefore);
        }
    }

    private static Map<String, String> snapshotAll(Path root) throws IOException {
        Map<String, String> all = new TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                all.put(root.relativize(p).toString(), MediaTree.sha256(p) + "@" + Files.getLastModifiedTime(p));
            }
        }
        return all;
    }
}
