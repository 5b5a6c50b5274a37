package dev.mediagc.internal.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.sweep.RunningReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The page's dangling section tells who names the broken references: a row per source, escaped, counts adding up. */
@Tag("fast")
class DanglingBySourceSectionTest {

    private static final Instant START = Instant.parse("2026-11-20T12:00:00Z");
    private static final String SOURCE = "public.\"<b>\".file";
    private static final String KEY = "<img src=x onerror=alert(1)>.jpg";

    private static SweepReport report(List<DanglingBySource> rows) {
        RunningReport running = new RunningReport("20261120T120000Z-0a0b", "/media", false, null, "1d", START);
        running.danglingReferences().setCount(rows.stream().mapToLong(DanglingBySource::count).sum());
        running.setDanglingReferencesBySource(rows);
        running.finish(SweepReport.Outcome.DRY_RUN, null, START.plusSeconds(5));
        return running.freeze();
    }

    private static String page(SweepReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReportWriter().write(report, OrphanSource.NONE, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String section(String page) {
        int start = page.indexOf("<section id=\"dangling\">");
        return page.substring(start, page.indexOf("</section>", start));
    }

    @Test
    void showsEachSourcesCountAndSamplesAndTheRowSeveralSourcesShare() throws IOException {
        String dangling = section(page(report(List.of(
                DanglingBySource.ofSource("photo.file", 1_234, List.of("a.jpg", "b.jpg")),
                DanglingBySource.ofSource("doc.file", 0, List.of()),
                new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null, 3, List.of("shared.jpg"))))));

        assertThat(dangling).contains("References naming a file the store lacks: <span class=\"count\">1,237</span>",
                "<table id=\"dangling-by-source\">",
                "<tr class=\"one-source\"><td class=\"source\"><code>photo.file</code></td><td class=\"num count\">1,234</td>"
                        + "<td class=\"samples\"><code>a.jpg</code> <code>b.jpg</code> … and 1,232 more</td></tr>",
                "<tr class=\"one-source\"><td class=\"source\"><code>doc.file</code></td><td class=\"num count\">0</td>"
                        + "<td class=\"samples\"></td></tr>",
                "<tr class=\"several-sources\"><td class=\"source\"><em>named by several sources</em></td>"
                        + "<td class=\"num count\">3</td><td class=\"samples\"><code>shared.jpg</code> … and 2 more</td></tr>");
    }

    @Test
    void escapesSourceNamesAndSamples() throws IOException {
        String dangling = section(page(report(List.of(DanglingBySource.ofSource(SOURCE, 1, List.of(KEY)),
                DanglingBySource.ofSource("doc.file", 0, List.of())))));

        assertThat(dangling).doesNotContain("<b>", "<img");
        assertThat(dangling).contains("<code>public.&quot;&lt;b&gt;&quot;.file</code>",
                "<code>&lt;img src=x onerror=alert(1)&gt;.jpg</code>");
    }

    @Test
    void showsNoTableWhenTheRunDidNotTellThemBySourceOrHadOneSource() throws IOException {
        assertThat(section(page(report(List.of())))).doesNotContain("<table id=\"dangling-by-source\"");
        assertThat(section(page(report(List.of(DanglingBySource.ofSource("photo.file", 2, List.of("a.jpg")))))))
                .doesNotContain("<table id=\"dangling-by-source\"");
    }
}
