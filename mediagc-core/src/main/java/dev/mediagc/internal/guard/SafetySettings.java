package dev.mediagc.internal.guard;

import java.time.Duration;

/**
 * The guards' limits and overrides.
 *
 * @param maxOrphanRatio refuse to act when candidates exceed this share of all objects (default 0.5)
 * @param maxActions refuse to act on more than this many objects; negative for no limit
 * @param force act although the comparison with the last run looks wrong, or min-age is under 1h
 * @param rebind act although the database differs from the one the store was bound to
 * @param leaseDuration how long the sweep lock lasts without a heartbeat
 */
public record SafetySettings(double maxOrphanRatio, long maxActions, boolean force, boolean rebind,
                             Duration leaseDuration) {

    public static final double DEFAULT_MAX_ORPHAN_RATIO = 0.5;
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);
    /** A grace period shorter than this needs {@code force}: uploads can take that long to commit. */
    public static final Duration MIN_AGE_FLOOR = Duration.ofHours(1);

    public static SafetySettings defaults() {
        return new SafetySettings(DEFAULT_MAX_ORPHAN_RATIO, -1, false, false, DEFAULT_LEASE);
    }
}
