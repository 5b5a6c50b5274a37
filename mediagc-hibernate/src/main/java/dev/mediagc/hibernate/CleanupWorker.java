package dev.mediagc.hibernate;

import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes up pending deletions once their delay has passed, in memory and in the outbox: re-checks
 * every spelling of the key against every {@code @MediaFile} column and extra reference (ignoring
 * letter case on a store that folds it), deletes what nothing holds,
 * and finishes the record. A key released again later is left to that later release, whose delay
 * covers the transactions still in flight around it. Store and database errors are retried with
 * backoff; a record is finished only after its file is gone or kept for a reason.
 */
final class CleanupWorker {

    private static final Logger log = LoggerFactory.getLogger(CleanupWorker.class);
    static final int BATCH = 100;
    /** A claim outlives any pass; a worker that died gives its records back after this. */
    static final Duration CLAIM = Duration.ofMinutes(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration LONGEST_RETRY = Duration.ofHours(1);
    /** About four hours of retries; after that the file is left to the sweep. */
    static final int MAX_ATTEMPTS = 10;

    private final MediaFileCleanup cleanup;
    private final ScheduledThreadPoolExecutor executor;

    CleanupWorker(MediaFileCleanup cleanup) {
        this.cleanup = cleanup;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mediagc-cleanup");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    private java.util.concurrent.ScheduledFuture<?> polling;

    synchronized void start(Duration pollInterval) {
        reschedule(pollInterval);
    }

    synchronized void reschedule(Duration pollInterval) {
        if (polling != null) {
            polling.cancel(false);
        }
        long millis = Math.max(1, pollInterval.toMillis());
        polling = executor.scheduleWithFixedDelay(this::passQuietly, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A pass soon, off the calling thread (after a commit, when there is no delay to wait for). */
    void nudge() {
        if (!executor.isShutdown()) {
            executor.execute(this::passQuietly);
        }
    }

    /** Runs passes on the worker thread until one finds nothing due; false if time ran out. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || executor.isShutdown()) {
                return false;
            }
            Future<Integer> pass = executor.submit(this::pass);
            try {
                if (pass.get(left, TimeUnit.NANOSECONDS) == 0) {
                    return true;
                }
            } catch (ExecutionException e) {
                return false;
            } catch (TimeoutException e) {
                pass.cancel(false);
                return false;
            }
        }
    }

    void stop(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private void passQuietly() {
        try {
            pass();
        } catch (RuntimeException e) {
            log.warn("cleanup pass failed: {}", e.toString());
        }
    }

    /** Takes up everything due now; returns how many records it finished or put off. */
    int pass() {
        long now = cleanup.now();
        long releasedBefore = now - cleanup.delay().toMillis();
        int processed = 0;
        for (PendingDeletions source : cleanup.sources()) {
            while (true) {
                List<PendingDeletion> batch;
                try {
                    batch = source.claimDue(releasedBefore, now, now + CLAIM.toMillis(), BATCH);
                } catch (Exception e) {
                    log.warn("could not read pending deletions ({}); trying again at the next pass", e.toString());
                    break;
                }
                processed += batch.size();
                settle(source, batch);
                if (batch.size() < BATCH) {
                    break;
                }
            }
        }
        return processed;
    }

    private void settle(PendingDeletions source, List<PendingDeletion> batch) {
        Map<String, List<PendingDeletion>> byKey = new LinkedHashMap<>();
        batch.forEach(d -> byKey.computeIfAbsent(d.key(), k -> new ArrayList<>()).add(d));
        for (Map.Entry<String, List<PendingDeletion>> entry : byKey.entrySet()) {
            List<PendingDeletion> records = entry.getValue();
            Outcome outcome;
            try {
                outcome = decide(entry.getKey(), records);
            } catch (RuntimeException e) {
                outcome = Outcome.retry("unexpected: " + e);
            }
            int attempts = records.stream().mapToInt(PendingDeletion::attempts).max().orElse(0) + 1;
            try {
                if (outcome.error() == null) {
                    source.done(records);
                } else if (attempts >= MAX_ATTEMPTS) {
                    log.warn("gave up on {} after {} attempts ({}); the next sweep will find it", entry.getKey(),
                            MAX_ATTEMPTS, outcome.error());
                    source.done(records);
                } else {
                    source.retryLater(records, cleanup.now() + backoff(attempts).toMillis(), outcome.error());
                }
            } catch (Exception e) {
                // The claim runs out and the record is taken up again: deleting twice is harmless.
                log.warn("could not finish the pending deletion of {} ({}); it will be taken up again", entry.getKey(),
                        e.toString());
            }
        }
    }

    static Duration backoff(int attempts) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /** Finished (error null), or to be tried again later for the reason given. */
    record Outcome(String error) {
        static final Outcome FINISHED = new Outcome(null);

        static Outcome retry(String error) {
            return new Outcome(error);
        }
    }

    private Outcome decide(String key, List<PendingDeletion> records) {
        long latest = records.stream().mapToLong(PendingDeletion::releasedAt).max().orElse(0);
        try {
            if (cleanup.releasedAgainAfter(key, latest)) {
                log.debug("{} was released again later; that release decides", key);
                return Outcome.FINISHED;
            }
        } catch (Exception e) {
            return Outcome.retry("could not read the pending deletions: " + e.getMessage());
        }
        for (PendingDeletion record : records) {
            if (cleanup.isProtected(key, record.heldBy())) {
                cleanup.kept(key, "protected");
                return Outcome.FINISHED;
            }
        }
        String holder;
        try {
            holder = cleanup.stillReferencedBy(records.stream().map(PendingDeletion::value).distinct().toList(), key);
        } catch (RuntimeException e) {
            // Cannot prove it unreferenced: keep it for now and ask again later.
            log.warn("could not check whether {} is still referenced ({}); trying again later", key, e.getMessage());
            return Outcome.retry("reference check failed: " + e.getMessage());
        }
        if (holder != null) {
            cleanup.kept(key, "still referenced by " + holder);
            return Outcome.FINISHED;
        }
        if (!cleanup.listenersAllow(key)) {
            cleanup.kept(key, "vetoed by a listener");
            return Outcome.FINISHED;
        }
        try {
            if (cleanup.quarantines()) {
                String run = dev.mediagc.internal.store.RunId.cleanupOf(java.time.Instant.ofEpochMilli(cleanup.now()));
                cleanup.store().quarantine(key, run);
                log.debug("moved {} into quarantine run {} after commit", key, run);
            } else {
                cleanup.store().delete(key);
                log.debug("deleted {} after commit", key);
            }
            cleanup.deleted(key);
            return Outcome.FINISHED;
        } catch (NoSuchFileException e) {
            // Already gone: a sweep was first, or an earlier attempt deleted it and died before finishing.
            log.debug("{} was already gone", key);
            return Outcome.FINISHED;
        } catch (Exception e) {
            log.warn("could not delete {} after commit ({}); trying again later", key, e.getMessage());
            cleanup.deleteFailed(key, e);
            return Outcome.retry(e.toString());
        }
    }
}
