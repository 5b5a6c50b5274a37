package dev.mediagc.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.sweep.RunningReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The text summary tells who names the dangling references when more than one source could. */
@Tag("fast")
class DanglingBySourceSummaryTest {

    private static final Instant START = Instant.parse("2026-11-20T12:00:00Z");

    private static String summary(List<String> totalSamples, List<DanglingBySource> rows) {
        RunningReport running = new RunningReport("20261120T120000Z-0a0b", "/media", false, null, "1d", START);
        running.danglingReferences().setCount(rows.stream().mapToLong(DanglingBySource::count).sum());
        totalSamples.forEach(running.danglingReferences()::addSample);
        running.setDanglingReferencesBySource(rows);
        running.finish(SweepReport.Outcome.DRY_RUN, null, START.plusSeconds(5));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportWriter.writeText(running.freeze(), new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void givesALinePerSourceThatHasSomeWithItsSamplesAndOneForWhatSeveralSourcesName() {
        String text = summary(List.of("a.jpg", "c.pdf"), List.of(
                DanglingBySource.ofSource("photo.file", 3, List.of("a.jpg", "b.jpg")),
                DanglingBySource.ofSource("doc.file", 0, List.of()),
                new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null, 1, List.of("shared.jpg"))));

        assertThat(text).contains("""
                  dangling references                4
                                 3 named by photo.file alone
                          a.jpg
                          b.jpg
                          ... and 1 more
                                 1 named by several sources
                          shared.jpg
                """).doesNotContain("doc.file");
    }

    @Test
    void withOneSourceGivesTheTotalAndItsSamplesAsBefore() {
        String text = summary(List.of("a.jpg"), List.of(DanglingBySource.ofSource("photo.file", 1, List.of("a.jpg"))));

        assertThat(text).contains("""
                  dangling references                1
                      a.jpg
                """).doesNotContain("photo.file alone");
    }
}
