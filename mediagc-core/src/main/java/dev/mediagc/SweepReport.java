package dev.mediagc;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one sweep found and did. Written as JSON with {@code --report} and as a text summary
 * on standard output. Counters are filled while the sweep runs; the finished report is read-only
 * by convention.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class SweepReport {

    /** How the run ended. */
    public enum Outcome {
        /** Nothing was meant to change: a dry run that completed. */
        DRY_RUN,
        /** Changes were applied. */
        APPLIED,
        /** A guard stopped the run before its first action; nothing changed. */
        REFUSED,
        /** An error stopped the run; nothing changed after the error. */
        FAILED
    }

    private final String runId;
    private final String store;
    private final boolean apply;
    private final String action;
    private final String minAge;
    private final Instant startedAt;
    private Instant finishedAt;
    private Outcome outcome;
    private String reason;

    private final List<SourceFigures> sources = new ArrayList<>();
    private long references;

    private final Tally objects = new Tally();
    private final Tally referenced = new Tally();
    private final Tally referencedLeniently = new Tally();
    private final Tally orphans = new Tally();
    private final Tally youngOrphans = new Tally();
    private final Tally excluded = new Tally();
    private final Tally symlinks = new Tally();
    private final Tally otherStores = new Tally();
    private final Tally unreadable = new Tally();
    private final Tally danglingReferences = new Tally();
    private final Tally emptyFolders = new Tally();
    private final Tally keptDerived = new Tally();
    private final java.util.Map<String, Tally> keptDerivedByRule = new java.util.LinkedHashMap<>();
    private final Tally derivedLooking = new Tally();

    private final Tally quarantined = new Tally();
    private final Tally deleted = new Tally();
    private final Tally failed = new Tally();
    private final Tally keptReferencedAgain = new Tally();
    private final Tally keptChanged = new Tally();
    private final Tally reReferenced = new Tally();
    private final Tally putBackAfterFailure = new Tally();
    private final Tally superseded = new Tally();
    private long emptyFoldersRemoved;
    private Double secondMarkSeconds;
    private final List<String> warnings = new ArrayList<>();

    public SweepReport(String runId, String store, boolean apply, String action, String minAge, Instant startedAt) {
        this.runId = runId;
        this.store = store;
        this.apply = apply;
        this.action = action;
        this.minAge = minAge;
        this.startedAt = startedAt;
    }

    public void finish(Outcome outcome, String reason, Instant at) {
        this.outcome = outcome;
        this.reason = reason;
        this.finishedAt = at;
    }

    public synchronized void addSource(SourceFigures figures) {
        sources.add(figures);
    }

    public void setReferences(long references) {
        this.references = references;
    }

    public void setSecondMarkSeconds(double seconds) {
        this.secondMarkSeconds = seconds;
    }

    public void setEmptyFoldersRemoved(long n) {
        this.emptyFoldersRemoved = n;
    }

    @JsonProperty public String runId() { return runId; }
    @JsonProperty public String store() { return store; }
    public boolean apply() { return apply; }
    public String action() { return action; }
    public String minAge() { return minAge; }
    public Instant startedAt() { return startedAt; }
    public Instant finishedAt() { return finishedAt; }
    public Outcome outcome() { return outcome; }
    /** Why the run was refused or failed; null when it completed. */
    public String reason() { return reason; }
    public synchronized List<SourceFigures> sources() { return List.copyOf(sources); }
    /** Distinct references after normalisation. */
    public long references() { return references; }
    public Tally objects() { return objects; }
    public Tally referenced() { return referenced; }
    /**
     * Referenced objects (counted in {@link #referenced()} too) that no value names in its normal
     * form, only in a lenient spelling: a prefix spelt otherwise, a URL query or fragment, blanks
     * around it, mojibake. Kept; worth a look, as the application may not find them either.
     */
    public Tally referencedLeniently() { return referencedLeniently; }
    /** Orphans old enough to act on: the candidates. */
    public Tally orphans() { return orphans; }
    /** Orphans younger than the grace period: kept. */
    public Tally youngOrphans() { return youngOrphans; }
    public Tally excluded() { return excluded; }
    public Tally symlinks() { return symlinks; }
    /** Folders below the root holding another store's mediagc state, skipped with all they hold. */
    public Tally otherStores() { return otherStores; }
    public Tally unreadable() { return unreadable; }
    /** References naming a file the store lacks (broken images). */
    public Tally danglingReferences() { return danglingReferences; }
    /** Empty folders older than the grace period (removed with --remove-empty-dirs). */
    public Tally emptyFolders() { return emptyFolders; }
    /** Listed objects no reference names, kept because a derived rule's owner of theirs is referenced. */
    public Tally keptDerived() { return keptDerived; }
    /**
     * What each derived rule kept, by the rule's text: at listing (in {@link #keptDerived()}), at
     * the re-check (in {@link #keptReferencedAgain()}) and by the second mark (in {@link #reReferenced()}).
     */
    public synchronized java.util.Map<String, Tally> keptDerivedByRule() { return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keptDerivedByRule)); }
    /** The tally of one derived rule, made on first use. */
    public synchronized Tally derivedRule(String rule) { return keptDerivedByRule.computeIfAbsent(rule, r -> new Tally()); }
    /** Candidates that look derived from referenced files (the derived-files guard), whatever it decided. */
    public Tally derivedLooking() { return derivedLooking; }
    public Tally quarantined() { return quarantined; }
    public Tally deleted() { return deleted; }
    public Tally failed() { return failed; }
    /** Candidates that a reference claimed again when re-verified just before acting. */
    public Tally keptReferencedAgain() { return keptReferencedAgain; }
    /** Candidates that changed (or vanished) in the store between listing and acting. */
    public Tally keptChanged() { return keptChanged; }
    /** Moved out of place, then named by the second complete mark: put back at once. */
    public Tally reReferenced() { return reReferenced; }
    /** Moved out of place, then put back because the run failed (or its second mark could not be trusted). */
    public Tally putBackAfterFailure() { return putBackAfterFailure; }
    /**
     * Moved out of place and referenced again, but the application had meanwhile written a new
     * file under the same key: the new file serves the reference, the old copy was not put back.
     */
    public Tally superseded() { return superseded; }
    public long emptyFoldersRemoved() { return emptyFoldersRemoved; }
    /** How long the second complete mark took; null when the run moved nothing (and took none). */
    public Double secondMarkSeconds() { return secondMarkSeconds; }
    /** What a guard would have refused had this run applied, and other things worth a look. */
    public synchronized List<String> warnings() { return List.copyOf(warnings); }
    public synchronized void warn(String warning) { warnings.add(warning); }
}
