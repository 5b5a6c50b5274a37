package dev.mediagc.hibernate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Pending deletions held by this process only: for applications that cannot add a table, and
 * for a transaction whose outbox write failed. Lost on shutdown and crash (the next sweep finds
 * those files); bounded, so a flood of deletes cannot exhaust the heap.
 */
final class InMemoryPendingDeletions implements PendingDeletions {

    /** Past this many waiting, new ones are left to the sweep. */
    static final int LIMIT = 100_000;

    private final Map<String, Waiting> waiting = new HashMap<>();

    private record Waiting(PendingDeletion deletion, long notBefore, boolean claimed) {
    }

    /** False when full: the caller says the files are left to the sweep. */
    synchronized boolean add(Collection<PendingDeletion> deletions) {
        if (waiting.size() + deletions.size() > LIMIT) {
            return false;
        }
        deletions.forEach(d -> waiting.put(d.id(), new Waiting(d, 0, false)));
        return true;
    }

    @Override
    public synchronized List<PendingDeletion> claimDue(long releasedBefore, long now, long claimUntil, int limit) {
        List<PendingDeletion> due = new ArrayList<>();
        for (Map.Entry<String, Waiting> entry : waiting.entrySet()) {
            Waiting w = entry.getValue();
            if (due.size() < limit && !w.claimed() && w.deletion().releasedAt() <= releasedBefore && w.notBefore() <= now) {
                due.add(w.deletion());
                entry.setValue(new Waiting(w.deletion(), w.notBefore(), true));
            }
        }
        return due;
    }

    @Override
    public synchronized boolean releasedAgainAfter(String key, long releasedAt) {
        return waiting.values().stream().anyMatch(w -> w.deletion().key().equals(key) && w.deletion().releasedAt() > releasedAt);
    }

    @Override
    public synchronized void done(Collection<PendingDeletion> deletions) {
        deletions.forEach(d -> waiting.remove(d.id()));
    }

    @Override
    public synchronized void retryLater(Collection<PendingDeletion> deletions, long notBefore, String error) {
        for (PendingDeletion d : deletions) {
            PendingDeletion again = new PendingDeletion(d.id(), d.key(), d.value(), d.heldBy(), d.releasedAt(), d.attempts() + 1);
            waiting.put(d.id(), new Waiting(again, notBefore, false));
        }
    }

    @Override
    public synchronized Backlog backlog() {
        OptionalLong oldest = waiting.values().stream().mapToLong(w -> w.deletion().releasedAt()).min();
        return new Backlog(waiting.size(), oldest);
    }

    /** Drops what waits (shutdown), returning how many were dropped. */
    synchronized int clear() {
        int count = waiting.size();
        waiting.clear();
        return count;
    }
}
