package dev.mediagc.internal.guard;

import dev.mediagc.GuardRefusal;

/**
 * Caps how much one run may change, checked before its first action: a wrong database, a wrong
 * prefix or a broken normalisation shows up as "most files are orphans", and a run that acts on
 * that is the incident this guard exists to stop.
 */
public final class BlastRadius {

    private BlastRadius() {
    }

    public static void check(long candidates, long objects, SafetySettings safety) throws GuardRefusal {
        if (safety.maxActions() >= 0 && candidates > safety.maxActions()) {
            throw new GuardRefusal(String.format("%,d orphans exceed `max-delete` %,d; nothing was changed. "
                    + "Check the orphan list, then raise the cap", candidates, safety.maxActions()));
        }
        if (objects > 0 && (double) candidates / objects > safety.maxOrphanRatio()) {
            throw new GuardRefusal(String.format("%,d orphans are %.0f%% of %,d objects, over `max-orphan-ratio` %s; "
                    + "nothing was changed. A wrong database or prefix looks like this, and so do references that miss "
                    + "derived files (thumbnails, sizes, styles, variants: keep them with `derived` rules); check the "
                    + "orphan list, then raise the ratio", candidates, 100.0 * candidates / objects, objects, safety.maxOrphanRatio()));
        }
    }
}
