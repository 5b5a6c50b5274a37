package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs cut short from outside: a killed process, a killed database session. Nothing is lost. */
class CrashTest {

    @TempDir
    Path temp;

    @Test
    void killNineHalfwayThroughQuarantineLeavesEveryFileInPlaceOrInQuarantineAndRestoreGivesAllBack() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 500, 4000)) {
            Map<String, String> before = MediaTree.snapshot(app.media);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "sweep", "--db", app.db.url(), "--ref", "profile.avatar", "--store", app.media.toString(),
                    "--apply", "--max-orphan-ratio", "1", "--batch-size", "10"));
            Process sweep = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("sweep.log").toFile()).start();

            Path journalFolder = app.media.resolve(".mediagc/journal");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (JournalLines.done(journalFolder) < 200 && System.nanoTime() < deadline && sweep.isAlive()) {
                Thread.sleep(2);
            }
            assertThat(sweep.isAlive()).as("the sweep must still be running when killed: " + Files.readString(temp.resolve("sweep.log"))).isTrue();
            sweep.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            sweep.waitFor();

            String runId = runIdIn(journalFolder);
            Path quarantine = app.media.resolve(".mediagc/quarantine/" + runId);
            int moved = 0;
            for (String orphan : app.orphans) {
                boolean inPlace = Files.exists(app.media.resolve(orphan));
                boolean quarantined = Files.exists(quarantine.resolve(orphan));
                assertThat(inPlace ^ quarantined).as(orphan + " is in exactly one place").isTrue();
                moved += quarantined ? 1 : 0;
            }
            assertThat(moved).as("killed halfway: some moved, some not").isBetween(1, app.orphans.size() - 1);
            for (String live : app.live) {
                assertThat(app.media.resolve(live)).exists();
            }

            CliRun restore = CliRun.of("restore", runId, "--store", app.media.toString());

            assertThat(restore.exit()).as(restore.out()).isZero();
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    private static String runIdIn(Path journalFolder) throws IOException {
        try (Stream<Path> journals = Files.list(journalFolder)) {
            return journals.findFirst().orElseThrow().getFileName().toString().replace(".jsonl", "");
        }
    }

    @Test
    void killingTheDatabaseSessionMidStreamChangesNothingAndExitsOne() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 30, 10)) {
            Map<String, String> before = MediaTree.snapshot(app.media);
            // 30,000 rows, the first 10,000 streamed at once, then a stall at row 15,000.
            String streaming = "SELECT CASE WHEN g = 15000 THEN (SELECT 'k' || g FROM pg_sleep(30)) ELSE 'k' || g END "
                    + "FROM generate_series(1, 30000) AS g";
            CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> CliRun.of("sweep", "--db", app.db.url(),
                    "--db-user", "postgres", "--ref", "profile.avatar", "--ref-sql", streaming,
                    "--store", app.media.toString(), "--apply", "--max-orphan-ratio", "1"));

            try (Connection admin = DriverManager.getConnection(app.db.url(), "postgres", "");
                 Statement statement = admin.createStatement()) {
                int killed = 0;
                for (int attempt = 0; attempt < 200 && killed == 0; attempt++) {
                    Thread.sleep(50);
                    try (ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            + "WHERE query LIKE '%generate_series(1, 30000)%' AND pid <> pg_backend_pid() "
                            + "AND wait_event = 'PgSleep'")) {
                        while (rows.next()) {
                            killed++;
                        }
                    }
                }
                assertThat(killed).as("the streaming session was found and terminated").isEqualTo(1);
            }

            CliRun result = run.get(60, TimeUnit.SECONDS);

            assertThat(result.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(result.err()).contains("incomplete mark", "query #1");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }
}
