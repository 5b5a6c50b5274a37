package dev.mediagc;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.internal.report.SavedReports;
import dev.mediagc.internal.report.html.HistoryPageWriter;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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
     * journal says it moved out of place and did not put back; a run with no journal (refused, or
     * stopped before acting) has no list, and the page says so.
     *
     * @throws UnknownRunException when the store keeps no report for {@code runId}
     */
    public void writePage(String runId, Path page) throws IOException {
        SweepReport report = find(runId).orElseThrow(() -> new UnknownRunException(
                "no saved report of run '" + runId + "' in " + store.location() + ": only applied-mode runs "
                        + "save one, dry runs never; its --history page shows the runs it keeps"));
        new HtmlReportWriter().write(report, actedOn(runId), Objects.requireNonNull(page, "page"));
    }

    /** Writes the trend across every saved report of the store to {@code page}. */
    public void writeHistoryPage(Path page) throws IOException {
        new HistoryPageWriter().write(store.location(), history(), Objects.requireNonNull(page, "page"));
    }

    /**
     * What the run's journal says it moved out of place and kept out (quarantined, or deleted from
     * quarantine afterwards), in the journal's order, with each object's size and time as the
     * intent line recorded them: a move that failed or was put back is not listed.
     */
    private OrphanSource actedOn(String runId) throws IOException {
        if (!Journal.exists(store.state(), runId)) {
            return OrphanSource.NONE;
        }
        Map<String, JournalEntry> intents = new LinkedHashMap<>();
        Set<String> moved = new HashSet<>();
        Set<String> putBack = new HashSet<>();
        for (JournalEntry entry : Journal.read(store.state(), runId)) {
            if (entry.key() == null || !JournalEntry.DONE.equals(entry.phase()) && !JournalEntry.INTENT.equals(entry.phase())) {
                continue;
            }
            if (JournalEntry.QUARANTINE.equals(entry.op())) {
                if (JournalEntry.INTENT.equals(entry.phase())) {
                    intents.putIfAbsent(entry.key(), entry);
                } else {
                    moved.add(entry.key());
                }
            } else if (JournalEntry.RESTORE.equals(entry.op()) && JournalEntry.DONE.equals(entry.phase())) {
                putBack.add(entry.key());
            }
        }
        List<StoredObject> acted = new ArrayList<>();
        for (JournalEntry intent : intents.values()) {
            if (moved.contains(intent.key()) && !putBack.contains(intent.key())) {
                acted.add(new StoredObject(intent.key(), intent.size() == null ? 0 : intent.size(),
                        instant(intent.modified()), null));
            }
        }
        return OrphanSource.worded("object(s) this run moved out of place and kept out (quarantined or deleted), "
                + "as its journal records them.", OrphanSource.of(acted));
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
