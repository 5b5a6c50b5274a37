package dev.mediagc.internal.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.RunId;
import dev.mediagc.internal.store.StateFolder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The final reports of a store's applied-mode runs, kept in {@code .mediagc/reports/RUN_ID.json}
 * (applied, refused and failed alike; a dry run writes nothing into the store), so a past run's
 * page and the trend across runs can be rebuilt with no database. Bounded: saving a report removes
 * the oldest beyond the newest {@link #KEEP}, by run id, which sorts by start time.
 */
public final class SavedReports {

    /** How many reports a store keeps: years of daily runs, a few megabytes. */
    public static final int KEEP = 1_000;

    /**
     * Oldest run first: by start time, then run id. A run id carries its start only to the second,
     * so two runs started in one second sort by their start instant, not by their ids' random tails.
     */
    public static final java.util.Comparator<SweepReport> IN_TIME_ORDER = java.util.Comparator
            .comparing(SweepReport::startedAt, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()))
            .thenComparing(SweepReport::runId);

    static final String FOLDER = "reports";
    private static final String SUFFIX = ".json";
    private static final ObjectMapper JSON = Json.mapper();
    /**
     * Reads past fields a later version added: a store swept by a newer mediagc too keeps its whole
     * history here, each run with the figures this version knows. Reports are read, never acted on.
     */
    private static final ObjectReader READER = JSON.readerFor(SweepReport.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Logger log = LoggerFactory.getLogger(SavedReports.class);

    private final StateFolder state;
    private final int keep;

    public SavedReports(StateFolder state) {
        this(state, KEEP);
    }

    SavedReports(StateFolder state, int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one report, not " + keep);
        }
        this.state = state;
        this.keep = keep;
    }

    /** Saves {@code report} under its run id, then removes the oldest reports beyond the newest {@code keep}. */
    public void save(SweepReport report) throws IOException {
        if (!RunId.isSafe(report.runId())) {
            throw new IOException("run id " + report.runId() + " cannot name a file");
        }
        state.write(name(report.runId()), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
        List<String> runs = runIds();
        for (String old : runs.subList(0, Math.max(0, runs.size() - keep))) {
            state.delete(name(old));
        }
    }

    /** The report of run {@code runId}, or empty when this store keeps none for it. */
    public Optional<SweepReport> find(String runId) throws IOException {
        if (!RunId.isSafe(runId)) {
            return Optional.empty();
        }
        Optional<byte[]> bytes = state.read(name(runId));
        return bytes.isEmpty() ? Optional.empty() : Optional.of(READER.readValue(bytes.get()));
    }

    /**
     * Every saved report, oldest run first ({@link #IN_TIME_ORDER}). One that cannot be read (cut short, or written by a
     * version this one cannot read) is left out and logged: a trend with a gap beats no trend.
     */
    public List<SweepReport> all() throws IOException {
        List<SweepReport> reports = new ArrayList<>();
        for (String runId : runIds()) {
            try {
                find(runId).ifPresent(reports::add);
            } catch (IOException e) {
                log.warn("skipping the saved report of run {}: {}", runId, e.getMessage());
            }
        }
        reports.sort(IN_TIME_ORDER);
        return reports;
    }

    /** The run ids that have a saved report, in run-id (start time) order. */
    public List<String> runIds() throws IOException {
        List<String> ids = new ArrayList<>();
        for (String file : state.list(FOLDER)) {
            if (file.endsWith(SUFFIX)) {
                ids.add(file.substring(0, file.length() - SUFFIX.length()));
            }
        }
        ids.sort(null);
        return ids;
    }

    private static String name(String runId) {
        return FOLDER + "/" + runId + SUFFIX;
    }
}
