package dev.mediagc.quarantine;

import dev.mediagc.store.ObjectStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores and purges quarantine runs, working from each run's journal. */
public final class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final ObjectStore store;

    public Quarantine(ObjectStore store) {
        this.store = store;
    }

    /** What a restore did. */
    public record RestoreResult(String runId, int restored, int alreadyInPlace, List<String> failed) {
    }

    /**
     * Puts back every object run {@code runId} meant to quarantine, including those of a run killed
     * halfway: each journaled intent is checked against the store (in quarantine: moved back; in
     * place: nothing to do). Objects that reappeared at their key are not overwritten.
     */
    public RestoreResult restore(String runId) throws IOException {
        List<JournalEntry> entries = Journal.read(store.state(), runId);
        if (entries.isEmpty() && !store.quarantineRuns().contains(runId)) {
            throw new IllegalArgumentException("no quarantine run '" + runId + "' in " + store.location()
                    + "; known runs: " + store.quarantineRuns());
        }
        Set<String> keys = new LinkedHashSet<>();
        for (JournalEntry e : entries) {
            if (JournalEntry.QUARANTINE.equals(e.op()) && JournalEntry.INTENT.equals(e.phase())) {
                keys.add(e.key());
            }
        }
        int restored = 0;
        int inPlace = 0;
        List<String> failed = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String key : keys) {
            if (!store.isQuarantined(key, runId)) {
                if (store.stat(key).isPresent()) {
                    inPlace++;
                } else {
                    failed.add(key + ": neither in quarantine nor in place (restored before, or removed by hand?)");
                }
                continue;
            }
            try {
                store.restore(key, runId);
                restored++;
                done.add(key);
                errors.add(null);
            } catch (IOException e) {
                failed.add(key + ": " + e.getMessage());
                done.add(key);
                errors.add(String.valueOf(e.getMessage()));
            }
        }
        try (Journal journal = Journal.open(store.state(), runId)) {
            journal.outcomes(JournalEntry.RESTORE, done, errors);
        }
        log.info("run {}: restored {}, already in place {}, failed {}", runId, restored, inPlace, failed.size());
        return new RestoreResult(runId, restored, inPlace, List.copyOf(failed));
    }

    /** Deletes for good the quarantine runs older than {@code age}; returns their ids. */
    public List<String> purgeOlderThan(Duration age, Instant now) throws IOException {
        List<String> purged = new ArrayList<>();
        for (String runId : store.quarantineRuns()) {
            Instant started = RunId.startOf(runId);
            if (started == null) {
                log.warn("leaving quarantine folder '{}' alone: not a mediagc run id", runId);
                continue;
            }
            if (started.isBefore(now.minus(age))) {
                store.purgeQuarantine(runId);
                purged.add(runId);
                log.info("purged quarantine run {}", runId);
            }
        }
        return purged;
    }
}
