package dev.mediagc.internal.sweep;

import dev.mediagc.Action;
import dev.mediagc.OrphanListFormat;

import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.derive.DerivedLookingGuard;
import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.guard.BlastRadius;
import dev.mediagc.internal.guard.DatabaseBinding;
import dev.mediagc.GuardRefusal;
import dev.mediagc.internal.guard.RunFigures;
import dev.mediagc.internal.guard.SweepLease;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.MarkIncompleteException;
import dev.mediagc.internal.mark.MarkSet;
import dev.mediagc.internal.mark.Marker;
import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.internal.store.RunId;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.VersionMismatchException;
import dev.mediagc.internal.plan.PlanFileException;
import dev.mediagc.internal.plan.PlanHeader;
import dev.mediagc.internal.plan.PlanReader;
import dev.mediagc.internal.plan.PlanWriter;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.internal.plan.SettingsFingerprint;
import dev.mediagc.internal.report.SavedReports;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

    /** Replaced once, before marking, when the store folds letter case ({@link #matchLetterCaseOfStore}). */
    private SweepSettings settings;
    private final ManagedStore store;
    private ExcludeRules excludes;
    private DerivedRules derived;
    /** Whether this run ignores case because the store folds it (or cannot tell), not because it was asked to. */
    private boolean storeFoldsCase;
    /** Candidates that look derived from referenced files: fed while listing, judged before acting. */
    private final DerivedLookingGuard derivedLooking = new DerivedLookingGuard();
    /** Folders found empty and older than the grace period, removed after acting when asked. */
    private final List<String> emptyFolders = new ArrayList<>();
    /** Moves that failed in a way that leaves open whether the object is in quarantine now. */
    private long uncertainMoves;
    /** Where a dry run writes its plan, or null. */
    private Path planToWrite;
    /** The plan an applied run acts on instead of a listing, or null. */
    private Path planToApply;
    /** How old a plan may be when applied. */
    private Duration maxPlanAge = DEFAULT_MAX_PLAN_AGE;
    /** What the front end adds to the report once the run has ended, before the HTML page is written. */
    private java.util.function.Consumer<RunningReport> lastWarnings = report -> { };
    /** Whether the spool holds every candidate (the listing, or the plan's reading, ended). */
    private boolean candidatesComplete;

    /** A plan older than this is refused: the store and the database have moved on too far. */
    public static final Duration DEFAULT_MAX_PLAN_AGE = Duration.ofDays(7);

    public Sweeper(SweepSettings settings) {
        this.settings = settings;
        this.store = ManagedStore.of(settings.store());
        this.excludes = settings.excludeRules();
        this.derived = settings.derivedRules();
    }

    public SweepReport run() {
        return runStillOpen().freeze();
    }

    /** This run, a dry run, also writes its candidates to {@code file} as a plan (see {@link PlanWriter}). */
    public Sweeper writingPlan(Path file) {
        if (!settings.dryRun()) {
            throw new IllegalStateException("a plan is written by a dry run; apply it afterwards");
        }
        this.planToWrite = file;
        return this;
    }

    /**
     * This run, an applied one, acts on exactly the candidates of the plan {@code file} instead of
     * listing the store: each is looked up in a fresh complete mark (kept when referenced now),
     * then everything else is as in a sweep: guards, lease, journal, re-verification just before
     * the move (references looked up again, the object statted and compared with the plan's line:
     * kept when changed since the plan), the second mark.
     */
    public Sweeper applyingPlan(Path file, Duration maxAge) {
        if (settings.dryRun()) {
            throw new IllegalStateException("applying a plan needs an action (quarantine or delete)");
        }
        this.planToApply = file;
        this.maxPlanAge = maxAge;
        return this;
    }

    /**
     * This run hands its report to {@code warnings} once it has ended, before the HTML page (if
     * any) is written: so a front end's last warning is on the page as in the report it returns.
     */
    public Sweeper beforeReporting(java.util.function.Consumer<RunningReport> warnings) {
        this.lastWarnings = java.util.Objects.requireNonNull(warnings);
        return this;
    }

    /**
     * Runs the sweep and returns its report still open, for a front end that adds a last warning
     * before freezing it.
     */
    public RunningReport runStillOpen() {
        Instant started = settings.clock().instant();
        String runId = RunId.next(started);
        RunningReport report = new RunningReport(runId, store.location(), !settings.dryRun(),
                settings.dryRun() ? null : settings.action().name().toLowerCase(Locale.ROOT),
                DurationParser.format(settings.minAge()), started);
        log.info("run {}: sweeping {} ({})", runId, store.location(), settings.dryRun() ? "dry run" : "apply " + report.action());
        SweepLease lease = null;
        CandidateSpool candidates = null;
        try {
            candidates = new CandidateSpool();
            PlanHeader plan = planToApply == null ? null : checkPlan(started);
            if (planToWrite != null) {
                checkPlanTarget(); // before hours of marking and listing, not after
            }
            if (!settings.dryRun()) {
                store.checkActionsPossible(); // e.g. no directory handles on this platform: refuse before anything
                lease = SweepLease.acquire(store.state(), runId, settings.safety().leaseDuration(), settings.clock());
            }
            // After the lease, so an applied run's store always has .mediagc/ to probe by.
            matchLetterCaseOfStore(report);
            if (plan != null) {
                checkPlanSettings(plan); // with the case matching this run will use, which the plan carries
            }
            if (!settings.dryRun()) {
                bindDatabase();
            }
            Marker.Result mark = new Marker(settings.sources(), settings.normalizer(), settings.allowEmptySource(),
                    settings.progress()).mark();
            mark.figures().forEach(report::addSource);
            settings.sources().forEach(source -> source.warnings().forEach(report::warn));
            report.setReferences(mark.marks().size());
            derived.rules().forEach(rule -> report.derivedRule(rule.text()));

            if (plan == null) {
                list(mark.marks(), candidates, report, started);
            } else {
                fromPlan(plan, mark.marks(), candidates, report, started);
            }
            candidates.seal();
            candidatesComplete = true;
            DerivedLookingGuard.Finding lookalikes = lookForDerived(candidates, mark.marks(), report);
            if (plan == null) {
                // Dangling references need the whole listing; a plan holds only the candidates.
                recordDanglingReferences(mark, report);
            }
            if (settings.orphanList() != null) {
                writeOrphanList(candidates, report);
            }
            RunFigures figures = RunFigures.of(report.runId(), report.objects().count(), report.orphans().count(),
                    settings.sources(), mark.figures());
            List<String> differences = RunFigures.last(store.state()).map(figures::differencesFrom).orElse(List.of());
            if (settings.dryRun()) {
                differences.forEach(d -> report.warn("an applied run would refuse: " + d));
                if (lookalikes.refuses()) {
                    report.warn("an applied run would refuse: " + lookalikes.message());
                }
                try {
                    BlastRadius.check(report.orphans().count(), report.objects().count(), settings.safety());
                } catch (GuardRefusal refusal) {
                    report.warn("an applied run would refuse: " + refusal.getMessage());
                }
                if (planToWrite != null) {
                    writePlan(candidates, report, mark.figures(), lookalikes, started);
                }
                // No figures saved: a dry run writes nothing into the store (it may have read-only
                // access); the baseline is the last applied run, the one an apply is compared with.
                report.finish(SweepReport.Outcome.DRY_RUN, null, settings.clock().instant());
                return report;
            }
            if (!differences.isEmpty() && !settings.safety().force()) {
                throw new GuardRefusal(String.join("; ", differences) + "; nothing was changed. "
                        + "If that is expected, look at the orphan list and set `force`");
            }
            if (lookalikes.refuses()) {
                if (!settings.safety().force()) {
                    throw new GuardRefusal(lookalikes.message());
                }
                report.warn("`force` overrode the derived-files guard: " + lookalikes.message());
            }
            String plannedRefusal = plan == null ? null : plan.figures().derivedLookingRefusal();
            if (plannedRefusal != null) {
                // The sweep that made the plan saw the whole listing, which this run does not.
                if (!settings.safety().force()) {
                    throw new GuardRefusal("the sweep that made the plan found: " + plannedRefusal);
                }
                report.warn("`force` overrode the derived-files guard of the plan's sweep: " + plannedRefusal);
            }
            BlastRadius.check(report.orphans().count(), report.objects().count(), settings.safety());
            List<SourceFigures> firstMark = mark.figures();
            mark = null; // the first mark's set is not needed any more: let the second one have its memory
            act(runId, candidates, report, lease, firstMark);
            figures.save(store.state());
            report.finish(SweepReport.Outcome.APPLIED, null, settings.clock().instant());
        } catch (GuardRefusal e) {
            log.warn("run {} refused: {}", runId, e.getMessage());
            report.finish(SweepReport.Outcome.REFUSED, e.getMessage(), settings.clock().instant());
        } catch (MoveSettler.SecondMarkFailed e) {
            fail(report, e.getMessage());
        } catch (LeaseLostException e) {
            fail(report, e.getMessage());
        } catch (java.sql.SQLException e) {
            fail(report, "cannot identify the database to check the store's binding: " + e.getMessage());
        } catch (PlanFileException e) {
            fail(report, e.getMessage());
        } catch (MarkIncompleteException e) {
            fail(report, "incomplete mark, nothing changed: " + e.getMessage());
        } catch (ReferenceSourceException e) {
            fail(report, "re-verification against " + e.sourceName() + " failed, stopped acting: " + e.getMessage());
        } catch (IOException | UncheckedIOException | SecurityException e) {
            fail(report, "store " + store.location() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.error("run {}: unexpected error", runId, e);
            fail(report, "unexpected error, stopped (anything moved was put back): " + e);
        } finally {
            if (!settings.dryRun()) {
                // e.g. a service that could not make a move conditional: said once a run, acted or not
                store.warnings().forEach(report::warn);
            }
            if (lease != null) {
                lease.close();
            }
            lastWarnings.accept(report);
            if (!settings.dryRun()) {
                saveReport(report); // never a dry run's: it writes nothing into the store
            }
            if (settings.reportHtml() != null) {
                writeHtmlReport(report, candidates);
            }
            closeSpool(candidates);
        }
        return report;
    }

    /**
     * Keeps this applied-mode run's final report in the store's state, refused and failed runs
     * too, for {@code mediagc report}. It runs after acting, in a finally block: a report that
     * cannot be saved is a warning in the report returned, never a change of the run's outcome.
     */
    private void saveReport(RunningReport report) {
        try {
            new SavedReports(store.state()).save(report.freeze());
        } catch (IOException | RuntimeException e) {
            log.warn("run {}: cannot save its report in the store's state: {}", report.runId(), e.toString());
            report.warn("the report was not saved in the store's state (mediagc report cannot show this run): "
                    + e.getMessage());
        }
    }

    /**
     * Writes the page from the report as it stands, the outcome set: for a refused or failed run
     * too, which is when people most need to see why. The orphans are shown only when the spool
     * holds them all; a run that stopped while listing shows none rather than some. A page that
     * cannot be written does not change the run's outcome: the report says so instead.
     */
    private void writeHtmlReport(RunningReport report, CandidateSpool candidates) {
        OrphanSource orphans = candidates == null || !candidatesComplete ? OrphanSource.NONE : each -> {
            try (CandidateSpool.Reader reader = candidates.reader(8192)) {
                for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                    for (StoredObject object : batch) {
                        each.accept(object);
                    }
                }
            }
        };
        try {
            new HtmlReportWriter().write(report.freeze(), orphans, settings.reportHtml());
        } catch (IOException | RuntimeException e) {
            // Any failure, a bug in the page's writer included: this runs in a finally block, where a
            // thrown exception would replace the run's own outcome or error.
            log.warn("run {}: cannot write the HTML report {}: {}", report.runId(), settings.reportHtml(), e.toString());
            report.warn("the HTML report was not written to " + settings.reportHtml() + ": " + e.getMessage());
        }
    }

    /** Deletes the spool's temporary file; a failure to delete it is logged, the run stands as it ended. */
    private static void closeSpool(CandidateSpool candidates) {
        if (candidates == null) {
            return;
        }
        try {
            candidates.close();
        } catch (IOException e) {
            log.warn("cannot delete the candidates' temporary file: {}", e.toString());
        }
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

    private void fail(RunningReport report, String reason) {
        log.error("run {} failed: {}", report.runId(), reason);
        report.finish(SweepReport.Outcome.FAILED, reason, settings.clock().instant());
    }

    private void list(MarkSet marks, CandidateSpool candidates, RunningReport report, Instant started) throws IOException {
        settings.progress().phase("list");
        // A listing made earlier (an S3 Inventory) shows the store as of then: the grace period counts from then.
        Instant asOf = store.store().listedAsOf().filter(started::isAfter).orElse(started);
        Instant youngAfter = asOf.minus(settings.minAge());
        store.store().listedAsOf().ifPresent(at -> report.warn("the listing was read from a report of the store made "
                + at + " (an S3 Inventory), not listed live: objects written since are not in it and are left alone"));
        store.list(new ListingVisitor() {
            /** The last key offered without attributes that neither the mark nor a rule keeps; object() need not ask again. */
            private String neitherMarkedNorDerived;

            @Override
            public boolean acceptWithoutAttributes(String rawKey) {
                String key = settings.normalizer().normalize(rawKey);
                MarkSet.Match match = key == null ? MarkSet.Match.ABSENT : marks.recordSeen(KeyHash.of(key));
                DerivedRule keeper = match == MarkSet.Match.ABSENT && key != null ? derived.keeper(key, marks) : null;
                if (match == MarkSet.Match.ABSENT && keeper == null) {
                    neitherMarkedNorDerived = rawKey;
                    return false;
                }
                long listed = report.objects().count();
                report.objects().addWithoutSize(rawKey);
                if (keeper != null) {
                    report.keptDerived().addWithoutSize(rawKey);
                    report.derivedRule(keeper.text()).addWithoutSize(rawKey);
                } else {
                    report.referenced().addWithoutSize(rawKey);
                    derivedLooking.referenced(key);
                }
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
                DerivedRule keeper;
                if (match != MarkSet.Match.ABSENT) {
                    report.referenced().add(object.key(), object.size());
                    derivedLooking.referenced(key);
                    if (match == MarkSet.Match.LENIENT) {
                        report.referencedLeniently().add(object.key(), object.size());
                    }
                } else if (key != null && !object.key().equals(neitherMarkedNorDerived)
                        && (keeper = derived.keeper(key, marks)) != null) {
                    report.keptDerived().add(object.key(), object.size());
                    report.derivedRule(keeper.text()).add(object.key(), object.size());
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

            @Override
            public void otherStore(String folderKey) {
                log.warn("{} holds another store's mediagc state; skipped with everything under it", folderKey);
                report.otherStores().add(folderKey);
            }
        });
        if (report.otherStores().count() > 0) {
            report.warn(report.otherStores().count() + " folder(s) below the root hold another store's mediagc state "
                    + "(.mediagc) and were skipped with everything under them, e.g. " + report.otherStores().samples());
        }
        log.info("listed {} objects: {} referenced, {} orphans, {} too young, {} excluded",
                report.objects().count(), report.referenced().count(), report.orphans().count(),
                report.youngOrphans().count(), report.excluded().count());
    }

    /** The fingerprint of the settings that chose this run's candidates (see {@link SettingsFingerprint}). */
    String settingsFingerprint() {
        return settingsFingerprint(settings.normalizer().ignoresCase());
    }

    private String settingsFingerprint(boolean ignoreCase) {
        return SettingsFingerprint.of(settings.sources().stream().map(dev.mediagc.spi.ReferenceSource::identity).toList(),
                settings.excludes(), derived.rules().stream().map(DerivedRule::text).toList(), settings.minAge(),
                settings.normalizer().stripPrefixes(), ignoreCase);
    }

    /**
     * Reads the plan through once (a plan cut short or out of order is never acted on, not even in
     * part) and refuses one made for another store, database or settings, or too long ago.
     */
    private PlanHeader checkPlan(Instant now) throws IOException, GuardRefusal, java.sql.SQLException {
        PlanHeader plan;
        try {
            plan = PlanReader.check(planToApply);
        } catch (PlanFileException e) {
            throw e;
        } catch (IOException e) {
            throw new PlanFileException("cannot read the plan " + planToApply + " whole: " + e.getMessage()
                    + "; nothing was changed", e);
        }
        if (!store.location().equals(plan.store())) {
            throw new GuardRefusal("the plan " + planToApply + " was made for store " + plan.store() + ", not "
                    + store.location() + "; nothing was changed. Apply it to the store it was made for");
        }
        Instant asOf = plan.asOf();
        if (asOf == null || asOf.plus(maxPlanAge).isBefore(now)) {
            throw new GuardRefusal("the plan " + planToApply + " shows the store as of " + asOf + ", older than "
                    + "`max-plan-age` " + DurationParser.format(maxPlanAge) + "; nothing was changed. Make a new plan");
        }
        if (asOf.isAfter(now.plus(Duration.ofMinutes(5)))) {
            throw new GuardRefusal("the plan " + planToApply + " says it shows the store as of " + asOf
                    + ", in the future; nothing was changed. Check this machine's clock and the plan's");
        }
        dev.mediagc.internal.guard.DatabaseIdentity current = currentDatabase();
        if (plan.database() == null ? current != null : current == null || !plan.database().sameAs(current)) {
            throw new GuardRefusal("the plan " + planToApply + " was made against database " + plan.database()
                    + ", but this run reads " + current + "; nothing was changed. Apply it with the database it was "
                    + "made against, or make a new plan");
        }
        return plan;
    }

    /** Refuses a plan made with settings that choose other candidates than this run's. */
    private void checkPlanSettings(PlanHeader plan) throws GuardRefusal {
        String fingerprint = settingsFingerprint();
        if (!fingerprint.equals(plan.settings()) && storeFoldsCase && settingsFingerprint(false).equals(plan.settings())) {
            // e.g. a plan the Spark job made, which does not probe the store
            throw new GuardRefusal("the plan " + planToApply + " was made matching letter case exactly, but the store "
                    + "folds letter case (or cannot tell), so this run ignores it; nothing was changed. Make the plan again "
                    + "with `ignore-case`");
        }
        if (!fingerprint.equals(plan.settings()) && !settings.normalizer().ignoresCase()
                && settingsFingerprint(true).equals(plan.settings())) {
            throw new GuardRefusal("the plan " + planToApply + " was made ignoring letter case (asked, or on a store "
                    + "that folds it), but this run matches case exactly; nothing was changed. Apply it with `ignore-case`");
        }
        if (!fingerprint.equals(plan.settings())) {
            throw new GuardRefusal("the plan " + planToApply + " was made with other " + settingsDifference(plan)
                    + " than this run's (settings " + plan.settings() + ", this run " + fingerprint
                    + "); nothing was changed. Apply it with the configuration that made it");
        }
    }

    /**
     * On a store where one object answers to every spelling of its key (a case-insensitive file
     * system), a row naming {@code Photo.JPG} keeps the file listed as {@code photo.jpg}: the
     * application opens it by that name. Unless the run already ignores case, the store is asked
     * ({@code ObjectStore.letterCase()}, which writes nothing), and when it folds case, or cannot
     * tell, this run matches ignoring case, exactly as {@code ignore-case} would (mark, listing,
     * derived rules, re-verification, second mark, the plan's fingerprint), and says so.
     */
    private void matchLetterCaseOfStore(RunningReport report) throws IOException {
        if (settings.normalizer().ignoresCase()) {
            return;
        }
        dev.mediagc.spi.LetterCase found = store.store().letterCase();
        if (found == dev.mediagc.spi.LetterCase.EXACT) {
            return;
        }
        String why = found == dev.mediagc.spi.LetterCase.FOLDED ? "the store folds letter case"
                : "cannot tell whether the store folds letter case"; // UNKNOWN, or a store that said nothing (null)
        String message = why + ": matching ignores case, as `ignore-case` would";
        log.info("run {}: {}", report.runId(), message);
        report.warn(message);
        settings = settings.ignoringCase();
        derived = settings.derivedRules();
        excludes = settings.excludeRules();
        storeFoldsCase = true;
    }

    /**
     * Which of the fingerprinted settings differ, as far as the header tells: it names its sources
     * and its grace period; excludes, rules and key spelling are in the fingerprint alone.
     */
    private String settingsDifference(PlanHeader plan) {
        List<String> differ = new ArrayList<>();
        if (plan.figures() != null) {
            java.util.Set<String> planned = new java.util.TreeSet<>();
            plan.figures().sources().forEach(source -> planned.add(source.source()));
            java.util.Set<String> current = new java.util.TreeSet<>();
            settings.sources().forEach(source -> current.add(source.identity()));
            if (!planned.equals(current)) {
                differ.add("references (the plan's " + planned + ", this run's " + current + ")");
            }
        }
        try {
            if (plan.minAge() != null && !DurationParser.parse(plan.minAge()).equals(settings.minAge())) {
                differ.add("`min-age` (the plan's " + plan.minAge() + ", this run's "
                        + DurationParser.format(settings.minAge()) + ")");
            }
        } catch (IllegalArgumentException e) {
            differ.add("`min-age` (the plan's '" + plan.minAge() + "' is no duration)");
        }
        return differ.isEmpty() ? "excludes, derived rules, `strip-prefix` or `ignore-case`" : String.join(" and ", differ);
    }

    private dev.mediagc.internal.guard.DatabaseIdentity currentDatabase() throws java.sql.SQLException {
        if (settings.databaseIdentity() == null) {
            return null;
        }
        try {
            return settings.databaseIdentity().call();
        } catch (java.sql.SQLException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new java.sql.SQLException(e.getMessage(), e);
        }
    }

    /**
     * Takes the plan's candidates in place of a listing. A candidate the fresh mark names (or a
     * derived rule keeps, or an exclude covers, or too young) is kept as a listing would have kept
     * it; the rest are candidates as the plan lists them. Each is statted once, by the
     * re-verification right before its batch is acted on ({@link Verifier}, planned mode): one that
     * is gone or no longer the object planned (size, time, version) is kept as changed there.
     */
    private void fromPlan(PlanHeader plan, MarkSet marks, CandidateSpool candidates, RunningReport report,
                          Instant started) throws IOException {
        settings.progress().phase("plan");
        report.objects().setCount(plan.figures().objects());
        report.warn("candidates from plan " + planToApply + " (made " + plan.created() + " by " + plan.engine()
                + ", store as of " + plan.asOf() + "), not from a listing");
        // As in the sweep that made it: young counts from when its listing showed the store.
        Instant youngAfter = (plan.asOf().isBefore(started) ? plan.asOf() : started).minus(settings.minAge());
        long read = 0;
        try (PlanReader reader = PlanReader.open(planToApply)) {
            if (!plan.equals(reader.header())) {
                throw new PlanFileException("the plan " + planToApply + " changed while it was being applied; nothing "
                        + "was changed. Apply it again");
            }
            OtherStores otherStores = new OtherStores();
            List<PlannedCandidate> chunk = new ArrayList<>(settings.batchSize());
            try (ParallelCalls calls = new ParallelCalls(store.parallelism())) {
                for (PlannedCandidate next = reader.next(); next != null || !chunk.isEmpty(); ) {
                    if (next != null) {
                        requirePlannable(next.key());
                        chunk.add(next);
                        next = reader.next();
                        if (next != null && chunk.size() < settings.batchSize()) {
                            continue;
                        }
                    }
                    otherStores.lookUp(chunk, calls); // the chunk's new folders, asked at once
                    for (PlannedCandidate planned : chunk) {
                        if ((++read & 0x3fff) == 0) {
                            settings.progress().progress("plan", read);
                        }
                        fromPlan(planned, otherStores, marks, youngAfter, candidates, report);
                    }
                    chunk.clear();
                }
            }
        }
        if (report.otherStores().count() > 0) {
            report.warn(report.otherStores().count() + " folder(s) named by the plan hold another store's mediagc state "
                    + "(.mediagc) now; their files were kept, e.g. " + report.otherStores().samples());
        }
        log.info("plan {}: {} candidates still unreferenced, {} referenced now (each candidate is statted right before "
                + "acting)", planToApply, report.orphans().count(), report.keptReferencedAgain().count());
    }

    /** Classifies one line of the plan as a listing would classify the object (see the caller). */
    private void fromPlan(PlannedCandidate planned, OtherStores otherStores, MarkSet marks, Instant youngAfter,
                          CandidateSpool candidates, RunningReport report) throws IOException {
        String key = settings.normalizer().normalize(planned.key());
        DerivedRule keeper;
        String otherStore = otherStores.holding(planned.key());
        if (otherStore != null) {
            // Made a store of its own since the plan: not this run's to touch.
            if (otherStores.firstSeen(otherStore)) {
                report.otherStores().add(otherStore);
            }
        } else if (key != null && marks.recordSeen(KeyHash.of(key)) != MarkSet.Match.ABSENT) {
            report.keptReferencedAgain().add(planned.key(), planned.size());
        } else if (key != null && (keeper = derived.keeper(key, marks)) != null) {
            report.keptReferencedAgain().add(planned.key(), planned.size());
            report.derivedRule(keeper.text()).add(planned.key(), planned.size());
        } else if (excludes.excludes(planned.key())) {
            report.excluded().add(planned.key(), planned.size());
        } else if (planned.modified() == null || planned.modified().isAfter(youngAfter)) {
            report.youngOrphans().add(planned.key(), planned.size());
        } else {
            // Not statted here: the re-verification stats it right before acting and compares
            // that with this line, one stat per candidate instead of two.
            report.orphans().add(planned.key(), planned.size());
            candidates.add(new StoredObject(planned.key(), planned.size(), planned.modified(), planned.version()));
        }
    }

    /**
     * Refuses the whole plan when it names a key no listing of this store could have produced: one
     * outside the root, or inside mediagc state in any letter case (a case-insensitive file system
     * would find {@code .MEDIAGC/} at {@code .mediagc/}).
     */
    private void requirePlannable(String key) throws PlanFileException {
        try {
            for (String segment : ManagedStore.requireMediaKey(key)) {
                if (segment.equalsIgnoreCase(dev.mediagc.spi.StoreKeys.STATE_FOLDER)) {
                    throw new dev.mediagc.spi.UnsafeKeyException(key, "inside a folder named like mediagc's state");
                }
            }
        } catch (dev.mediagc.spi.UnsafeKeyException e) {
            throw new PlanFileException("the plan " + planToApply + " names a key no listing of this store gives ("
                    + e.getMessage() + "); nothing was changed. Do not apply this plan");
        }
    }

    /**
     * Which folders of the plan's keys belong to another store now (hold a {@code .mediagc}
     * entry): asked once per folder, remembered, the plan being in key order. A plan's listing
     * skipped the stores it saw; this finds those made since. The new folders of a chunk of the
     * plan are asked at once, as many in flight as the store allows.
     */
    private final class OtherStores {
        private final java.util.Map<String, Boolean> known = new java.util.HashMap<>();
        private final java.util.Set<String> reported = new java.util.HashSet<>();

        boolean firstSeen(String folder) {
            return reported.add(folder);
        }

        /** Asks about every folder of {@code chunk}'s keys not known yet. */
        void lookUp(List<PlannedCandidate> chunk, ParallelCalls calls) throws IOException {
            if (known.size() > 100_000) {
                known.clear(); // bounded; the plan's key order makes hits on old folders rare
            }
            java.util.Set<String> unknown = new java.util.LinkedHashSet<>();
            for (PlannedCandidate planned : chunk) {
                String key = planned.key();
                for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
                    String folder = key.substring(0, slash + 1);
                    if (!known.containsKey(folder)) {
                        unknown.add(folder);
                    }
                }
            }
            List<String> folders = new ArrayList<>(unknown);
            List<ParallelCalls.Outcome<Boolean>> answers = calls.each(folders, store::holdsOtherStore);
            for (int i = 0; i < folders.size(); i++) {
                if (answers.get(i).error() != null) {
                    throw answers.get(i).error();
                }
                known.put(folders.get(i), answers.get(i).value());
            }
        }

        /** The folder (ending with /) of another store holding {@code key}, or null. */
        String holding(String key) throws IOException {
            for (int slash = key.indexOf('/'); slash > 0; slash = key.indexOf('/', slash + 1)) {
                String folder = key.substring(0, slash + 1);
                Boolean other = known.get(folder);
                if (other == null) {
                    other = store.holdsOtherStore(folder);
                    known.put(folder, other);
                }
                if (other) {
                    return folder.substring(0, folder.length() - 1);
                }
            }
            return null;
        }
    }

    /**
     * Refuses, before the run does anything, a plan file that exists already or that would be
     * written inside the store (a dry run writes nothing into the store, and the plan would list
     * itself next time).
     */
    private void checkPlanTarget() throws IOException {
        Path target = planToWrite.toAbsolutePath().normalize();
        if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new PlanFileException(planToWrite + " exists; a plan is never replaced (a reviewed plan must stay the "
                    + "one reviewed): name another file or remove it");
        }
        if (store.store() instanceof dev.mediagc.internal.store.LocalStore local && target.getParent() != null
                && Files.isDirectory(target.getParent())) {
            Path folder = target.getParent().toRealPath();
            if (folder.startsWith(local.root().toRealPath())) {
                throw new PlanFileException("the plan " + planToWrite + " would be written inside the store " + local.root()
                        + ", which a dry run never writes into; write it elsewhere");
            }
        }
    }

    private PlanWriter createPlan(PlanHeader header) throws IOException {
        try {
            return PlanWriter.create(planToWrite, header);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new PlanFileException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PlanFileException("cannot write the plan " + planToWrite + ": " + e.getMessage(), e);
        }
    }

    /** Writes the dry run's candidates, in key order, with what apply needs to check the plan. */
    private void writePlan(CandidateSpool candidates, RunningReport report, List<SourceFigures> marked,
                           DerivedLookingGuard.Finding lookalikes, Instant started) throws IOException {
        List<PlanHeader.PlanSource> sources = new ArrayList<>();
        for (int i = 0; i < settings.sources().size(); i++) {
            sources.add(new PlanHeader.PlanSource(settings.sources().get(i).identity(), marked.get(i).values()));
        }
        PlanHeader.PlanFigures figures = new PlanHeader.PlanFigures(report.objects().count(),
                report.referenced().count(), report.orphans().count(), report.orphans().bytes(), sources,
                lookalikes.refuses() ? lookalikes.message() : null);
        dev.mediagc.internal.guard.DatabaseIdentity database;
        try {
            database = currentDatabase();
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot identify the database for the plan's header: " + e.getMessage(), e);
        }
        PlanHeader header = PlanHeader.of(settings.clock().instant(), "sweep", store.location(), database,
                settingsFingerprint(), store.store().listedAsOf().filter(started::isAfter).orElse(started),
                DurationParser.format(settings.minAge()), figures, report.warnings());
        try (PlanWriter plan = createPlan(header)) {
            SortedCandidates.forEach(candidates, SortedCandidates.CHUNK,
                    o -> plan.candidate(o, PlannedCandidate.UNREFERENCED));
            plan.complete();
        }
        log.info("wrote plan {}: {} candidates", planToWrite, report.orphans().count());
    }

    /**
     * Runs the derived-files guard over the spooled candidates: one read of the spool and a few
     * mark-set look-ups per candidate, no second listing.
     */
    /** Counts the references naming a file the store lacks, with samples, in all and by source. */
    private static void recordDanglingReferences(Marker.Result mark, RunningReport report) {
        report.danglingReferences().setCount(mark.marks().unseenCount());
        mark.danglingSamples(Tally.SAMPLE_SIZE).forEach(report.danglingReferences()::addSample);
        report.setDanglingReferencesBySource(mark.danglingBySource(Tally.SAMPLE_SIZE));
    }

    private DerivedLookingGuard.Finding lookForDerived(CandidateSpool candidates, MarkSet marks, RunningReport report)
            throws IOException {
        try (CandidateSpool.Reader reader = candidates.reader(settings.batchSize())) {
            for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                for (StoredObject object : batch) {
                    derivedLooking.candidate(object.key(), settings.normalizer().normalize(object.key()), marks);
                }
            }
        }
        DerivedLookingGuard.Finding finding = derivedLooking.finish();
        report.derivedLooking().setCount(finding.looking());
        finding.groups().stream().flatMap(g -> g.samples().stream()).forEach(report.derivedLooking()::addSample);
        return finding;
    }

    /** Writes every candidate's raw key, sorted, in the chosen format, in bounded memory. */
    private void writeOrphanList(CandidateSpool candidates, RunningReport report) throws IOException {
        long left = OrphanListWriter.write(candidates, settings.orphanList(), settings.orphanListFormat(),
                OrphanListWriter.CHUNK);
        if (left > 0) {
            report.warn(left + " orphan(s) are not in the orphan list: " + (settings.orphanListFormat() == OrphanListFormat.LINES
                    ? "their names hold a line break or another line separator (one per line cannot hold them "
                    + "safely); the nul and jsonl list formats hold them" : "their names hold a NUL character"));
        }
    }

    /**
     * Moves a batch into quarantine, as many at once as the store allows. Each move first checks the
     * lease, so a run that lost it stops moving at once; what was not attempted is journaled as such.
     * What was moved goes to {@code moved}, to be settled by the second mark. Each move is
     * conditional on the version the re-verification saw: an object rewritten since (an upload
     * under the same name) is kept in place, journaled as kept, and counted as changed.
     */
    private void quarantineBatch(String runId, List<StoredObject> verified, RunningReport report, SweepLease lease,
                                 ParallelCalls calls, List<String> keys, List<String> errors,
                                 java.util.Set<String> kept, CandidateSpool moved)
            throws IOException {
        List<ParallelCalls.Outcome<Boolean>> outcomes = calls.each(verified, object -> {
            if (!lease.held()) {
                return Boolean.FALSE;
            }
            store.quarantine(object, runId);
            return Boolean.TRUE;
        });
        for (int i = 0; i < verified.size(); i++) {
            StoredObject object = verified.get(i);
            ParallelCalls.Outcome<Boolean> outcome = outcomes.get(i);
            keys.add(object.key());
            if (outcome.error() instanceof VersionMismatchException) {
                // The store refused before moving anything: the new file stays where it is.
                log.info("kept {}: {}", object.key(), outcome.error().getMessage());
                report.keptChanged().add(object.key(), object.size());
                kept.add(object.key());
                errors.add("kept: changed since verification");
                continue;
            }
            Boolean movedAnyway = outcome.error() == null ? null : movedAnyway(object, runId);
            if (Boolean.TRUE.equals(movedAnyway)) {
                // The move happened though the call reported an error (e.g. S3 removed the original
                // but said otherwise): it is moved, and the second mark must decide about it.
                log.warn("quarantining {} reported an error ({}), but it is in quarantine: counted as moved",
                        object.key(), outcome.error().getMessage());
                moved.add(object);
                errors.add(null);
            } else if (outcome.error() != null) {
                if (movedAnyway == null) {
                    uncertainMoves++; // it may sit in quarantine undecided: this run's quarantine must stay whole
                }
                log.warn("could not quarantine {}: {}", object.key(), outcome.error().getMessage());
                report.failed().add(object.key(), object.size());
                errors.add(String.valueOf(outcome.error().getMessage()));
            } else if (Boolean.FALSE.equals(outcome.value())) {
                errors.add("not attempted: the sweep lock was lost");
            } else {
                moved.add(object);
                errors.add(null);
            }
        }
    }

    /** Whether a move that reported an error left the object in quarantine all the same; null when that cannot be told. */
    private Boolean movedAnyway(StoredObject object, String runId) {
        try {
            return store.isQuarantined(object.key(), runId);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void requireLease(SweepLease lease, long acted) throws LeaseLostException {
        if (!lease.confirm()) {
            throw new LeaseLostException("lost the sweep lock after acting on " + acted
                    + " object(s); stopped at once. The journal lists what was done");
        }
    }

    private void removeEmptyFolders(RunningReport report, List<String> folders) throws IOException {
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

    /**
     * Acts in two steps around a second complete mark. First every candidate that passes the
     * per-batch re-check is moved out of its place (into quarantine), batch by batch. Then a second
     * complete mark decides: what it names is put back at once; only what stayed unreferenced is kept
     * in quarantine or, for {@code delete}, deleted from there. A key is therefore deleted for good
     * only if it was unreferenced in a complete mark taken after it left its place.
     */
    private void act(String runId, CandidateSpool candidates, RunningReport report, SweepLease lease,
                     List<SourceFigures> firstMark)
            throws IOException, ReferenceSourceException, LeaseLostException, MoveSettler.SecondMarkFailed {
        settings.progress().phase("act");
        boolean quarantine = settings.action() == Action.QUARANTINE;
        long acted = 0;
        // Folders that lost a file, deepest first, so removing one can empty its parent for the next.
        java.util.SortedSet<String> emptiedFolders = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        try (ParallelCalls calls = new ParallelCalls(store.parallelism());
             Journal journal = Journal.open(store.state(), runId);
             CandidateSpool.Reader reader = candidates.reader(settings.batchSize());
             CandidateSpool moved = new CandidateSpool();
             CandidateSpool stayed = new CandidateSpool()) {
            Verifier verifier = new Verifier(settings.sources(), settings.normalizer(), derived, store, calls,
                    planToApply != null);
            long movedCount = 0;
            List<StoredObject> inFlight = List.of();
            MoveSettler settler = new MoveSettler(settings, runId, report);
            MoveSettler.Settled settled = null;
            try {
                for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                    requireLease(lease, acted);
                    List<StoredObject> verified = verifier.verify(batch, report);
                    if (verified.isEmpty()) {
                        continue;
                    }
                    inFlight = verified;
                    journal.intents(JournalEntry.QUARANTINE, verified);
                    List<String> keys = new ArrayList<>(verified.size());
                    List<String> errors = new ArrayList<>(verified.size());
                    java.util.Set<String> kept = new java.util.HashSet<>();
                    quarantineBatch(runId, verified, report, lease, calls, keys, errors, kept, moved);
                    journal.outcomes(JournalEntry.QUARANTINE, keys, errors, kept);
                    inFlight = List.of();
                    movedCount += errors.stream().filter(java.util.Objects::isNull).count();
                    if (!lease.held()) {
                        throw new LeaseLostException("lost the sweep lock after moving " + movedCount
                                + " object(s); stopped at once and put them back");
                    }
                    acted += verified.size();
                    settings.progress().progress("act", acted);
                }
                moved.seal();
                if (movedCount > 0) {
                    settled = settler.settle(moved, firstMark, journal, stayed);
                }
            } catch (MoveSettler.SecondMarkFailed e) {
                throw e; // it has put everything back already
            } catch (Exception e) {
                // Whatever stopped the run, nothing it moved stays out of place undecided: the
                // second mark never ran (or did not finish), so every moved file goes back.
                if (movedCount > 0 || !inFlight.isEmpty()) {
                    int back = putBackAfterFailure(settler, moved, inFlight, journal);
                    log.warn("run {} stopped after moving files; put {} back", runId, back);
                }
                throw e;
            }
            if (settled != null) {
                boolean leftInQuarantine = quarantine || !deleteFromQuarantine(runId, settled, stayed, journal, report, lease);
                if (leftInQuarantine || settings.removeEmptyFolders()) {
                    // One pass over what left its place: counted as quarantined, and its folders noted.
                    try (CandidateSpool.Reader left = stayed.reader(settings.batchSize())) {
                        for (List<StoredObject> batch = left.next(); !batch.isEmpty(); batch = left.next()) {
                            if (leftInQuarantine) {
                                batch.forEach(o -> report.quarantined().add(o.key(), o.size()));
                            }
                            emptiedFolders.addAll(parentsOf(batch.stream().map(StoredObject::key).toList()));
                        }
                    }
                }
            }
            if (settled != null && (!settled.allPutBack() || uncertainMoves > 0)) {
                // No end record: purge leaves this run alone until a person has looked (restore it).
                report.warn("run " + runId + " is left without its end record, so purge keeps it: a file the second "
                        + "mark named could not be put back, or a failed move may have left a file in quarantine "
                        + "undecided; mediagc restore " + runId + " puts them back");
                return;
            }
            journal.finish();
        }
        if (settings.removeEmptyFolders()) {
            removeEmptyFolders(report, new ArrayList<>(emptiedFolders));
            removeEmptyFolders(report, emptyFolders);
        }
        log.info("run {}: {} {} ({} bytes), {} failed, {} kept as referenced again, {} put back as re-referenced, "
                        + "{} kept as changed",
                runId, quarantine ? "quarantined" : "deleted",
                quarantine ? report.quarantined().count() : report.deleted().count(),
                quarantine ? report.quarantined().bytes() : report.deleted().bytes(),
                report.failed().count(), report.keptReferencedAgain().count(), report.reReferenced().count(),
                report.keptChanged().count());
    }

    /** Puts back what a failed run moved; never throws, so the original failure is what is reported. */
    private int putBackAfterFailure(MoveSettler settler, CandidateSpool moved, List<StoredObject> inFlight,
                                    Journal journal) {
        try {
            return settler.putBackAll(moved, inFlight, journal);
        } catch (IOException | RuntimeException e) {
            log.error("store {}: putting back what a failed run moved failed: {}; mediagc restore RUN_ID puts back "
                    + "the rest", settings.store().location(), e.getMessage(), e);
            return 0;
        }
    }

    /**
     * Deletes, from quarantine, what the second mark left there. When any re-referenced object
     * could not be put back, the run's quarantine is kept whole: nothing is deleted that a person
     * may still need to sort out by hand.
     */
    private boolean deleteFromQuarantine(String runId, MoveSettler.Settled settled, CandidateSpool stayed,
                                         Journal journal, RunningReport report, SweepLease lease)
            throws IOException, LeaseLostException {
        if (!settled.allPutBack() || uncertainMoves > 0) {
            report.warn("some re-referenced files could not be put back, or some failed moves may have landed in "
                    + "quarantine undecided, so nothing was deleted: the run's files "
                    + "stay in quarantine (mediagc restore " + runId + " / mediagc purge)");
            return false;
        }
        requireLease(lease, settled.stayed());
        // The run's quarantine holds what stayed unreferenced and the superseded old copies (their
        // key holds a new file the application wrote): purging the run deletes both.
        try (CandidateSpool.Reader going = stayed.reader(settings.batchSize())) {
            for (List<StoredObject> batch = going.next(); !batch.isEmpty(); batch = going.next()) {
                journal.intents(JournalEntry.DELETE, batch);
            }
        }
        journal.intents(JournalEntry.DELETE, settled.superseded());
        String error = null;
        try {
            store.purgeQuarantine(runId);
        } catch (IOException e) {
            error = String.valueOf(e.getMessage());
            report.warn("deleting quarantine run " + runId + " failed part way (" + e.getMessage() + "); what is left "
                    + "of it can be put back with mediagc restore " + runId);
        }
        try (CandidateSpool.Reader gone = stayed.reader(settings.batchSize())) {
            for (List<StoredObject> batch = gone.next(); !batch.isEmpty(); batch = gone.next()) {
                journalDeleted(batch, error, journal, error == null ? report.deleted() : report.failed());
            }
        }
        journalDeleted(settled.superseded(), error, journal, null);
        return true;
    }

    private static void journalDeleted(List<StoredObject> objects, String error, Journal journal,
                                       RunningTally tally) throws IOException {
        List<String> keys = new ArrayList<>(objects.size());
        List<String> errors = new ArrayList<>(objects.size());
        for (StoredObject o : objects) {
            keys.add(o.key());
            errors.add(error);
            if (tally != null) {
                tally.add(o.key(), o.size());
            }
        }
        journal.outcomes(JournalEntry.DELETE, keys, errors);
    }
}
