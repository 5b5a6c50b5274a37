package dev.mediagc;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one sweep found and did. Written as JSON with the {@code report} setting and as a
 * text summary on standard output. Immutable: the engine counts into a report of its own while the
 * run goes and hands out this snapshot when it ends, so a caller can keep, share and compare it.
 *
 * @param runId                the run's id, also the name of its quarantine run and journal
 * @param store                where the store is, as the store names itself
 * @param apply                whether the run was meant to act (false: a dry run)
 * @param action               {@code quarantine} or {@code delete}; null for a dry run
 * @param minAge               the grace period, as written in settings ({@code 24h})
 * @param startedAt            when the run started
 * @param finishedAt           when it ended
 * @param outcome              how it ended
 * @param reason               why the run was refused or failed; null when it completed
 * @param sources              what each reference source yielded, in the order they were read
 * @param references           distinct references after normalisation
 * @param objects              every object listed
 * @param referenced           listed objects a reference names
 * @param referencedLeniently  referenced objects (counted in {@code referenced} too) that no value
 *                             names in its normal form, only in a lenient spelling: a prefix spelt
 *                             otherwise, a URL query or fragment, blanks around it, mojibake. Kept;
 *                             worth a look, as the application may not find them either
 * @param orphans              orphans old enough to act on: the candidates
 * @param youngOrphans         orphans younger than the grace period: kept
 * @param excluded             unreferenced objects an exclude pattern kept
 * @param symlinks             symbolic links, skipped
 * @param otherStores          folders below the root holding another store's mediagc state,
 *                             skipped with all they hold
 * @param unreadable           entries the store could not read; whatever they hold is kept
 * @param danglingReferences   references naming a file the store lacks (broken images)
 * @param danglingReferencesBySource the same told by who names them: a row per source for those
 *                             that source alone names (zero included), then one for those several
 *                             sources name (and, past 254 sources, one for those only the later
 *                             ones name); the counts add up to {@code danglingReferences}. Empty
 *                             when the run did not list the whole store (a plan's run, one that
 *                             stopped early) and in reports saved before it existed
 * @param emptyFolders         empty folders older than the grace period (removed when the
 *                             {@code remove-empty-dirs} setting says so)
 * @param keptDerived          listed objects no reference names, kept because a derived rule's
 *                             owner of theirs is referenced
 * @param keptDerivedByRule    what each derived rule kept, by the rule's text, in the order the
 *                             rules were given: at listing (in {@code keptDerived}), at the
 *                             re-check (in {@code keptReferencedAgain}) and by the second mark (in
 *                             {@code reReferenced})
 * @param derivedLooking       candidates that look derived from referenced files (the
 *                             derived-files guard), whatever it decided
 * @param quarantined          moved into the quarantine
 * @param deleted              deleted for good
 * @param failed               objects an action failed on (a move, a delete, a put-back)
 * @param keptReferencedAgain  candidates that a reference claimed again when re-verified just
 *                             before acting
 * @param keptChanged          candidates that changed (or vanished) in the store between listing
 *                             and acting
 * @param reReferenced         moved out of place, then named by the second complete mark: put
 *                             back at once
 * @param putBackAfterFailure  moved out of place, then put back because the run failed (or its
 *                             second mark could not be trusted)
 * @param superseded           moved out of place and referenced again, but the application had
 *                             meanwhile written a new file under the same key: the new file serves
 *                             the reference, the old copy was not put back
 * @param emptyFoldersRemoved  empty folders removed after acting
 * @param secondMarkSeconds    how long the second complete mark took; null when the run moved
 *                             nothing (and took none)
 * @param warnings             what a guard would have refused had this run applied, and other
 *                             things worth a look
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SweepReport(
        String runId,
        String store,
        boolean apply,
        String action,
        String minAge,
        Instant startedAt,
        Instant finishedAt,
        Outcome outcome,
        String reason,
        List<SourceFigures> sources,
        long references,
        Tally objects,
        Tally referenced,
        Tally referencedLeniently,
        Tally orphans,
        Tally youngOrphans,
        Tally excluded,
        Tally symlinks,
        Tally otherStores,
        Tally unreadable,
        Tally danglingReferences,
        List<DanglingBySource> danglingReferencesBySource,
        Tally emptyFolders,
        Tally keptDerived,
        Map<String, Tally> keptDerivedByRule,
        Tally derivedLooking,
        Tally quarantined,
        Tally deleted,
        Tally failed,
        Tally keptReferencedAgain,
        Tally keptChanged,
        Tally reReferenced,
        Tally putBackAfterFailure,
        Tally superseded,
        long emptyFoldersRemoved,
        Double secondMarkSeconds,
        List<String> warnings) {

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

    /**
     * Copies the lists and the map, so the report stays as it was made; the map keeps its order. A
     * report saved before {@code danglingReferencesBySource} existed reads back with it empty.
     */
    public SweepReport {
        Objects.requireNonNull(runId, "runId");
        sources = List.copyOf(sources);
        danglingReferencesBySource = danglingReferencesBySource == null ? List.of() : List.copyOf(danglingReferencesBySource);
        keptDerivedByRule = Collections.unmodifiableMap(new LinkedHashMap<>(keptDerivedByRule));
        warnings = List.copyOf(warnings);
    }
}
