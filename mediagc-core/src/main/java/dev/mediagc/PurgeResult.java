package dev.mediagc;

import java.util.List;

/**
 * What emptying old quarantine runs did ({@link QuarantineRuns#purge}).
 *
 * @param purged     runs deleted for good
 * @param unfinished old-enough runs left alone because their journal has no end record: they may
 *                   still be acting, or were cut short and may need a restore
 * @param notRuns    quarantine folders left alone because their names are not mediagc run ids
 */
public record PurgeResult(List<String> purged, List<String> unfinished, List<String> notRuns) {

    public PurgeResult {
        purged = List.copyOf(purged);
        unfinished = List.copyOf(unfinished);
        notRuns = List.copyOf(notRuns);
    }
}
