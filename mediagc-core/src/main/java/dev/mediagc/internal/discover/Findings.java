package dev.mediagc.internal.discover;

import dev.mediagc.ColumnFinding;
import java.util.List;

/** The views of a discovery's findings, one copy for the API's result and the command's. */
public final class Findings {

    private Findings() {
    }

    public static List<ColumnFinding> proposed(List<ColumnFinding> findings) {
        return with(findings, ColumnFinding.Verdict.PROPOSED);
    }

    public static List<ColumnFinding> weak(List<ColumnFinding> findings) {
        return with(findings, ColumnFinding.Verdict.WEAK);
    }

    /** The prefixes of the proposed columns, each once, most used first within each column. */
    public static List<String> prefixes(List<ColumnFinding> findings) {
        return proposed(findings).stream().flatMap(finding -> finding.prefixes().stream()).distinct().toList();
    }

    /**
     * Columns read but not judged: only stretches of the store were listed, and none of their
     * values fell within one. Neither proposed nor dismissed; a bigger sample may judge them.
     */
    public static List<ColumnFinding> unjudged(List<ColumnFinding> findings) {
        return findings.stream().filter(finding -> finding.sampled() == 0 && finding.read() > 0).toList();
    }

    /** Where the proposed {@code ref-text} columns' links put the store's root, each once: the {@code text-prefix} setting. */
    public static List<String> textPrefixes(List<ColumnFinding> findings) {
        return proposed(findings).stream().flatMap(finding -> finding.extraction().textPrefixes().stream()).distinct()
                .toList();
    }

    private static List<ColumnFinding> with(List<ColumnFinding> findings, ColumnFinding.Verdict verdict) {
        return findings.stream().filter(finding -> finding.verdict() == verdict).toList();
    }
}
