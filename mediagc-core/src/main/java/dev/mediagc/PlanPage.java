package dev.mediagc;

import dev.mediagc.internal.plan.PlanHeader;
import dev.mediagc.internal.plan.PlanReader;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The HTML page of a plan ({@code plan show --report-html}): the plan's candidates as the orphans of
 * the dry run that made it, with the figures its header kept. The plan is read through whole
 * before anything is written, so a plan cut short fails here as it does in {@code plan show}.
 */
final class PlanPage {

    /** Figures a plan does not keep (its sources' rows and seconds) are shown blank. */
    static final long UNKNOWN = -1;

    private PlanPage() {
    }

    static void write(Path plan, Path page) throws IOException {
        SweepReport report = report(plan);
        OrphanSource candidates = each -> {
            try (PlanReader reader = PlanReader.open(plan)) {
                for (PlannedCandidate c = reader.next(); c != null; c = reader.next()) {
                    each.accept(new StoredObject(c.key(), c.size(), c.modified(), c.version()));
                }
            }
        };
        new HtmlReportWriter().write(report, candidates, page);
    }

    /** The report of the run that made the plan, as far as the plan tells it. */
    static SweepReport report(Path plan) throws IOException {
        try (PlanReader reader = PlanReader.open(plan)) {
            PlanHeader header = reader.header();
            // Ages count from the moment the plan's view of the store dates from, as apply's grace check does.
            RunningReport report = new RunningReport("plan " + plan.getFileName(), header.store(), false, null,
                    header.minAge(), header.asOf());
            for (PlannedCandidate c = reader.next(); c != null; c = reader.next()) {
                report.orphans().add(c.key(), c.size());
            }
            PlanHeader.PlanFigures figures = header.figures();
            if (figures != null) {
                report.objects().setCount(figures.objects());
                report.referenced().setCount(figures.referenced());
                figures.sources().forEach(s -> report.addSource(new SourceFigures(s.source(), UNKNOWN, s.values(), UNKNOWN)));
                if (figures.derivedLookingRefusal() != null) {
                    report.warn("an applied run would refuse: " + figures.derivedLookingRefusal());
                }
            }
            header.warnings().forEach(report::warn);
            report.finish(SweepReport.Outcome.DRY_RUN, null, header.created());
            return report.freeze();
        }
    }
}
