package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mediagc report: a past run's page and the trend across runs, from the reports the store keeps, with no database. */
class ReportCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static List<String> sweepArgs(SmallApp app, String... extra) {
        return SmallAppSweep.args(app, extra);
    }

    private static CliRun sweep(SmallApp app, String... extra) {
        return CliRun.of(sweepArgs(app, extra).toArray(String[]::new));
    }

    private static String runIdOf(CliRun sweep) {
        return sweep.out().lines().findFirst().orElseThrow().split(" ")[2];
    }

    @Test
    void thePageOfAPastAppliedRunShowsTheFiguresOfItsJsonReportAndWhatItMoved() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            Path json = temp.resolve("run.json");
            CliRun applied = sweep(app, "--apply", "--report", json.toString());
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            String runId = runIdOf(applied);
            assertThat(app.media.resolve(".mediagc/reports/" + runId + ".json")).exists();

            Path page = temp.resolve("run.html");
            CliRun report = CliRun.of("report", runId, "--store", app.media.toString(), "--html", page.toString());

            assertThat(report.exit()).as(report.err()).isZero();
            String html = Files.readString(page);
            JsonNode shown = JSON.readTree(embedded(html, "report-json"));
            JsonNode written = JSON.readTree(json.toFile());
            for (String figure : List.of("objects", "orphans", "quarantined", "deleted", "failed", "referenced")) {
                assertThat(shown.get(figure)).as(figure).isEqualTo(written.get(figure));
            }
            assertThat(shown.get("outcome").asText()).isEqualTo("APPLIED");
            assertThat(shown.get("runId").asText()).isEqualTo(runId);
            // The table lists what the journal says the run moved: the three orphans.
            assertThat(html).contains("id=\"orphan-list\" data-rows=\"3\"", "as its journal records them")
                    .doesNotContain("id=\"list-not-kept\"");
        }
    }

    @Test
    void thePageOfARunRestoredSinceListsNothingAsKeptOut() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            CliRun applied = sweep(app, "--apply");
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            String runId = runIdOf(applied);
            CliRun restore = CliRun.of("restore", runId, "--store", app.media.toString());
            assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();

            Path page = temp.resolve("run.html");
            CliRun report = CliRun.of("report", runId, "--store", app.media.toString(), "--html", page.toString());

            assertThat(report.exit()).as(report.err()).isZero();
            // The run moved three orphans; the journal records them put back, so none is shown as kept out.
            assertThat(JSON.readTree(embedded(Files.readString(page), "report-json")).get("quarantined").get("count").asLong())
                    .isEqualTo(3);
            assertThat(Files.readString(page)).contains("id=\"orphan-list\" data-rows=\"0\"", "as its journal records them");
        }
    }

    @Test
    void anUnknownRunIdIsOneClearLineAndExitsOne() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            CliRun dry = sweep(app);
            assertThat(dry.exit()).as(dry.err()).isZero();
            Path page = temp.resolve("run.html");

            // A dry run's id is unknown too: it saved nothing.
            CliRun report = CliRun.of("report", runIdOf(dry), "--store", app.media.toString(), "--html", page.toString());

            assertThat(report.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(report.err().lines().toList()).hasSize(1);
            assertThat(report.err()).contains("no saved report of run '" + runIdOf(dry) + "'", "dry runs never");
            assertThat(page).doesNotExist();
        }
    }

    @Test
    void theHistoryListsExactlyTheAppliedModeRunsInOrderWithTheirFigures() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 5, 3)) {
            CliRun dry = sweep(app);
            Path appliedJson = temp.resolve("applied.json");
            CliRun applied = sweep(app, "--apply", "--report", appliedJson.toString());
            app.write("avatars/late-orphan-1.png", Duration.ofDays(3));
            app.write("avatars/late-orphan-2.png", Duration.ofDays(3));
            Path refusedJson = temp.resolve("refused.json");
            CliRun refused = sweep(app, "--apply", "--max-delete", "1", "--report", refusedJson.toString());
            assertThat(List.of(dry.exit(), applied.exit(), refused.exit()))
                    .as(dry.err() + applied.err() + refused.err()).containsExactly(0, 0, ExitCode.REFUSED);
            Path page = temp.resolve("runs.html");

            CliRun history = CliRun.of("report", "--history", "--store", app.media.toString(), "--html", page.toString());

            assertThat(history.exit()).as(history.err()).isZero();
            String html = Files.readString(page);
            assertThat(rows(html)).containsExactly(runIdOf(applied), runIdOf(refused));
            for (Path json : List.of(appliedJson, refusedJson)) {
                JsonNode run = JSON.readTree(json.toFile());
                long reclaimed = run.get("quarantined").get("bytes").asLong() + run.get("deleted").get("bytes").asLong();
                assertThat(cells(html, run.get("runId").asText())).containsExactly(
                        run.get("outcome").asText(),
                        run.get("objects").get("count").asText(),
                        run.get("orphans").get("count").asText(),
                        String.valueOf(reclaimed),
                        run.get("failed").get("count").asText());
            }
            assertThat(JSON.readTree(appliedJson.toFile()).get("quarantined").get("bytes").asLong()).isPositive();
            assertThat(html).doesNotContain("<script", "http://", "https://");

            // The refused run's page has its figures but no list: it never acted, so there is no journal.
            Path refusedPage = temp.resolve("refused.html");
            CliRun one = CliRun.of("report", runIdOf(refused), "--store", app.media.toString(), "--html", refusedPage.toString());
            assertThat(one.exit()).as(one.err()).isZero();
            assertThat(Files.readString(refusedPage)).contains("id=\"list-not-kept\"", "Refused");
        }
    }

    @Test
    void runIdAndHistoryGoTogetherNeitherAloneNorBoth() throws IOException {
        Path media = Files.createDirectories(temp.resolve("media"));
        for (String[] args : List.of(new String[] {"report", "--store", media.toString(), "--html", "x.html"},
                new String[] {"report", "20261120T000000Z-0a0b", "--history", "--store", media.toString(), "--html", "x.html"})) {
            CliRun run = CliRun.of(args);
            assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).contains("either RUN_ID or --history");
        }
        CliRun help = CliRun.of("report", "--help");
        assertThat(help.out()).contains("Example: mediagc report 20261124T040512Z-3fa2", "--history");
    }

    @Test
    void readsTheReportsOfAnS3Store() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 5, 3)) {
            BlobStore blobs = server.blobs();
            SmallAppInABucket.upload(blobs, app);
            String endpoint = server.endpoint().toString();
            List<String> s3 = List.of("--store", "s3://uploads/media", "--s3-endpoint", endpoint, "--s3-path-style");
            List<String> args = new ArrayList<>(List.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--min-age", "0s", "--force", "--max-orphan-ratio", "1"));
            args.addAll(s3);
            CliRun dry = CliRun.of(args.toArray(String[]::new));
            args.add("--apply");
            CliRun applied = CliRun.of(args.toArray(String[]::new));
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(blobs.blobExists("uploads", "media/.mediagc/reports/" + runIdOf(applied) + ".json")).isTrue();
            assertThat(blobs.blobExists("uploads", "media/.mediagc/reports/" + runIdOf(dry) + ".json")).isFalse();

            Path page = temp.resolve("runs.html");
            List<String> history = new ArrayList<>(List.of("report", "--history", "--html", page.toString()));
            history.addAll(s3);
            CliRun run = CliRun.of(history.toArray(String[]::new));

            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(rows(Files.readString(page))).containsExactly(runIdOf(applied));
        }
    }

    private static String embedded(String html, String id) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"" + id + "\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as(id).isTrue();
        return m.group(1);
    }

    private static List<String> rows(String html) {
        Matcher m = Pattern.compile("<tr class=\"run\" data-run=\"([^\"]+)\"").matcher(html);
        List<String> runs = new ArrayList<>();
        while (m.find()) {
            runs.add(m.group(1));
        }
        return runs;
    }

    /** The row's outcome, then its figures' exact values: objects, orphans, bytes reclaimed, failures. */
    private static List<String> cells(String html, String runId) {
        Matcher row = Pattern.compile("<tr class=\"run\" data-run=\"" + Pattern.quote(runId) + "\">(.*?)</tr>").matcher(html);
        assertThat(row.find()).as(runId).isTrue();
        List<String> cells = new ArrayList<>();
        Matcher outcome = Pattern.compile("data-outcome=\"([A-Z_]+)\"").matcher(row.group(1));
        assertThat(outcome.find()).isTrue();
        cells.add(outcome.group(1));
        Matcher value = Pattern.compile("class=\"num [a-z]+\" data-value=\"(\\d+)\"").matcher(row.group(1));
        while (value.find()) {
            cells.add(value.group(1));
        }
        return cells;
    }
}
