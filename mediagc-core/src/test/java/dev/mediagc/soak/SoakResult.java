package dev.mediagc.soak;

import dev.mediagc.SweepReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * What a soak did and found: the application's events, the sweeps' outcomes and actions, the rows
 * checked at the end, and every referenced file lost, with the events that touched it.
 */
public record SoakResult(Duration elapsed, Map<String, Long> events, List<SweepReport> runs,
                         Map<String, Long> journaled, int rowsChecked, Map<GroundTruth.Protection, Long> rowsBy,
                         List<LostFile> lost, List<Throwable> errors) {

    public long runs(SweepReport.Outcome outcome) {
        return runs.stream().filter(r -> r.outcome() == outcome).count();
    }

    private long sum(Function<SweepReport, Long> figure) {
        return runs.stream().mapToLong(figure::apply).sum();
    }

    public long quarantined() {
        return sum(r -> r.quarantined().count());
    }

    public long deleted() {
        return sum(r -> r.deleted().count());
    }

    /** What the figures say, one line per figure, then every lost file with its history. */
    public String summary() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("soak of %.1fs: %d application events, %d sweep runs%n",
                elapsed.toMillis() / 1000.0, events.values().stream().mapToLong(Long::longValue).sum(), runs.size()));
        events.forEach((event, n) -> out.append(String.format("  %-48s %8d%n", event, n)));
        Map<String, Long> outcomes = new TreeMap<>();
        runs.forEach(r -> outcomes.merge(r.action() + " " + r.outcome(), 1L, Long::sum));
        outcomes.forEach((what, n) -> out.append(String.format("  runs %-43s %8d%n", what, n)));
        out.append(String.format("  %-48s %8d%n", "files quarantined", quarantined()));
        out.append(String.format("  %-48s %8d%n", "files deleted", deleted()));
        out.append(String.format("  %-48s %8d%n", "kept: referenced again at the re-check", sum(r -> r.keptReferencedAgain().count())));
        out.append(String.format("  %-48s %8d%n", "kept: changed since listed", sum(r -> r.keptChanged().count())));
        out.append(String.format("  %-48s %8d%n", "actions failed", sum(r -> r.failed().count())));
        journaled.forEach((what, n) -> out.append(String.format("  journal: %-39s %8d%n", what, n)));
        runs.stream().filter(r -> r.reason() != null).map(SweepReport::reason).distinct().limit(5)
                .forEach(reason -> out.append("  run ended: ").append(reason).append('\n'));
        out.append(String.format("  %-48s %8d%n", "rows at the end", rowsChecked));
        rowsBy.forEach((p, n) -> out.append(String.format("    %-46s %8d   (%s)%n", p, n, p.meaning)));
        out.append(String.format("  %-48s %8d%n", "REFERENCED FILES LOST", lost.size()));
        lost.forEach(l -> out.append("  ").append(l).append('\n'));
        errors.forEach(e -> out.append("  thread failed: ").append(e).append('\n'));
        return out.toString();
    }
}
