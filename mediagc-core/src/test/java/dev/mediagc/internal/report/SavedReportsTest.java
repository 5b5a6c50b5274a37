package dev.mediagc.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.internal.sweep.RunningReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reports a store keeps of its applied-mode runs: read back as written, and never more than the newest N. */
@Tag("fast")
class SavedReportsTest {

    @TempDir
    Path temp;

    private StateFolder state() throws IOException {
        return ManagedStore.of(LocalStore.at(Files.createDirectories(temp.resolve("media")))).state();
    }

    private static SweepReport report(String runId, long orphans) {
        return report(runId, orphans, Instant.parse("2026-11-20T12:00:00Z"));
    }

    private static SweepReport report(String runId, long orphans, Instant started) {
        RunningReport running = new RunningReport(runId, "/media", true, "quarantine", "1d", started);
        running.objects().add("a.jpg", 10);
        for (int i = 0; i < orphans; i++) {
            running.orphans().add("orphan-" + i + ".jpg", 5);
        }
        running.warn("a <warning>");
        running.finish(SweepReport.Outcome.APPLIED, null, Instant.parse("2026-11-20T12:00:05Z"));
        return running.freeze();
    }

    @Test
    void readsBackEachReportAsItWasSaved() throws IOException {
        SavedReports saved = new SavedReports(state());
        SweepReport report = report("20261120T120000Z-0a0b", 3);

        saved.save(report);

        assertThat(saved.find("20261120T120000Z-0a0b")).contains(report);
        assertThat(saved.find("20261120T120000Z-ffff")).isEmpty();
        assertThat(saved.find("../../etc/passwd")).isEmpty();
    }

    @Test
    void keepsOnlyTheNewestReportsByRunIdRemovingTheOldestWhenSaving() throws IOException {
        SavedReports saved = new SavedReports(state(), 3);
        // Saved out of order: which ones stay is decided by run id (start time), not by when they were written.
        for (String runId : List.of("20261103T000000Z-0003", "20261101T000000Z-0001", "20261105T000000Z-0005",
                "20261102T000000Z-0002", "20261104T000000Z-0004")) {
            saved.save(report(runId, 1));
        }

        assertThat(saved.runIds()).containsExactly("20261103T000000Z-0003", "20261104T000000Z-0004",
                "20261105T000000Z-0005");
        assertThat(saved.all()).extracting(SweepReport::runId).containsExactly("20261103T000000Z-0003",
                "20261104T000000Z-0004", "20261105T000000Z-0005");
        assertThat(temp.resolve("media/.mediagc/reports/20261101T000000Z-0001.json")).doesNotExist();
    }

    @Test
    void ordersRunsStartedInOneSecondByTheirStartNotByTheirIdsRandomTail() throws IOException {
        SavedReports saved = new SavedReports(state());
        Instant second = Instant.parse("2026-11-01T00:00:00Z");
        saved.save(report("20261101T000000Z-ffff", 1, second.plusMillis(100)));
        saved.save(report("20261101T000000Z-0000", 1, second.plusMillis(900)));

        assertThat(saved.all()).extracting(SweepReport::runId).containsExactly("20261101T000000Z-ffff",
                "20261101T000000Z-0000");
    }

    @Test
    void skipsAReportItCannotReadAndShowsTheOthers() throws IOException {
        SavedReports saved = new SavedReports(state());
        saved.save(report("20261101T000000Z-0001", 1));
        Files.writeString(temp.resolve("media/.mediagc/reports/20261102T000000Z-0002.json"), "{\"runId\": \"cut sh");

        assertThat(saved.all()).extracting(SweepReport::runId).containsExactly("20261101T000000Z-0001");
    }

    @Test
    void readsAReportSavedBeforeDanglingReferencesWereToldBySource() throws IOException {
        SavedReports saved = new SavedReports(state());
        try (var old = SavedReportsTest.class.getResourceAsStream("/report-format/saved-before-dangling-by-source.json")) {
            Files.createDirectories(temp.resolve("media/.mediagc/reports"));
            Files.write(temp.resolve("media/.mediagc/reports/20240501T101500Z-ab12.json"), old.readAllBytes());
        }

        SweepReport report = saved.find("20240501T101500Z-ab12").orElseThrow();

        assertThat(report.danglingReferences().count()).isEqualTo(4);
        assertThat(report.danglingReferencesBySource()).isEmpty();
        assertThat(saved.all()).containsExactly(report);
        Path page = temp.resolve("run.html");
        dev.mediagc.MediaGc.reports(LocalStore.at(temp.resolve("media"))).writePage("20240501T101500Z-ab12", page);
        assertThat(Files.readString(page)).contains("References naming a file the store lacks: <span class=\"count\">4</span>")
                .doesNotContain("<table id=\"dangling-by-source\"");
    }

    @Test
    void readsBackTheDanglingReferencesBySource() throws IOException {
        SavedReports saved = new SavedReports(state());
        RunningReport running = new RunningReport("20261120T120000Z-0a0b", "/media", true, "quarantine", "1d",
                Instant.parse("2026-11-20T12:00:00Z"));
        running.danglingReferences().setCount(3);
        running.setDanglingReferencesBySource(List.of(
                DanglingBySource.ofSource("photo.file", 2, List.of("a <b>.jpg", "c.jpg")),
                new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null, 1, List.of("shared.jpg"))));
        running.finish(SweepReport.Outcome.APPLIED, null, Instant.parse("2026-11-20T12:00:05Z"));
        SweepReport report = running.freeze();

        saved.save(report);

        assertThat(saved.find(report.runId()).orElseThrow().danglingReferencesBySource())
                .isEqualTo(report.danglingReferencesBySource());
    }

    @Test
    void readsAReportALaterVersionSavedWithFieldsThisOneDoesNotKnow() throws IOException {
        SavedReports saved = new SavedReports(state());
        String later;
        try (var old = SavedReportsTest.class.getResourceAsStream("/report-format/saved-before-dangling-by-source.json")) {
            later = new String(old.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("\"references\" : 106,", "\"references\" : 106, \"aFigureOfALaterVersion\" : { \"count\" : 7 },")
                    .replace("\"bytesComplete\" : false", "\"bytesComplete\" : false, \"median\" : 5");
        }
        assertThat(later).contains("aFigureOfALaterVersion", "median");
        Files.createDirectories(temp.resolve("media/.mediagc/reports"));
        Files.writeString(temp.resolve("media/.mediagc/reports/20240501T101500Z-ab12.json"), later);

        // The history of a store that a newer mediagc also sweeps keeps every run, and so does a past run's page.
        assertThat(saved.all()).extracting(SweepReport::runId).containsExactly("20240501T101500Z-ab12");
        assertThat(saved.find("20240501T101500Z-ab12").orElseThrow().references()).isEqualTo(106);
    }
}
