package dev.mediagc.internal.report;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleFunction;

/** Writes a {@link SweepReport} as JSON (for machines) or as a text summary (for people). */
public final class ReportWriter {

    private static final ObjectMapper JSON = Json.mapper().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportWriter() {
    }

    public static void writeJson(SweepReport report, Path file) throws IOException {
        JSON.writeValue(file.toFile(), report);
    }

    public static String toJson(SweepReport report) throws IOException {
        return JSON.writeValueAsString(report);
    }

    public static void writeText(SweepReport report, PrintStream out) {
        out.printf("mediagc run %s on %s%n", report.runId(), report.store());
        for (SourceFigures s : report.sources()) {
            out.printf("  source %-40s %,12d values (%,d rows) in %.1fs%n", s.name(), s.values(), s.rows(), s.seconds());
        }
        if (report.outcome() == SweepReport.Outcome.FAILED && report.objects().count() == 0) {
            out.printf("outcome: FAILED: %s%n", report.reason());
            return;
        }
        out.printf("  references (distinct)   %,12d%n", report.references());
        line(out, "objects", report.objects(), false);
        line(out, "referenced", report.referenced(), false);
        line(out, "referenced leniently", report.referencedLeniently(), true);
        line(out, "orphans", report.orphans(), true);
        line(out, "too young (kept)", report.youngOrphans(), true);
        line(out, "excluded (kept)", report.excluded(), true);
        if (!report.keptDerivedByRule().isEmpty()) {
            // Every rule with its count, zero included: a rule that keeps nothing is worth seeing.
            line(out, "derived (kept)", report.keptDerived(), false);
            report.keptDerivedByRule().forEach((rule, tally) ->
                    out.printf("      %,12d kept by `derived` '%s'%n", tally.count(), rule));
        }
        line(out, "look derived (orphans)", report.derivedLooking(), true);
        line(out, "symbolic links (skipped)", report.symlinks(), true);
        line(out, "other stores (skipped)", report.otherStores(), true);
        line(out, "unreadable (kept)", report.unreadable(), true);
        danglingReferences(out, report);
        line(out, "empty folders", report.emptyFolders(), true);
        if (report.apply()) {
            line(out, "quarantined", report.quarantined(), false);
            line(out, "deleted", report.deleted(), false);
            line(out, "failed", report.failed(), true);
            line(out, "kept: referenced again", report.keptReferencedAgain(), true);
            line(out, "kept: changed since listing", report.keptChanged(), true);
            line(out, "put back: re-referenced", report.reReferenced(), true);
            line(out, "put back: run failed", report.putBackAfterFailure(), true);
            line(out, "superseded: new file at key", report.superseded(), true);
            if (report.emptyFoldersRemoved() > 0) {
                out.printf("  empty folders removed   %,12d%n", report.emptyFoldersRemoved());
            }
        }
        if (report.quarantined().count() > 0) {
            out.printf("undo with: mediagc restore %s --store %s%n", report.runId(), report.store());
        }
        for (String warning : report.warnings()) {
            out.printf("warning: %s%n", warning);
        }
        out.printf("outcome: %s%s (min-age %s)%n", report.outcome(),
                report.reason() == null ? "" : ": " + report.reason(), report.minAge());
    }

    /**
     * The total with its samples; with more than one source, the total alone, then each share
     * with its own samples: each source's own, and what several sources name. A source with none
     * gets no line: with many sources, the ones that have some are what to read.
     */
    private static void danglingReferences(PrintStream out, SweepReport report) {
        List<DanglingBySource> rows = report.danglingReferencesBySource();
        if (rows.size() <= 1) {
            line(out, "dangling references", report.danglingReferences(), true);
            return;
        }
        if (report.danglingReferences().count() == 0) {
            return;
        }
        out.printf("  %-24s%,12d%n", "dangling references", report.danglingReferences().count());
        for (DanglingBySource row : rows) {
            if (row.count() == 0) {
                continue;
            }
            out.printf("      %,12d %s%n", row.count(), row.namedBy() == DanglingBySource.NamedBy.ONE_SOURCE
                    ? "named by " + dev.mediagc.spi.UnsafeKeyException.printable(row.source()) + " alone"
                    : row.label());
            samples(out, row.count(), row.samples(), "          ");
        }
    }

    private static void line(PrintStream out, String label, Tally tally, boolean samples) {
        if (tally.count() == 0 && samples) {
            return;
        }
        out.printf("  %-24s%,12d", label, tally.count());
        if (tally.bytes() > 0 && tally.bytesComplete()) {
            out.printf("  %s", humanBytes(tally.bytes()));
        }
        out.println();
        if (samples) {
            samples(out, tally.count(), tally.samples(), "      ");
        }
    }

    private static void samples(PrintStream out, long count, List<String> sample, String indent) {
        for (String key : sample) {
            out.printf("%s%s%n", indent, dev.mediagc.spi.UnsafeKeyException.printable(key));
        }
        if (count > sample.size()) {
            out.printf("%s... and %,d more%n", indent, count - sample.size());
        }
    }

    public static String humanBytes(long bytes) {
        return humanBytes(bytes, value -> String.format("%.1f", value));
    }

    /** Bytes in binary units, the value past 1 KiB worded by {@code oneDecimal} (the HTML page rounds as its script does). */
    public static String humanBytes(long bytes, DoubleFunction<String> oneDecimal) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return oneDecimal.apply(value) + " " + units[unit];
    }
}
