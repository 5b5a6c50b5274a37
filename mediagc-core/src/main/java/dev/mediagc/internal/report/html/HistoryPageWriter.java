package dev.mediagc.internal.report.html;

import dev.mediagc.SweepReport;
import dev.mediagc.internal.report.ReportWriter;
import dev.mediagc.internal.report.SavedReports;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Writes the trend across a store's saved run reports as one self-contained page: per applied-mode
 * run, oldest first (by start time), its objects, orphans, bytes reclaimed (quarantined plus
 * deleted), failed actions and outcome, as one inline SVG bar chart per figure and a table. No
 * script at all: the page is plain HTML and SVG, styled by the same sheet as a run's page, under
 * the same Content-Security-Policy (nothing is fetched from anywhere).
 */
public final class HistoryPageWriter {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    /** One figure of the trend: its id on the page, its title, and how it is read from a report and shown. */
    private record Figure(String id, String title, ToLongFunction<SweepReport> value, Function<Long, String> shown) {
    }

    private static final List<Figure> FIGURES = List.of(
            new Figure("objects", "Objects in the store", r -> r.objects().count(), HtmlReportWriter::count),
            new Figure("orphans", "Orphans", r -> r.orphans().count(), HtmlReportWriter::count),
            new Figure("reclaimed", "Bytes reclaimed", HistoryPageWriter::reclaimedBytes, ReportWriter::humanBytes),
            new Figure("failures", "Failed actions", r -> r.failed().count(), HtmlReportWriter::count));

    /** What a run gave back: the bytes it quarantined plus the bytes it deleted. */
    public static long reclaimedBytes(SweepReport report) {
        return report.quarantined().bytes() + report.deleted().bytes();
    }

    /** Writes the page for {@code store} to {@code file}, through a temporary file beside it. */
    public void write(String store, List<SweepReport> reports, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8))) {
                out.write(page(store, reports));
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The page's text; only applied-mode runs are shown (a dry run's report is never saved, nor shown if one were). */
    public String page(String store, List<SweepReport> reports) throws IOException {
        List<SweepReport> runs = new ArrayList<>(reports.stream().filter(SweepReport::apply).toList());
        runs.sort(SavedReports.IN_TIME_ORDER);
        StringBuilder b = new StringBuilder(8_192 + runs.size() * 1_024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(HtmlReportWriter.CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>mediagc runs of ").append(Html.escape(store)).append("</title>\n<style>\n")
                .append(HtmlReportWriter.resource("report.css")).append("</style>\n</head>\n<body>\n")
                .append("<header><h1>mediagc runs across time</h1><p class=\"run\">store <code id=\"store\">")
                .append(Html.escape(store)).append("</code>: <span id=\"run-count\">").append(runs.size())
                .append("</span> applied-mode run(s) with a saved report (applied, refused or failed; dry runs write ")
                .append("nothing into the store)</p></header>\n");
        if (runs.isEmpty()) {
            b.append("<p class=\"note\" id=\"no-runs\">No saved report: no applied-mode run has finished on this store ")
                    .append("yet, or its reports were removed.</p>\n");
        } else {
            b.append("<section id=\"trend\"><h2>Trend</h2>\n<p>One bar per run, oldest on the left; refused runs in ")
                    .append("yellow, failed ones in red. Hover a bar for its run.</p>\n<div class=\"trend\">\n");
            for (Figure figure : FIGURES) {
                chart(b, figure, runs);
            }
            b.append("</div>\n</section>\n");
            table(b, runs);
        }
        b.append("<footer><p>Written by mediagc from the reports in the store's <code>.mediagc/reports/</code>. ")
                .append("This page makes no network request and runs no script.</p></footer>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void chart(StringBuilder b, Figure figure, List<SweepReport> runs) {
        int width = 600;
        int height = 200;
        int top = 34;
        int bottom = 162;
        long most = 0;
        for (SweepReport run : runs) {
            most = Math.max(most, figure.value().applyAsLong(run));
        }
        double slot = (double) width / runs.size();
        double barWidth = Math.max(1, slot * 0.8);
        b.append("<figure><figcaption>").append(Html.escape(figure.title())).append("</figcaption>\n")
                .append("<svg id=\"chart-").append(figure.id()).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" role=\"img\" aria-label=\"").append(Html.escape(figure.title()))
                .append(" per run, highest ").append(Html.escape(figure.shown().apply(most))).append("\">\n")
                .append("<text x=\"4\" y=\"26\">").append(Html.escape(figure.shown().apply(most))).append("</text>\n")
                .append("<line class=\"axis\" x1=\"0\" y1=\"").append(bottom).append("\" x2=\"").append(width)
                .append("\" y2=\"").append(bottom).append("\"/>\n");
        for (int i = 0; i < runs.size(); i++) {
            SweepReport run = runs.get(i);
            long value = figure.value().applyAsLong(run);
            double h = most == 0 ? 0 : (double) (bottom - top) * value / most;
            b.append("<rect class=\"bar-mark ").append(outcomeClass(run)).append("\" data-run=\"")
                    .append(Html.escape(run.runId())).append("\" data-value=\"").append(value).append("\" x=\"")
                    .append(number(i * slot + (slot - barWidth) / 2)).append("\" y=\"").append(number(bottom - h))
                    .append("\" width=\"").append(number(barWidth)).append("\" height=\"").append(number(h))
                    .append("\"><title>").append(Html.escape(run.runId())).append(": ")
                    .append(Html.escape(figure.shown().apply(value))).append(" (").append(outcomeWord(run))
                    .append(")</title></rect>\n");
        }
        // The first and last runs' start dates under the axis: where the trend begins and ends.
        b.append("<text x=\"4\" y=\"192\">").append(Html.escape(day(runs.get(0)))).append("</text>\n");
        if (runs.size() > 1) {
            b.append("<text x=\"").append(width - 4).append("\" y=\"192\" text-anchor=\"end\">")
                    .append(Html.escape(day(runs.get(runs.size() - 1)))).append("</text>\n");
        }
        b.append("</svg></figure>\n");
    }

    private static void table(StringBuilder b, List<SweepReport> runs) {
        b.append("<section id=\"runs\"><h2>Runs</h2>\n<p>Each run's page: <code>mediagc report RUN_ID --store STORE ")
                .append("--html FILE</code>.</p>\n<table class=\"history\"><thead><tr><th>Run</th><th>Started</th>")
                .append("<th>Action</th><th>Outcome</th>");
        for (Figure figure : FIGURES) {
            b.append("<th class=\"num\">").append(Html.escape(figure.title())).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (SweepReport run : runs) {
            b.append("<tr class=\"run\" data-run=\"").append(Html.escape(run.runId())).append("\"><td><code>")
                    .append(Html.escape(run.runId())).append("</code></td><td>")
                    .append(run.startedAt() == null ? "" : TIME.format(run.startedAt())).append("</td><td>")
                    .append(Html.escape(run.action())).append("</td><td class=\"outcome-cell\" data-outcome=\"")
                    .append(run.outcome() == null ? "" : run.outcome().name()).append("\" title=\"")
                    .append(Html.escape(run.reason())).append("\">").append(outcomeWord(run)).append("</td>");
            for (Figure figure : FIGURES) {
                long value = figure.value().applyAsLong(run);
                b.append("<td class=\"num ").append(figure.id()).append("\" data-value=\"").append(value).append("\">")
                        .append(Html.escape(figure.shown().apply(value))).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n</section>\n");
    }

    private static String day(SweepReport run) {
        return run.startedAt() == null ? run.runId() : DAY.format(run.startedAt());
    }

    private static String outcomeClass(SweepReport run) {
        return run.outcome() == null ? "unfinished" : run.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String outcomeWord(SweepReport run) {
        return run.outcome() == null ? "unfinished" : run.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
