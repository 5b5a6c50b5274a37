package dev.mediagc.internal.quarantine;

import dev.mediagc.UnknownRunException;

import dev.mediagc.GuardRefusal;
import dev.mediagc.internal.guard.SafetySettings;
import dev.mediagc.internal.guard.SweepLease;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.internal.store.RunId;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Restores and purges quarantine runs, working from each run's journal and quarantine folder. */
public final class Quarantine {

    private static final Logger log = LoggerFactory.getLogger(Quarantine.class);

    private final ManagedStore store;

    public Quarantine(ManagedStore store) {
        this.store = store;
    }

    public Quarantine(ObjectStore store) {
        this(ManagedStore.of(store));
    }

    /**
     * What a restore did.
     *
     * @param journalMissing the run's journal was gone (or held no moves): the list came from its
     *     quarantine folder alone
     */
    public record RestoreResult(String runId, int restored, int alreadyInPlace, List<String> failed,
                                boolean journalMissing, int deletedForGood) {
    }

    /**
     * What a purge did.
     *
     * @param purged runs deleted for good
     * @param unfinished old-enough runs left alone because their journal has no end record: they
     *     may still be acting, or were cut short and may need a restore
     * @param notRuns quarantine folders left alone because their names are not mediagc run ids
     */
    public record PurgeResult(List<String> purged, List<String> unfinished, List<String> notRuns) {
    }

    /**
     * Puts back every object run {@code runId} meant to quarantine, including those of a run killed
     * halfway: each journaled intent is checked against the store (in quarantine: moved back; in
     * place: nothing to do). A run whose journal is gone is restored from its quarantine folder:
     * everything in it goes back to its key. Objects that reappeared at their key are not overwritten.
     *
     * @throws UnknownRunException when the store has neither a journal nor a quarantine folder for the run
     */
    public RestoreResult restore(String runId) throws IOException {
        if (!RunId.isSafe(runId)) {
            throw new UnknownRunException("'" + runId + "' is not a run id; known runs in " + store.location()
                    + ": " + knownRuns());
        }
        boolean hasJournal = Journal.exists(store.state(), runId);
        boolean hasFolder = store.quarantineRuns().contains(runId);
        if (!hasJournal && !hasFolder) {
            throw new UnknownRunException("no quarantine run '" + runId + "' in " + store.location()
                    + "; known runs: " + knownRuns());
        }
        Set<String> keys = new LinkedHashSet<>();
        Set<String> deleted = new java.util.HashSet<>();
        for (JournalEntry e : Journal.read(store.state(), runId)) {
            if (JournalEntry.QUARANTINE.equals(e.op()) && JournalEntry.INTENT.equals(e.phase())) {
                keys.add(e.key());
            } else if (JournalEntry.DELETE.equals(e.op()) && JournalEntry.DONE.equals(e.phase())) {
                deleted.add(e.key()); // a delete run removed it from quarantine after its second mark
            }
        }
        keys.removeAll(deleted);
        // Every move is journaled (and synced) before it happens, so a journal with intents lists
        // everything; without one (deleted, or re-created by an earlier restore) the folder is the list.
        boolean fromFolder = keys.isEmpty() && hasFolder;
        if (fromFolder) {
            keys.addAll(store.quarantinedKeys(runId));
            if (keys.isEmpty()) {
                throw new IOException("run " + runId + " has no journal entries, and its quarantine folder holds nothing "
                        + "this store can put back (a quarantine folder configured elsewhere?); nothing was changed. "
                        + "Move the files back by hand from the run's quarantine folder");
            }
            log.warn("run {} has no journal entries; restoring the {} object(s) its quarantine folder holds",
                    runId, keys.size());
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
        return new RestoreResult(runId, restored, inPlace, List.copyOf(failed), fromFolder, deleted.size());
    }

    private List<String> knownRuns() throws IOException {
        Set<String> runs = new java.util.TreeSet<>(store.quarantineRuns());
        runs.addAll(Journal.runs(store.state()));
        return List.copyOf(runs);
    }

    /**
     * Deletes for good the quarantine runs older than {@code age}. Holds the sweep lock while it
     * does, so it never runs beside an applied sweep, and leaves alone every run whose journal has
     * no end record (it may still be acting, or was cut short) unless {@code includeUnfinished}.
     *
     * @throws GuardRefusal when a sweep holds the lock; nothing was purged
     */
    public PurgeResult purge(Duration age, boolean includeUnfinished, Clock clock) throws IOException, GuardRefusal {
        Instant now = clock.instant();
        List<String> purged = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        List<String> notRuns = new ArrayList<>();
        try (SweepLease lease = SweepLease.acquire(store.state(), "purge-" + RunId.next(now),
                SafetySettings.DEFAULT_LEASE, clock)) {
            for (String runId : store.quarantineRuns()) {
                Instant started = RunId.startOf(runId);
                if (started == null) {
                    log.warn("leaving quarantine folder '{}' alone: not a mediagc run id", runId);
                    notRuns.add(runId);
                    continue;
                }
                if (!started.isBefore(now.minus(age))) {
                    continue;
                }
                if (!includeUnfinished && !Journal.isFinished(store.state(), runId) && !RunId.isCleanupRunOver(runId, now)) {
                    log.warn("leaving quarantine run {} alone: its journal has no end record", runId);
                    unfinished.add(runId);
                    continue;
                }
                if (!lease.confirm()) {
                    throw new GuardRefusal("purge lost the sweep lock after purging " + purged.size()
                            + " run(s); stopped at once");
                }
                store.purgeQuarantine(runId);
                purged.add(runId);
                log.info("purged quarantine run {}", runId);
            }
        }
        return new PurgeResult(List.copyOf(purged), List.copyOf(unfinished), List.copyOf(notRuns));
    }
}
