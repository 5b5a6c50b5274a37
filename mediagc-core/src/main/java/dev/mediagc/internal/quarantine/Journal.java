package dev.mediagc.internal.quarantine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.StoredObject;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's JSON-lines journal. It is also the quarantine manifest: restore reads it to know what a
 * run moved.
 *
 * <p>Stores cannot be trusted to append, so a journal is a folder of parts,
 * {@code .mediagc/journal/RUN_ID.jsonl/00000001}, {@code 00000002}, ...: each batch of lines is one
 * new part, created whole and durably (never replacing one) before the actions it records. Older
 * local stores kept a journal as one appended file {@code .mediagc/journal/RUN_ID.jsonl}; such a
 * journal is still read, and appended to by rewriting it whole, so their runs can be restored.
 */
public final class Journal implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();

    private static final String PART_NAME = "\\d{8}";

    private final String runId;
    private final StateFolder state;
    private int lastPart;

    private Journal(String runId, StateFolder state, int lastPart) {
        this.runId = runId;
        this.state = state;
        this.lastPart = lastPart;
    }

    public static String fileName(String runId) {
        return "journal/" + runId + ".jsonl";
    }

    public static Journal open(StateFolder state, String runId) throws IOException {
        List<String> parts = parts(state, runId);
        return new Journal(runId, state, parts.isEmpty() ? 0 : Integer.parseInt(parts.get(parts.size() - 1)));
    }

    /** The names of the journal's parts, in order. */
    private static List<String> parts(StateFolder state, String runId) throws IOException {
        List<String> parts = new ArrayList<>();
        for (String name : state.children(fileName(runId))) {
            if (name.matches(PART_NAME)) {
                parts.add(name);
            }
        }
        parts.sort(null);
        return parts;
    }

    /** Writes one batch of lines durably: a new part, or the old single file rewritten whole. */
    private synchronized void append(List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        Optional<byte[]> single = lastPart == 0 ? state.read(fileName(runId)) : Optional.empty();
        if (single.isPresent()) {
            String old = new String(single.get(), StandardCharsets.UTF_8);
            sb.append(old);
            if (!old.isEmpty() && !old.endsWith("\n")) {
                sb.append('\n'); // a torn last line of a killed run must not swallow the next record
            }
        }
        for (String line : lines) {
            sb.append(line).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (single.isPresent()) {
            state.write(fileName(runId), bytes);
            return;
        }
        // A part is never replaced: should another writer have taken the number, the next one is used.
        do {
            lastPart++;
        } while (!state.createIfAbsent(fileName(runId) + "/" + String.format("%08d", lastPart), bytes));
    }

    /** Records, durably, that {@code op} is about to happen to each object. */
    public void intents(String op, List<StoredObject> objects) throws IOException {
        String now = Instant.now().toString();
        List<String> lines = new ArrayList<>(objects.size());
        for (StoredObject o : objects) {
            lines.add(line(new JournalEntry(runId, op, JournalEntry.INTENT, o.key(), o.size(),
                    o.lastModified() == null ? null : o.lastModified().toString(), now, null)));
        }
        append(lines);
    }

    /** Records, durably, how each action went; {@code errors} holds null for a success. */
    public void outcomes(String op, List<String> keys, List<String> errors) throws IOException {
        outcomes(op, keys, errors, java.util.Set.of());
    }

    /**
     * Records, durably, how each action went; {@code errors} holds null for a success, and the
     * reason for each key in {@code kept} (left in place on purpose, not a failure).
     */
    public void outcomes(String op, List<String> keys, List<String> errors, java.util.Set<String> kept)
            throws IOException {
        String now = Instant.now().toString();
        List<String> lines = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            String error = errors.get(i);
            String phase = error == null ? JournalEntry.DONE
                    : kept.contains(keys.get(i)) ? JournalEntry.KEPT : JournalEntry.FAILED;
            lines.add(line(new JournalEntry(runId, op, phase, keys.get(i), null, null, now, error)));
        }
        append(lines);
    }

    /**
     * Records, durably, that the run has finished acting: nothing more will be moved into or out of
     * its quarantine by it. Purge leaves a run without this record alone, since it may still be
     * acting or may have been cut short with files to reconcile. Called once, at the end of the act phase.
     */
    public void finish() throws IOException {
        append(List.of(line(new JournalEntry(runId, JournalEntry.RUN, JournalEntry.END, null, null, null,
                Instant.now().toString(), null))));
    }

    /** Whether run {@code runId} has a journal at all. */
    public static boolean exists(StateFolder state, String runId) throws IOException {
        return state.list("journal").contains(runId + ".jsonl");
    }

    /** The ids of the runs that have a journal. */
    public static List<String> runs(StateFolder state) throws IOException {
        List<String> runs = new ArrayList<>();
        for (String name : state.list("journal")) {
            if (name.endsWith(".jsonl")) {
                runs.add(name.substring(0, name.length() - ".jsonl".length()));
            }
        }
        return runs;
    }

    /** Whether the run's journal holds its end record (see {@link #finish()}). */
    public static boolean isFinished(StateFolder state, String runId) throws IOException {
        boolean[] finished = new boolean[1];
        forEach(state, runId, entry -> {
            if (JournalEntry.RUN.equals(entry.op()) && JournalEntry.END.equals(entry.phase())) {
                finished[0] = true;
            }
        });
        return finished[0];
    }

    private static String line(JournalEntry entry) {
        try {
            return JSON.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every readable entry of a run's journal, all in memory: for the callers that need them together. */
    public static List<JournalEntry> read(StateFolder state, String runId) throws IOException {
        List<JournalEntry> entries = new ArrayList<>();
        forEach(state, runId, entries::add);
        return entries;
    }

    /**
     * Calls {@code each} with every readable entry of a run's journal, in order, holding one part in
     * memory at a time (a part is one batch), so a journal of millions of actions can be read in
     * little memory. The old single-file journal is read whole. A torn last line (a killed run) is skipped.
     */
    public static void forEach(StateFolder state, String runId, EntryConsumer each) throws IOException {
        List<String> parts = parts(state, runId);
        if (parts.isEmpty()) {
            Optional<byte[]> single = state.read(fileName(runId));
            if (single.isPresent()) {
                eachEntry(single.get(), runId, each);
            }
            return;
        }
        for (String part : parts) {
            Optional<byte[]> bytes = state.read(fileName(runId) + "/" + part);
            if (bytes.isPresent()) {
                eachEntry(bytes.get(), runId, each);
            }
        }
    }

    private static void eachEntry(byte[] text, String runId, EntryConsumer each) throws IOException {
        for (String line : (Iterable<String>) new String(text, StandardCharsets.UTF_8).lines()::iterator) {
            if (line.isBlank()) {
                continue;
            }
            JournalEntry entry;
            try {
                entry = JSON.readValue(line, JournalEntry.class);
            } catch (JsonProcessingException e) {
                log.warn("skipping an unreadable journal line of run {} (a run killed mid-write leaves one)", runId);
                continue;
            }
            each.accept(entry);
        }
    }

    /** What receives a journal's entries one by one. */
    @FunctionalInterface
    public interface EntryConsumer {
        void accept(JournalEntry entry) throws IOException;
    }

    @Override
    public void close() {
    }
}
