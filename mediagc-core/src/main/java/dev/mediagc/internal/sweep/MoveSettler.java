package dev.mediagc.internal.sweep;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.MarkIncompleteException;
import dev.mediagc.internal.mark.MarkSet;
import dev.mediagc.internal.mark.Marker;
import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.SourceFigures;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The second half of "two complete marks around every deletion". After a run has moved its
 * candidates out of their places (into quarantine), a second complete mark is taken, with the same
 * sources and the same normaliser. Every moved object that some reference names now is put back at
 * once; only what stayed unreferenced is left in quarantine (or, for {@code delete}, deleted from
 * there). This closes every race a per-batch look-up leaves open (a row committed after its batch was
 * re-checked, a spelling or collation the look-up misses): the deciding mark is complete and is
 * taken after the object was no longer at its key.
 *
 * <p>When the second mark cannot be trusted (a source fails, or delivers far fewer values than in
 * the first mark), every moved object is put back: when in doubt, keep the file.
 */
final class MoveSettler {

    private static final Logger log = LoggerFactory.getLogger(MoveSettler.class);

    private final SweepSettings settings;
    private final ManagedStore store;
    private final String runId;
    private final RunningReport report;

    MoveSettler(SweepSettings settings, String runId, RunningReport report) {
        this.settings = settings;
        this.store = ManagedStore.of(settings.store());
        this.runId = runId;
        this.report = report;
    }

    /** Thrown when the second mark failed; every moved object was put back (or the report says which could not be). */
    static final class SecondMarkFailed extends Exception {
        SecondMarkFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Takes the second mark and puts back what it claims. Returns the moved objects that stayed
     * unreferenced, and whether every put-back succeeded.
     */
    Settled settle(CandidateSpool moved, List<SourceFigures> firstMark, Journal journal, CandidateSpool stayed)
            throws IOException, SecondMarkFailed {
        log.info("run {}: second complete mark, after the move", runId);
        MarkSet marks;
        long started = System.nanoTime();
        try {
            Marker.Result second = new Marker(settings.sources(), settings.normalizer(), settings.allowEmptySource(),
                    ProgressListenerRenamer.of(settings.progress(), "re-mark")).mark();
            String shrunk = shrunkSources(firstMark, second.figures());
            if (shrunk != null) {
                throw new MarkIncompleteException(shrunk, null);
            }
            marks = second.marks();
            report.setSecondMarkSeconds((System.nanoTime() - started) / 1e9);
        } catch (MarkIncompleteException e) {
            int back = putBackAll(moved, List.of(), journal);
            throw new SecondMarkFailed("the second mark (taken after moving " + back + " candidate(s)) cannot be "
                    + "trusted, so every moved file was put back: " + e.getMessage(), e);
        }
        long stayedCount = 0;
        List<StoredObject> superseded = new ArrayList<>();
        boolean allPutBack = true;
        try (CandidateSpool.Reader reader = moved.reader(settings.batchSize())) {
            for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                List<StoredObject> claimed = new ArrayList<>();
                for (StoredObject object : batch) {
                    String key = settings.normalizer().normalize(object.key());
                    dev.mediagc.internal.derive.DerivedRule keeper;
                    if (key == null || marks.contains(KeyHash.of(key))) {
                        claimed.add(object);
                    } else if ((keeper = settings.derivedRules().keeper(key, marks)) != null) {
                        // Its owner is referenced in the second mark: it goes back as a referenced file would.
                        claimed.add(object);
                        report.derivedRule(keeper.text()).add(object.key(), object.size());
                    } else {
                        stayed.add(object); // spooled: a run may leave millions in quarantine
                        stayedCount++;
                    }
                }
                if (!claimed.isEmpty()) {
                    allPutBack &= putBack(claimed, journal, report.reReferenced(), superseded);
                }
            }
        }
        if (report.reReferenced().count() > 0) {
            report.warn(report.reReferenced().count() + " file(s) were referenced again during the run and were "
                    + "put back; a row naming one of them saw it missing between its move and its return");
        }
        stayed.seal();
        return new Settled(stayedCount, superseded, allPutBack);
    }

    /**
     * How many moved objects stayed unreferenced (they are in the caller's spool); those referenced
     * again whose key holds a new file (their old copy is superseded; few); {@code allPutBack} is
     * false when a put-back failed.
     */
    record Settled(long stayed, List<StoredObject> superseded, boolean allPutBack) {
    }

    /**
     * A source that delivered under half its first-mark values minutes later looks like a wrong
     * replica, a truncated table or a cut stream, not like an application deleting rows.
     */
    private static String shrunkSources(List<SourceFigures> first, List<SourceFigures> second) {
        Map<String, Long> before = new TreeMap<>();
        first.forEach(f -> before.put(f.name(), f.values()));
        for (SourceFigures f : second) {
            Long was = before.get(f.name());
            if (was != null && was > 0 && f.values() * 2 < was) {
                return "source " + f.name() + " yielded " + f.values() + " values in the second mark against "
                        + was + " in the first";
            }
        }
        return null;
    }

    /**
     * Puts back every moved object that is still in quarantine (a failure may come after some were
     * put back already), and the objects of a batch that was being moved when the run failed.
     * Returns how many were in quarantine.
     */
    int putBackAll(CandidateSpool moved, List<StoredObject> inFlight, Journal journal) throws IOException {
        int count = 0;
        try (CandidateSpool.Reader reader = moved.reader(settings.batchSize())) {
            for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                count += putBackQuarantined(batch, journal);
            }
        }
        return count + putBackQuarantined(inFlight, journal);
    }

    private int putBackQuarantined(List<StoredObject> objects, Journal journal) throws IOException {
        List<StoredObject> quarantined = new ArrayList<>();
        for (StoredObject object : objects) {
            try {
                if (store.isQuarantined(object.key(), runId)) {
                    quarantined.add(object);
                }
            } catch (IOException | RuntimeException e) {
                quarantined.add(object); // cannot tell: try; a restore of what is not there only fails
            }
        }
        if (!quarantined.isEmpty()) {
            putBack(quarantined, journal, report.putBackAfterFailure(), new ArrayList<>());
        }
        return quarantined.size();
    }

    /**
     * Restores each object to its key; journaled. Returns false when any could not be put back.
     * An object whose key holds a new file again (the application uploaded under the same name
     * while the old one was out) is not a failure: the reference is served by the new file, and
     * the old copy is superseded; it stays in quarantine, or goes with a delete run's quarantine.
     */
    private boolean putBack(List<StoredObject> objects, Journal journal, RunningTally tally,
                            List<StoredObject> superseded) throws IOException {
        List<String> keys = new ArrayList<>(objects.size());
        List<String> errors = new ArrayList<>(objects.size());
        boolean all = true;
        for (StoredObject object : objects) {
            keys.add(object.key());
            try {
                store.restore(object.key(), runId);
                tally.add(object.key(), object.size());
                errors.add(null);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                report.superseded().add(object.key(), object.size());
                superseded.add(object);
                errors.add("superseded: a new file stands at its key; the old copy stays in quarantine");
            } catch (IOException | RuntimeException e) {
                all = false;
                log.warn("could not put back {}: {}", object.key(), e.getMessage());
                report.failed().add(object.key(), object.size());
                report.warn("could not put back " + object.key() + " from quarantine run " + runId + ": "
                        + e.getMessage() + "; it is still in quarantine (mediagc restore " + runId + ")");
                errors.add(String.valueOf(e.getMessage()));
            }
        }
        journal.outcomes(JournalEntry.RESTORE, keys, errors);
        return all;
    }
}
