package dev.mediagc;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.KeptOutSpool;
import dev.mediagc.internal.report.SavedReports;
import dev.mediagc.internal.report.html.HistoryPageWriter;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reports a store keeps of its applied-mode runs ({@code .mediagc/reports/}), and the pages
 * made from them: one past run's, and the trend across runs. Reads the store only; needs no
 * database: {@code MediaGc.reports(store)}.
 */
public final class RunReports {

    private final ManagedStore store;

    RunReports(ObjectStore store) {
        this.store = ManagedStore.of(Objects.requireNonNull(store, "store"));
    }

    /** The saved report of run {@code runId}, or empty when the store keeps none for it. */
    public Optional<SweepReport> find(String runId) throws IOException {
        return new SavedReports(store.state()).find(runId);
    }

    /** Every saved report, oldest run first. */
    public List<SweepReport> history() throws IOException {
        return new SavedReports(store.state()).all();
    }

    /**
     * Writes the page of past run {@code runId} from its saved report. Its table lists what the run's
     * journal says it moved out of place and kept out: not a move that failed, nor one kept at the
     * last moment, nor one put back (re-referenced at the second mark, or restored since). A run with no journal (refused, or stopped before acting) has no list,
     * and the page says so.
     *
     * @throws UnknownRunException when the store keeps no report for {@code runId}
     */
    public void writePage(String runId, Path page) throws IOException {
        SweepReport report = find(runId).orElseThrow(() -> new UnknownRunException(
                "no saved report of run '" + runId + "' in " + store.location() + ": only applied-mode runs "
                        + "save one, dry runs never; its --history page shows the runs it keeps"));
        Objects.requireNonNull(page, "page");
        if (!Journal.exists(store.state(), runId)) {
            new HtmlReportWriter().write(report, OrphanSource.NONE, page);
            return;
        }
        // Worked out in temporary files, not on the heap: a run's journal can list millions of actions.
        try (KeptOutSpool keptOut = KeptOutSpool.of(store.state(), runId)) {
            new HtmlReportWriter().write(report, OrphanSource.worded("object(s) this run moved out of place and kept "
                    + "out (quarantined or deleted), as its journal records them.", keptOut), page);
        }
    }

    /** Writes the trend across every saved report of the store to {@code page}. */
    public void writeHistoryPage(Path page) throws IOException {
        new HistoryPageWriter().write(store.location(), history(), Objects.requireNonNull(page, "page"));
    }
}
