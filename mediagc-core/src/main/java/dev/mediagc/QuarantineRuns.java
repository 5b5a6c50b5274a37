package dev.mediagc;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.Quarantine;
import dev.mediagc.internal.store.RunId;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A store's quarantine runs: list them, put one back, or empty old ones for good. None of this
 * needs the database, so it needs no references: {@code MediaGc.runs(store)}.
 */
public final class QuarantineRuns {

    private final ManagedStore store;
    private final Clock clock;

    QuarantineRuns(ObjectStore store, Clock clock) {
        this.store = ManagedStore.of(Objects.requireNonNull(store, "store"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One run in the quarantine.
     *
     * @param started  when the run started, from its id; null for a folder that is not a mediagc run
     * @param finished whether its journal has an end record (an unfinished run may still be acting,
     *                 or was cut short; purge leaves it alone unless told otherwise)
     */
    public record Run(String id, Instant started, boolean finished) {
    }

    /** The runs whose files sit in the quarantine, oldest first. */
    public List<Run> list() throws IOException {
        List<Run> runs = new ArrayList<>();
        for (String id : store.quarantineRuns()) {
            Instant started = RunId.startOf(id);
            runs.add(new Run(id, started, started != null
                    && (Journal.isFinished(store.state(), id) || RunId.isCleanupRunOver(id, clock.instant()))));
        }
        runs.sort(java.util.Comparator.comparing(Run::id));
        return List.copyOf(runs);
    }

    /** Puts back what quarantine run {@code runId} moved, byte for byte where it can. */
    public RestoreResult restore(String runId) throws IOException {
        Quarantine.RestoreResult done = new Quarantine(store).restore(runId);
        return new RestoreResult(done.runId(), done.restored(), done.alreadyInPlace(), done.failed(),
                done.journalMissing(), done.deletedForGood());
    }

    /**
     * Deletes for good the quarantine runs older than {@code age}, under the sweep lock; runs whose
     * journal has no end record are left alone unless {@code includeUnfinished}.
     *
     * @throws GuardRefusal when a sweep holds the lock; nothing was purged
     */
    public PurgeResult purge(Duration age, boolean includeUnfinished) throws IOException, GuardRefusal {
        Quarantine.PurgeResult done = new Quarantine(store).purge(age, includeUnfinished, clock);
        return new PurgeResult(done.purged(), done.unfinished(), done.notRuns());
    }
}
