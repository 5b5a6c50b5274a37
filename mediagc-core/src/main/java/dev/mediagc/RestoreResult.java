package dev.mediagc;

import java.util.List;

/**
 * What putting back a quarantine run did ({@link QuarantineRuns#restore}).
 *
 * @param runId          the run put back
 * @param restored       objects moved back to their keys
 * @param alreadyInPlace objects the run meant to move that were still (or again) at their keys
 * @param failed         objects that could not be put back, each as {@code key: reason}
 * @param journalMissing the run's journal was gone (or held no moves): the list came from its
 *                       quarantine folder alone
 * @param deletedForGood objects a delete run removed, which no restore can bring back
 */
public record RestoreResult(String runId, int restored, int alreadyInPlace, List<String> failed,
                            boolean journalMissing, int deletedForGood) {

    public RestoreResult {
        failed = List.copyOf(failed);
    }
}
