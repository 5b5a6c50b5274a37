package dev.mediagc.sweep;

import dev.mediagc.config.DurationParser;
import dev.mediagc.guard.BlastRadius;
import dev.mediagc.guard.DatabaseBinding;
import dev.mediagc.guard.GuardRefusal;
import dev.mediagc.guard.RunFigures;
import dev.mediagc.guard.SweepLease;
import dev.mediagc.key.KeyHash;
import dev.mediagc.mark.MarkIncompleteException;
import dev.mediagc.mark.MarkSet;
import dev.mediagc.mark.Marker;
import dev.mediagc.quarantine.Journal;
import dev.mediagc.quarantine.JournalEntry;
import dev.mediagc.quarantine.RunId;
import dev.mediagc.reference.ReferenceSourceException;
import dev.mediagc.report.SweepReport;
import dev.mediagc.report.Tally;
import dev.mediagc.store.ListingVisitor;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sweep: mark every reference, list the store, classify each object, then (only when asked)
 * re-verify and act on the orphans batch by batch, journaling each step.
 */
public final class Sweeper {

    private static final Logger log = LoggerFactory.getLogger(Sweeper.class);

    private final SweepSettings settings;
    private final ObjectStore store;
    private final ExcludeRules excludes;
    /** Folders found empty and older than the grace period, removed after acting when asked. */
    private final List<String> emptyFolders = new ArrayList<>();

    public Sweeper(SweepSettings settings) {
        this.settings = settings;
        this.store = settings.store();
        this.excludes = new ExcludeRules(settings.excludes());
    }

    public SweepReport run() {
        Instant started = settings.clock().instant();
        String runId = RunId.next(started);
        SweepReport report = new SweepReport(runId, store.location(), !settings.dryRun(),
                settings.dryRun() ? null : settings.action().name().toLowerCase(Locale.ROOT),
                DurationParser.format(settings.minAge()), started);
        log.info("run {}: sweeping {} ({})", runId, store.location(), settings.dryRun() ? "dry run" : "apply " + report.action());
        SweepLease lease = null;
        try (CandidateSpool candidates = new CandidateSpool()) {
            if (!settings.dryRun()) {
                lease = SweepLease.acquire(store.state(), runId, settings.safety().leaseDuration(), settings.clock());
                bindDatabase();
            }
            Marker.Result mark = new Marker(settings.sources(), settings.normalizer(), settings.allowEmptySource(),
                    settings.progress()).mark();
            mark.figures().forEach(report::addSource);
            report.setReferences(mark.marks().size());

            list(mark.marks(), candidates, report, started);
            candidates.seal();
            report.danglingReferences().setCount(mark.marks().unseenCount());
            mark.danglingSamples(Tally.SAMPLE_SIZE).forEach(report.danglingReferences()::addSample);
            if (settings.orphanList() != null) {
                writeOrphanList(candidates, report);
            }
            RunFigures figures = figuresOf(report, mark);
            List<String> differences = RunFigures.last(store.state()).map(figures::differencesFrom).orElse(List.of());
            if (settings.dryRun()) {
                differences.forEach(d -> report.warn("an applied run would refuse: " + d));
                try {
                    BlastRadius.check(report.orphans().count(), report.objects().count(), settings.safety());
                } catch (GuardRefusal refusal) {
                    report.warn("an applied run would refuse: " + refusal.getMessage());
                }
                if (differences.isEmpty()) {
                    figures.save(store.state());
                }
                report.finish(SweepReport.Outcome.DRY_RUN, null, settings.clock().instant());
                return report;
            }
            if (!differences.isEmpty() && !settings.safety().force()) {
                throw new GuardRefusal(String.join("; ", differences) + "; nothing was changed. "
                        + "If that is expected, look at the orphan list and pass --force");
            }
            BlastRadius.check(report.orphans().count(), report.objects().count(), settings.safety());
            act(runId, candidates, report, lease);
            figures.save(store.state());
            report.finish(SweepReport.Outcome.APPLIED, null, settings.clock().instant());
        } catch (GuardRefusal e) {
            log.warn("run {} refused: {}", runId, e.getMessage());
            report.finish(SweepReport.Outcome.REFUSED, e.getMessage(), settings.clock().instant());
        } catch (LeaseLostException e) {
            fail(report, e.getMessage());
        } catch (java.sql.SQLException e) {
            fail(report, "cannot identify the database to check the store's binding: " + e.getMessage());
        } catch (MarkIncompleteException e) {
            fail(report, "incomplete mark, nothing changed: " + e.getMessage());
        } catch (ReferenceSourceException e) {
            fail(report, "re-verification against " + e.sourceName() + " failed, stopped acting: " + e.getMessage());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            fail(report, "store " + store.location() + ": " + e.getMessage());
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
        return report;
    }

    /** Thrown when the run lost its lock mid-action: it stops at once. */
    static final class LeaseLostException extends Exception {
        LeaseLostException(String message) {
            super(message);
        }
    }

    private void bindDatabase() throws GuardRefusal, IOException, java.sql.SQLException {
        if (settings.databaseIdentity() == null) {
            return;
        }
        try {
            DatabaseBinding.check(store.state(), settings.databaseIdentity().call(), settings.safety().rebind());
        } catch (GuardRefusal | IOException | java.sql.SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new java.sql.SQLException(e.getMessage(), e);
        }
    }

    private static RunFigures figuresOf(SweepReport report, Marker.Result mark) {
        java.util.Map<String, Long> values = new java.util.TreeMap<>();
        mark.figures().forEach(f -> values.put(f.name(), f.values()));
        return new RunFigures(report.runId(), report.objects().count(), report.orphans().count(), values);
    }

    private void fail(SweepReport report, String reason) {
        log.error("run {} failed: {}", report.runId(), reason);
        report.finish(SweepReport.Outcome.FAILED, reason, settings.clock().instant());
    }

    private void list(MarkSet marks, CandidateSpool candidates, SweepReport report, Instant started) throws IOException {
        settings.progress().phase("list");
        Instant youngAfter = started.minus(settings.minAge());
        store.list(new ListingVisitor() {
            @Override
            public boolean acceptWithoutAttributes(String rawKey) {
                String key = settings.normalizer().normalize(rawKey);
                MarkSet.Match match = key == null ? MarkSet.Match.ABSENT : marks.recordSeen(KeyHash.of(key));
                if (match == MarkSet.Match.ABSENT) {
                    return false;
                }
                long listed = report.objects().count();
                report.objects().addWithoutSize(rawKey);
                report.referenced().addWithoutSize(rawKey);
                if (match == MarkSet.Match.LENIENT) {
                    report.referencedLeniently().addWithoutSize(rawKey);
                }
                if ((listed & 0x3fff) == 0) {
                    settings.progress().progress("list", listed);
                }
                return true;
            }

            @Override
            public void object(StoredObject object) {
                long listed = report.objects().count();
                report.objects().add(object.key(), object.size());
                if ((listed & 0x3fff) == 0) {
                    settings.progress().progress("list", listed);
                }
                String key = settings.normalizer().normalize(object.key());
                MarkSet.Match match = key == null ? MarkSet.Match.ABSENT : marks.recordSeen(KeyHash.of(key));
                if (match != MarkSet.Match.ABSENT) {
                    report.referenced().add(object.key(), object.size());
                    if (match == MarkSet.Match.LENIENT) {
                        report.referencedLeniently().add(object.key(), object.size());
                    }
                } else if (excludes.excludes(object.key())) {
                    report.excluded().add(object.key(), object.size());
                } else if (object.lastModified() == null || object.lastModified().isAfter(youngAfter)) {
                    report.youngOrphans().add(object.key(), object.size());
                } else {
                    report.orphans().add(object.key(), object.size());
                    try {
                        candidates.add(object);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }

            @Override
            public void emptyFolder(String key, Instant lastModified) {
                // A folder made moments ago may be about to receive an upload.
                if (lastModified != null && !lastModified.isAfter(youngAfter)) {
                    report.emptyFolders().add(key);
                    emptyFolders.add(key);
                }
            }

            @Override
            public void symlink(String key) {
                report.symlinks().add(key);
            }

            @Override
            public void unreadable(String key, String reason) {
                log.warn("cannot read {} ({}); whatever it holds is kept", key, reason);
                report.unreadable().add(key);
            }
        });
        log.info("listed {} objects: {} referenced, {} orphans, {} too young, {} excluded",
                report.objects().count(), report.referenced().count(), report.orphans().count(),
                report.youngOrphans().count(), report.excluded().count());
    }

    /** Writes every candidate's raw key, one per line, sorted, in bounded memory. */
    private void writeOrphanList(CandidateSpool candidates, SweepReport report) throws IOException {
        long left = OrphanListWriter.write(candidates, settings.orphanList(), OrphanListWriter.CHUNK);
        if (left > 0) {
            report.warn(left + " orphan(s) have a line break in their name and are not in the orphan list "
                    + "(one per line cannot hold them safely); the report's samples and the journal name them");
        }
    }

    /**
     * Moves a batch into quarantine, as many at once as the store allows. Each move first checks the
     * lease, so a run that lost it stops moving at once; what was not attempted is journaled as such.
     */
    private void quarantineBatch(String runId, List<StoredObject> verified, SweepReport report, SweepLease lease,
                                 ParallelCalls calls, List<String> keys, List<String> errors, List<String> gone)
            throws IOException {
        List<ParallelCalls.Outcome<Boolean>> outcomes = calls.each(verified, object -> {
            if (!lease.held()) {
                return Boolean.FALSE;
            }
            store.quarantine(object.key(), runId);
            return Boolean.TRUE;
        });
        for (int i = 0; i < verified.size(); i++) {
            StoredObject object = verified.get(i);
            ParallelCalls.Outcome<Boolean> outcome = outcomes.get(i);
            keys.add(object.key());
            if (outcome.error() != null) {
                log.warn("could not quarantine {}: {}", object.key(), outcome.error().getMessage());
                report.failed().add(object.key(), object.size());
                errors.add(String.valueOf(outcome.error().getMessage()));
            } else if (Boolean.FALSE.equals(outcome.value())) {
                errors.add("not attempted: the sweep lock was lost");
            } else {
                report.quarantined().add(object.key(), object.size());
                gone.add(object.key());
                errors.add(null);
            }
        }
    }

    /** One batch call where the store has one; every per-key failure is reported and journaled. */
    private void deleteBatch(List<StoredObject> verified, SweepReport report, List<String> keys, List<String> errors,
                             List<String> gone) throws IOException {
        verified.forEach(o -> keys.add(o.key()));
        java.util.Map<String, String> failures = store.deleteAll(keys);
        for (StoredObject object : verified) {
            String error = failures.get(object.key());
            errors.add(error);
            if (error == null) {
                report.deleted().add(object.key(), object.size());
                gone.add(object.key());
            } else {
                log.warn("could not delete {}: {}", object.key(), error);
                report.failed().add(object.key(), object.size());
            }
        }
    }

    private static void requireLease(SweepLease lease, long acted) throws LeaseLostException {
        if (!lease.confirm()) {
            throw new LeaseLostException("lost the sweep lock after acting on " + acted
                    + " object(s); stopped at once. The journal lists what was done");
        }
    }

    private void removeEmptyFolders(SweepReport report, List<String> folders) throws IOException {
        if (!folders.isEmpty()) {
            report.setEmptyFoldersRemoved(report.emptyFoldersRemoved() + store.removeEmptyFolders(folders));
        }
    }

    private static List<String> parentsOf(List<String> keys) {
        List<String> parents = new ArrayList<>();
        for (String key : keys) {
            int slash = key.lastIndexOf('/');
            if (slash > 0) {
                String parent = key.substring(0, slash);
                if (parents.isEmpty() || !parents.get(parents.size() - 1).equals(parent)) {
                    parents.add(parent);
                }
            }
        }
        return parents;
    }

    private void act(String runId, CandidateSpool candidates, SweepReport report, SweepLease lease)
            throws IOException, ReferenceSourceException, LeaseLostException {
        settings.progress().phase("act");
        boolean quarantine = settings.action() == Action.QUARANTINE;
        String op = quarantine ? JournalEntry.QUARANTINE : JournalEntry.DELETE;
        long acted = 0;
        try (ParallelCalls calls = new ParallelCalls(store.parallelism());
             Journal journal = Journal.open(store.state(), runId);
             CandidateSpool.Reader reader = candidates.reader(settings.batchSize())) {
            Verifier verifier = new Verifier(settings.sources(), settings.normalizer(), store, calls);
            for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                requireLease(lease, acted);
                List<StoredObject> verified = verifier.verify(batch, report);
                if (verified.isEmpty()) {
                    continue;
                }
                journal.intents(op, verified);
                List<String> keys = new ArrayList<>(verified.size());
                List<String> errors = new ArrayList<>(verified.size());
                List<String> gone = new ArrayList<>(verified.size());
                if (quarantine) {
                    quarantineBatch(runId, verified, report, lease, calls, keys, errors, gone);
                    journal.outcomes(op, keys, errors);
                    if (!lease.held()) {
                        throw new LeaseLostException("lost the sweep lock after acting on " + (acted + gone.size())
                                + " object(s); stopped at once. The journal lists what was done");
                    }
                } else {
                    deleteBatch(verified, report, keys, errors, gone);
                    journal.outcomes(op, keys, errors);
                }
                if (settings.removeEmptyFolders()) {
                    removeEmptyFolders(report, parentsOf(gone));
                }
                acted += verified.size();
                settings.progress().progress("act", acted);
            }
        }
        if (settings.removeEmptyFolders()) {
            removeEmptyFolders(report, emptyFolders);
        }
        log.info("run {}: {} {} ({} bytes), {} failed, {} kept as referenced again, {} kept as changed",
                runId, quarantine ? "quarantined" : "deleted",
                quarantine ? report.quarantined().count() : report.deleted().count(),
                quarantine ? report.quarantined().bytes() : report.deleted().bytes(),
                report.failed().count(), report.keptReferencedAgain().count(), report.keptChanged().count());
    }
}
