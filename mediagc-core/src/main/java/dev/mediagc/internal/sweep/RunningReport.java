package dev.mediagc.internal.sweep;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link SweepReport} while a sweep fills it: counters grow from several threads, warnings
 * pile up, the outcome comes last. {@link #freeze()} makes the immutable report callers get; what
 * each counter means is documented there.
 */
public final class RunningReport {

    private final String runId;
    private final String store;
    private final boolean apply;
    private final String action;
    private final String minAge;
    private final Instant startedAt;
    private Instant finishedAt;
    private SweepReport.Outcome outcome;
    private String reason;

    private final List<SourceFigures> sources = new ArrayList<>();
    private long references;

    private final RunningTally objects = new RunningTally();
    private final RunningTally referenced = new RunningTally();
    private final RunningTally referencedLeniently = new RunningTally();
    private final RunningTally orphans = new RunningTally();
    private final RunningTally youngOrphans = new RunningTally();
    private final RunningTally excluded = new RunningTally();
    private final RunningTally symlinks = new RunningTally();
    private final RunningTally otherStores = new RunningTally();
    private final RunningTally unreadable = new RunningTally();
    private final RunningTally danglingReferences = new RunningTally();
    private List<DanglingBySource> danglingReferencesBySource = List.of();
    private final RunningTally emptyFolders = new RunningTally();
    private final RunningTally keptDerived = new RunningTally();
    /** By the rule's text, in the order rules were given (every rule is entered before listing). */
    private final Map<String, RunningTally> keptDerivedByRule = new LinkedHashMap<>();
    private final RunningTally derivedLooking = new RunningTally();

    private final RunningTally quarantined = new RunningTally();
    private final RunningTally deleted = new RunningTally();
    private final RunningTally failed = new RunningTally();
    private final RunningTally keptReferencedAgain = new RunningTally();
    private final RunningTally keptChanged = new RunningTally();
    private final RunningTally reReferenced = new RunningTally();
    private final RunningTally putBackAfterFailure = new RunningTally();
    private final RunningTally superseded = new RunningTally();
    private long emptyFoldersRemoved;
    private Double secondMarkSeconds;
    private final List<String> warnings = new ArrayList<>();

    public RunningReport(String runId, String store, boolean apply, String action, String minAge, Instant startedAt) {
        this.runId = runId;
        this.store = store;
        this.apply = apply;
        this.action = action;
        this.minAge = minAge;
        this.startedAt = startedAt;
    }

    /** The immutable report of everything counted so far; called once the outcome is set. */
    public synchronized SweepReport freeze() {
        Map<String, Tally> byRule = new LinkedHashMap<>();
        keptDerivedByRule.forEach((rule, tally) -> byRule.put(rule, tally.freeze()));
        return new SweepReport(runId, store, apply, action, minAge, startedAt, finishedAt, outcome, reason,
                sources, references, objects.freeze(), referenced.freeze(), referencedLeniently.freeze(),
                orphans.freeze(), youngOrphans.freeze(), excluded.freeze(), symlinks.freeze(), otherStores.freeze(),
                unreadable.freeze(), danglingReferences.freeze(), danglingReferencesBySource, emptyFolders.freeze(), keptDerived.freeze(),
                byRule, derivedLooking.freeze(), quarantined.freeze(), deleted.freeze(), failed.freeze(),
                keptReferencedAgain.freeze(), keptChanged.freeze(), reReferenced.freeze(),
                putBackAfterFailure.freeze(), superseded.freeze(), emptyFoldersRemoved, secondMarkSeconds, warnings);
    }

    public synchronized void finish(SweepReport.Outcome outcome, String reason, Instant at) {
        this.outcome = outcome;
        this.reason = reason;
        this.finishedAt = at;
    }

    public synchronized void addSource(SourceFigures figures) {
        sources.add(figures);
    }

    public synchronized void setReferences(long references) {
        this.references = references;
    }

    /** The dangling references told by who names them; their counts add up to {@link #danglingReferences()}'s. */
    public synchronized void setDanglingReferencesBySource(List<DanglingBySource> rows) {
        this.danglingReferencesBySource = List.copyOf(rows);
    }

    public synchronized void setSecondMarkSeconds(double seconds) {
        this.secondMarkSeconds = seconds;
    }

    public synchronized void setEmptyFoldersRemoved(long n) {
        this.emptyFoldersRemoved = n;
    }

    public synchronized void warn(String warning) {
        warnings.add(warning);
    }

    /** The tally of one derived rule, made on first use. */
    public synchronized RunningTally derivedRule(String rule) {
        return keptDerivedByRule.computeIfAbsent(rule, r -> new RunningTally());
    }

    public synchronized List<String> warnings() { return List.copyOf(warnings); }
    public String runId() { return runId; }
    public String store() { return store; }
    public String action() { return action; }
    public synchronized SweepReport.Outcome outcome() { return outcome; }
    public synchronized long emptyFoldersRemoved() { return emptyFoldersRemoved; }
    public RunningTally objects() { return objects; }
    public RunningTally referenced() { return referenced; }
    public RunningTally referencedLeniently() { return referencedLeniently; }
    public RunningTally orphans() { return orphans; }
    public RunningTally youngOrphans() { return youngOrphans; }
    public RunningTally excluded() { return excluded; }
    public RunningTally symlinks() { return symlinks; }
    public RunningTally otherStores() { return otherStores; }
    public RunningTally unreadable() { return unreadable; }
    public RunningTally danglingReferences() { return danglingReferences; }
    public RunningTally emptyFolders() { return emptyFolders; }
    public RunningTally keptDerived() { return keptDerived; }
    public RunningTally derivedLooking() { return derivedLooking; }
    public RunningTally quarantined() { return quarantined; }
    public RunningTally deleted() { return deleted; }
    public RunningTally failed() { return failed; }
    public RunningTally keptReferencedAgain() { return keptReferencedAgain; }
    public RunningTally keptChanged() { return keptChanged; }
    public RunningTally reReferenced() { return reReferenced; }
    public RunningTally putBackAfterFailure() { return putBackAfterFailure; }
    public RunningTally superseded() { return superseded; }
}
