package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The engine counts into a running report; what callers get is a snapshot nobody can change: not
 * the caller (its lists and map refuse changes), and not the engine counting on after the freeze.
 */
@Tag("fast")
class RunningReportTest {

    private static final Instant START = Instant.parse("2024-05-01T10:15:00Z");

    @Test
    void callersCannotChangeAFrozenReport() {
        SweepReport report = counted().freeze();

        assertThatThrownBy(() -> report.warnings().add("mine")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.sources().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.orphans().samples().add("x.jpg")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> report.keptDerivedByRule().put("rule", report.orphans()))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aFrozenReportStaysAsItWasWhileTheRunKeepsCounting() {
        RunningReport running = counted();
        SweepReport frozen = running.freeze();

        running.orphans().add("later.jpg", 5);
        running.derivedRule("{stem}-*.{ext} <- {stem}.{ext}").add("later-1x1.jpg", 1);
        running.derivedRule("a new rule");
        running.addSource(new SourceFigures("late", 1, 1, 0.1));
        running.warn("a later warning");
        running.finish(SweepReport.Outcome.FAILED, "too late", START.plusSeconds(9));

        assertThat(frozen.orphans()).isEqualTo(new Tally(1, 2048, java.util.List.of("c.jpg"), true));
        assertThat(frozen.keptDerivedByRule()).containsOnlyKeys("{stem}-*.{ext} <- {stem}.{ext}");
        assertThat(frozen.keptDerivedByRule().get("{stem}-*.{ext} <- {stem}.{ext}").count()).isEqualTo(1);
        assertThat(frozen.sources()).hasSize(1);
        assertThat(frozen.warnings()).containsExactly("first");
        assertThat(frozen.outcome()).isEqualTo(SweepReport.Outcome.DRY_RUN);
        assertThat(running.freeze().orphans().count()).isEqualTo(2);
    }

    @Test
    void aTallyCountedWithoutSizesSaysItsBytesAreAFloor() {
        RunningTally tally = new RunningTally();
        tally.add("a.jpg", 10);
        tally.addWithoutSize("b.jpg");

        assertThat(tally.freeze()).isEqualTo(new Tally(2, 10, java.util.List.of("a.jpg", "b.jpg"), false));
    }

    private static RunningReport counted() {
        RunningReport report = new RunningReport("20240501T101500Z-ab12", "/var/www/media", false, null, "24h", START);
        report.addSource(new SourceFigures("profile.avatar", 3, 3, 0.2));
        report.orphans().add("c.jpg", 2048);
        report.derivedRule("{stem}-*.{ext} <- {stem}.{ext}").add("a-1x1.jpg", 1);
        report.warn("first");
        report.finish(SweepReport.Outcome.DRY_RUN, null, START.plusSeconds(3));
        return report;
    }
}
