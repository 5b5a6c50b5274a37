package dev.mediagc.internal.plan;

import dev.mediagc.spi.StoredObject;
import java.time.Instant;

/**
 * One line of a plan: an object the run that made the plan would act on, as it was listed.
 *
 * @param key the store's raw key, the only name an action uses
 * @param size its size when listed
 * @param modified its time when listed, or null
 * @param version its version when listed (ETag, generation, local version), or null when the
 *     listing did not give one (a Hadoop listing): apply then compares size and time only
 * @param reason why it is a candidate: {@value #UNREFERENCED}
 */
public record PlannedCandidate(String key, long size, Instant modified, String version, String reason) {

    /** No reference names it, no rule keeps it, no exclude covers it, and it is older than the grace period. */
    public static final String UNREFERENCED = "unreferenced";

    public static PlannedCandidate of(StoredObject object, String reason) {
        return new PlannedCandidate(object.key(), object.size(), object.lastModified(), object.version(), reason);
    }

    /**
     * Whether the object as it is {@code now} is the one planned: same size, same time at the
     * precision the plan recorded it (a listing in whole seconds or milliseconds is compared at
     * that precision), and the same version when the plan has one.
     */
    public boolean sameAs(StoredObject now) {
        if (now == null || now.size() != size || modified == null || now.lastModified() == null) {
            return false;
        }
        if (!modified.equals(atPrecisionOf(modified, now.lastModified()))) {
            return false;
        }
        return version == null || version.equals(now.version());
    }

    /** {@code time} cut to the precision {@code recorded} shows: whole seconds, milliseconds or exact. */
    static Instant atPrecisionOf(Instant recorded, Instant time) {
        if (recorded.getNano() == 0) {
            return time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        }
        if (recorded.getNano() % 1_000_000 == 0) {
            return time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        }
        return time;
    }
}
