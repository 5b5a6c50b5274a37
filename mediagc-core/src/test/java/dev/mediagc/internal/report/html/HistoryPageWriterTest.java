package dev.mediagc.internal.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.internal.sweep.RunningReport;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The page across runs: applied-mode runs only, in run order, each figure as its report says, everything escaped. */
@Tag("fast")
class HistoryPageWriterTest {

    private static SweepReport run(String runId, boolean apply, SweepReport.Outcome outcome, long orphans,
                                   long quarantinedBytes, long failed) {
        RunningReport running = new RunningReport(runId, "/media", apply, apply ? "quarantine" : null, "1d",
                Instant.parse("2026-11-20T12:00:00Z"));
        running.objects().setCount(100);
        for (int i = 0; i < orphans; i++) {
            running.orphans().add("o" + i, 1);
        }
        if (quarantinedBytes > 0) {
            running.quarantined().add("q", quarantinedBytes);
        }
        running.deleted().add("d", 7);
        for (int i = 0; i < failed; i++) {
            running.failed().add("f" + i, 1);
        }
        running.finish(outcome, outcome == SweepReport.Outcome.REFUSED ? "too many <b>orphans</b>" : null,
                Instant.parse("2026-11-20T12:00:05Z"));
        return running.freeze();
    }

    @Test
    void showsEachAppliedModeRunInRunOrderWithItsFigures() throws IOException {
        String page = new HistoryPageWriter().page("/media", List.of(
                run("20261103T000000Z-0003", true, SweepReport.Outcome.REFUSED, 50, 0, 0),
                run("20261101T000000Z-0001", true, SweepReport.Outcome.APPLIED, 4, 4096, 2),
                run("20261102T000000Z-0002", false, SweepReport.Outcome.DRY_RUN, 9, 0, 0)));

        assertThat(rows(page)).containsExactly("20261101T000000Z-0001", "20261103T000000Z-0003");
        assertThat(page).contains("class=\"num reclaimed\" data-value=\"4103\"", "class=\"num failures\" data-value=\"2\"",
                "class=\"num orphans\" data-value=\"50\"", "data-outcome=\"REFUSED\"");
        // One bar per run in each of the four charts.
        assertThat(occurrences(page, "<rect class=\"bar-mark")).isEqualTo(8);
        assertThat(page).doesNotContain("<script", "<b>").contains("too many &lt;b&gt;orphans&lt;/b&gt;");
    }

    @Test
    void saysSoWhenNoRunSavedAReport() throws IOException {
        assertThat(new HistoryPageWriter().page("<store>", List.of())).contains("id=\"no-runs\"", "&lt;store&gt;")
                .doesNotContain("<store>");
    }

    private static List<String> rows(String page) {
        Matcher m = Pattern.compile("<tr class=\"run\" data-run=\"([^\"]+)\"").matcher(page);
        List<String> runs = new java.util.ArrayList<>();
        while (m.find()) {
            runs.add(m.group(1));
        }
        return runs;
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
