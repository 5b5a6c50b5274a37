package dev.mediagc.hibernate;

import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where pending deletions wait: the application's database (the outbox) or this process's memory.
 * A deletion is taken up at least once; a worker that dies holding one gives it back when its
 * claim runs out. Deleting a file twice is harmless: the second finds it gone.
 */
interface PendingDeletions {

    /**
     * Claims up to {@code limit} deletions released at or before {@code releasedBefore} and not
     * waiting for a retry, so that no other worker takes them up until {@code claimUntil}.
     */
    List<PendingDeletion> claimDue(long releasedBefore, long now, long claimUntil, int limit) throws Exception;

    /** Whether {@code key} was released again after {@code releasedAt}: that later release decides. */
    boolean releasedAgainAfter(String key, long releasedAt) throws Exception;

    /** Finished: deleted, found gone, kept for a reason, or superseded. */
    void done(Collection<PendingDeletion> deletions) throws Exception;

    /** Failed for now: taken up again, by any worker, at {@code notBefore}. */
    void retryLater(Collection<PendingDeletion> deletions, long notBefore, String error) throws Exception;

    /** How many wait, and since when the oldest. */
    Backlog backlog() throws Exception;

    record Backlog(long count, OptionalLong oldestReleasedAt) {
        static final Backlog EMPTY = new Backlog(0, OptionalLong.empty());

        Backlog plus(Backlog other) {
            OptionalLong oldest = oldestReleasedAt;
            if (other.oldestReleasedAt.isPresent()
                    && (oldest.isEmpty() || other.oldestReleasedAt.getAsLong() < oldest.getAsLong())) {
                oldest = other.oldestReleasedAt;
            }
            return new Backlog(count + other.count, oldest);
        }
    }
}
