package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** restore and purge as an operator meets them after things went wrong, and what each run exits with. */
class RestorePurgeAndExitCodesTest {

    @TempDir
    Path temp;

    private static List<String> sweepArgs(SmallApp app, String... extra) {
        return SmallAppSweep.args(app, extra);
    }

    private static String runIdOf(CliRun sweep) {
        return sweep.out().lines().findFirst().orElseThrow().split(" ")[2];
    }

    @Test
    void everyCommandsHelpListsEveryExitCode() {
        for (String[] help : List.of(new String[] {"--help"}, new String[] {"sweep", "--help"},
                new String[] {"restore", "--help"}, new String[] {"purge", "--help"}, new String[] {"report", "--help"})) {
            CliRun run = CliRun.of(help);
            assertThat(run.exit()).isZero();
            assertThat(run.out().replaceAll("\\s+", " "))
                    .contains("0 done", "1 error", "2 usage error", "3 a safety guard", "4 applied but some actions failed");
        }
    }

    @Test
    void aRunWhoseActionsFailedExitsFourAndTheSummarySaysHowManyAndWhy() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            // A file where the quarantine folder should be: every move into quarantine fails.
            Files.createDirectories(app.media.resolve(".mediagc"));
            Files.writeString(app.media.resolve(".mediagc/quarantine"), "in the way");
            Map<String, String> before = MediaTree.snapshot(app.media);

            CliRun run = CliRun.of(sweepArgs(app, "--apply").toArray(String[]::new));

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.ACTIONS_FAILED);
            assertThat(run.err()).contains("3 action(s) failed", app.orphans.get(0));
            assertThat(run.err().lines().filter(l -> l.startsWith("mediagc:")).count()).isEqualTo(1);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void restoreOfAnUnknownRunExitsOneAndListsTheKnownRuns() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            CliRun sweep = CliRun.of(sweepArgs(app, "--apply").toArray(String[]::new));
            assertThat(sweep.exit()).as(sweep.err()).isZero();
            Map<String, String> after = MediaTree.snapshot(app.media);

            CliRun restore = CliRun.of("restore", "20990101T000000Z-dead", "--store", app.media.toString());

            assertThat(restore.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(restore.err()).contains("no quarantine run '20990101T000000Z-dead'", runIdOf(sweep));
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(after);
        }
    }

    @Test
    void restoreOfARunWhoseJournalIsGonePutsBackWhatItsQuarantineFolderHoldsWithoutOverwriting() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 0)) {
            List<String> orphans = List.of("Stra\u00dfe.jpg", "fotos/2024/caf\u00e9 terrasse.jpg", "fotos/\u6771\u4eac/a b.png",
                    "docs/report #3 (50%).pdf");
            orphans.forEach(key -> app.write(key, Duration.ofDays(10)));
            Map<String, String> before = MediaTree.snapshot(app.media);
            CliRun sweep = CliRun.of(sweepArgs(app, "--apply").toArray(String[]::new));
            assertThat(sweep.exit()).as(sweep.err()).isZero();
            String runId = runIdOf(sweep);
            try (java.util.stream.Stream<Path> journal = Files.walk(app.media.resolve(".mediagc/journal/" + runId + ".jsonl"))) {
                for (Path part : journal.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(part); // the journal's parts, then its folder
                }
            }
            // Meanwhile someone uploaded a new file under one of the quarantined names: it must stay.
            Files.writeString(app.media.resolve("Stra\u00dfe.jpg"), "a new upload", StandardCharsets.UTF_8);

            CliRun restore = CliRun.of("restore", runId, "--store", app.media.toString());

            assertThat(restore.out()).contains("no journal listing its moves", "restored 3", "failed 1");
            assertThat(restore.exit()).isEqualTo(ExitCode.ERROR);
            Map<String, String> expected = new HashMap<>(before);
            expected.put("Stra\u00dfe.jpg", MediaTree.sha256(app.media.resolve("Stra\u00dfe.jpg")));
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(expected);
            assertThat(Files.readString(app.media.resolve("Stra\u00dfe.jpg"))).isEqualTo("a new upload");
            assertThat(app.media.resolve(".mediagc/quarantine/" + runId + "/Stra\u00dfe.jpg")).exists();

            // The upload was a mistake and is removed; restoring again brings the last file back.
            Files.delete(app.media.resolve("Stra\u00dfe.jpg"));
            CliRun again = CliRun.of("restore", runId, "--store", app.media.toString());

            assertThat(again.exit()).as(again.out() + again.err()).isZero();
            assertThat(again.out()).contains("restored 1");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void purgeWhileAQuarantineSweepIsActingLeavesThatRunsFilesRestorable() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 50, 1500)) {
            Map<String, String> before = MediaTree.snapshot(app.media);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            command.addAll(sweepArgs(app, "--apply", "--batch-size", "1"));
            Process sweep = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(temp.resolve("sweep.log").toFile()).start();
            try {
                Path journals = app.media.resolve(".mediagc/journal");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (JournalLines.done(journals) < 20 && System.nanoTime() < deadline && sweep.isAlive()) {
                    Thread.sleep(5);
                }
                assertThat(sweep.isAlive()).as("the sweep must still be acting: " + Files.readString(temp.resolve("sweep.log"))).isTrue();
                // Freeze it mid-action, holding its lease, however fast this machine moves files.
                assertThat(new ProcessBuilder("kill", "-STOP", String.valueOf(sweep.pid())).start().waitFor()).isZero();
                Thread.sleep(2000); // the run is now older than the purge's 1s

                CliRun purge = CliRun.of("purge", "--older-than", "1s", "--store", app.media.toString());

                assertThat(purge.exit()).as(purge.out() + purge.err()).isEqualTo(ExitCode.REFUSED);
                assertThat(purge.err()).contains("holds this store's lock");
            } finally {
                sweep.destroyForcibly();
                sweep.waitFor();
            }
            String runId;
            try (Stream<Path> files = Files.list(app.media.resolve(".mediagc/journal"))) {
                runId = files.findFirst().orElseThrow().getFileName().toString().replace(".jsonl", "");
            }
            assertThat(app.media.resolve(".mediagc/quarantine/" + runId)).isDirectory();
            CliRun restore = CliRun.of("restore", runId, "--store", app.media.toString());
            assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void purgeLeavesAnUnfinishedRunAloneUnlessToldToIncludeIt() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 0)) {
            Path state = app.media.resolve(".mediagc");
            String finished = "20200101T000000Z-aaaa";
            String cutShort = "20200102T000000Z-bbbb";
            quarantineRun(state, finished, true);
            quarantineRun(state, cutShort, false);

            CliRun purge = CliRun.of("purge", "--older-than", "30d", "--store", app.media.toString());

            assertThat(purge.exit()).as(purge.out() + purge.err()).isZero();
            assertThat(purge.out()).contains("purged 1", finished, "kept 1 unfinished", cutShort, "--include-unfinished");
            assertThat(state.resolve("quarantine/" + finished)).doesNotExist();
            assertThat(state.resolve("quarantine/" + cutShort + "/photos/\u00e9t\u00e9.jpg")).exists();

            CliRun forced = CliRun.of("purge", "--older-than", "30d", "--include-unfinished", "--store", app.media.toString());

            assertThat(forced.exit()).isZero();
            assertThat(forced.out()).contains("purged 1", cutShort);
            assertThat(state.resolve("quarantine/" + cutShort)).doesNotExist();
        }
    }

    @Test
    void runsListsEachQuarantineRunWithItsStateWithoutADatabase() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 0)) {
            Path state = app.media.resolve(".mediagc");
            quarantineRun(state, "20200101T000000Z-aaaa", true);
            quarantineRun(state, "20200102T000000Z-bbbb", false);
            Files.createDirectories(state.resolve("quarantine/someone-elses-folder"));
            Map<String, String> before = MediaTree.snapshot(app.media);

            CliRun runs = CliRun.of("runs", "--store", app.media.toString());

            assertThat(runs.exit()).as(runs.out() + runs.err()).isZero();
            assertThat(runs.out().lines().filter(line -> line.startsWith("  ")).toList()).containsExactly(
                    "  20200101T000000Z-aaaa  2020-01-01T00:00:00Z  finished",
                    "  20200102T000000Z-bbbb  2020-01-02T00:00:00Z  unfinished",
                    "  someone-elses-folder  (not a mediagc run id)  left alone");
            assertThat(MediaTree.snapshot(app.media)).as("listing changes nothing").isEqualTo(before);
        }
    }

    private static void quarantineRun(Path state, String runId, boolean finished) throws IOException {
        Path file = state.resolve("quarantine/" + runId + "/photos/\u00e9t\u00e9.jpg");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "old");
        Files.createDirectories(state.resolve("journal"));
        String lines = "{\"run\":\"" + runId + "\",\"op\":\"quarantine\",\"phase\":\"intent\",\"key\":\"photos/\u00e9t\u00e9.jpg\"}\n"
                + "{\"run\":\"" + runId + "\",\"op\":\"quarantine\",\"phase\":\"done\",\"key\":\"photos/\u00e9t\u00e9.jpg\"}\n"
                + (finished ? "{\"run\":\"" + runId + "\",\"op\":\"run\",\"phase\":\"end\"}\n" : "");
        Files.writeString(state.resolve("journal/" + runId + ".jsonl"), lines, StandardCharsets.UTF_8);
    }
}
