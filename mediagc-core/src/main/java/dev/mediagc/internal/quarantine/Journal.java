package dev.mediagc.internal.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spi.StateFolder;
import dev.mediagc.spi.StoredObject;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's JSON-lines journal in {@code .mediagc/journal/RUN_ID.jsonl}. It is also the quarantine
 * manifest: restore reads it to know what a run moved.
 */
public final class Journal implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();

    private final String runId;
    private final StateFolder.AppendLog log_;

    private Journal(String runId, StateFolder.AppendLog appendLog) {
        this.runId = runId;
        this.log_ = appendLog;
    }

    public static String fileName(String runId) {
        return "journal/" + runId + ".jsonl";
    }

    public static Journal open(StateFolder state, String runId) throws IOException {
        return new Journal(runId, state.openLog(fileName(runId)));
    }

    /** Records, durably, that {@code op} is about to happen to each object. */
    public void intents(String op, List<StoredObject> objects) throws IOException {
        String now = Instant.now().toString();
        List<String> lines = new ArrayList<>(objects.size());
        for (StoredObject o : objects) {
            lines.add(line(new JournalEntry(runId, op, JournalEntry.INTENT, o.key(), o.size(),
                    o.lastModified() == null ? null : o.lastModified().toString(), now, null)));
        }
        log_.append(lines);
    }

    /** Records, durably, how each action went; {@code errors} holds null for a success. */
    public void outcomes(String op, List<String> keys, List<String> errors) throws IOException {
        String now = Instant.now().toString();
        List<String> lines = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String error = errors.get(i);
            lines.add(line(new JournalEntry(runId, op, error == null ? JournalEntry.DONE : JournalEntry.FAILED,
                    keys.get(i), null, null, now, error)));
        }
        log_.append(lines);
    }

    /**
     * Records, durably, that the run has finished acting: nothing more will be moved into or out of
     * its quarantine by it. Purge leaves a run without this record alone, since it may still be
     * acting or may have been cut short with files to reconcile. Called once, at the end of the act phase.
     */
    public void finish() throws IOException {
        log_.append(List.of(line(new JournalEntry(runId, JournalEntry.RUN, JournalEntry.END, null, null, null,
                Instant.now().toString(), null))));
    }

    /** Whether run {@code runId} has a journal at all. */
    public static boolean exists(StateFolder state, String runId) throws IOException {
        return state.list("journal").contains(runId + ".jsonl");
    }

    /** Whether the run's journal holds its end record (see {@link #finish()}). */
    public static boolean isFinished(StateFolder state, String runId) throws IOException {
        for (JournalEntry entry : read(state, runId)) {
            if (JournalEntry.RUN.equals(entry.op()) && JournalEntry.END.equals(entry.phase())) {
                return true;
            }
        }
        return false;
    }

    private static String line(JournalEntry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every readable entry of a run's journal; a torn last line (a killed run) is skipped. */
    public static List<JournalEntry> read(StateFolder state, String runId) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        for (String line : state.readLog(fileName(runId))) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(JSON.readValue(line, JournalEntry.class));
            } catch (JsonProcessingException e) {
                log.warn("skipping an unreadable journal line of run {} (a run killed mid-write leaves one)", runId);
            }
        }
        return entries;
    }

    @Override
    public void close() throws IOException {
        log_.close();
    }
}
