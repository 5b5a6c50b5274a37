package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application is killed (SIGKILL: no shutdown hook, no finally) after a commit released two
 * keys and before any cleanup ran. Started again, it deletes the file nothing holds, and keeps the
 * one another row still shows.
 */
class CrashBetweenCommitAndCleanupTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void aRestartedApplicationDeletesWhatAKilledOneHadReleasedAndNeverALiveFile(TestDatabase.Kind kind) throws Exception {
        Path media = Files.createDirectories(temp.resolve("media/avatars")).getParent();
        Files.writeString(media.resolve("avatars/a.png"), "a");
        Files.writeString(media.resolve("avatars/b.png"), "b");
        try (TestDatabase db = kind.create(temp)) {
            Process app = start("release", db, media);
            try (BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                StringBuilder seen = new StringBuilder();
                while ((line = out.readLine()) != null && !line.equals("COMMITTED")) {
                    seen.append(line).append('\n');
                }
                assertThat(line).as("the application committed: " + seen).isEqualTo("COMMITTED");
                app.destroyForcibly();
                assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(media.resolve("avatars/a.png")).as("killed before any cleanup").exists();
            assertThat(pending(db)).as("both released keys recorded with the commit").isEqualTo(2);

            Process again = start("resume", db, media);
            String output = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(again.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(output).contains("IDLE");

            assertThat(media.resolve("avatars/a.png")).as("released and held by no row").doesNotExist();
            assertThat(media.resolve("avatars/b.png")).as("row b still shows it").exists();
            assertThat(pending(db)).isZero();
        }
    }

    private static Process start(String phase, TestDatabase db, Path media) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CleanupApplication.class.getName(),
                phase, db.url(), db.user() == null ? "" : db.user(), db.password() == null ? "" : db.password(),
                media.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static long pending(TestDatabase db) throws Exception {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT COUNT(*) FROM mediagc_pending_deletion")) {
            row.next();
            return row.getLong(1);
        }
    }
}
