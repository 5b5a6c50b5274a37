package dev.mediagc.bench.cloud;

import dev.mediagc.bench.BenchKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a store with {@code BenchKeys.keyOf(0 .. n-1)} from many threads, stopping early at a time
 * limit. Keys are taken in order and every key taken is written before it returns, so what it
 * filled is always exactly the first {@code filled} keys: the same keys as in every other store.
 */
final class Filler {

    /** How many of the wanted keys went in, and how long it took. */
    record Filled(int objects, double seconds, boolean stoppedAtLimit) {

        double objectsPerSecond() {
            return objects / seconds;
        }
    }

    private static final int PROGRESS_EVERY = 10_000;

    private Filler() {
    }

    static Filled fill(BenchStore store, int wanted, int threads, double limitSeconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long started = System.nanoTime();
        long deadline = started + (long) (limitSeconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < deadline) {
                        int i = next.getAndIncrement();
                        if (i >= wanted) {
                            break;
                        }
                        store.put(BenchKeys.keyOf(i));
                        if (i > 0 && i % PROGRESS_EVERY == 0) {
                            // Where a server slows down as it fills shows in these lines.
                            System.out.printf("  %s: %,d objects after %.1f s%n", store.name(), i,
                                    (System.nanoTime() - started) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(); // a failed upload ends the benchmark, with its cause
            }
        } finally {
            pool.shutdownNow();
        }
        // An index is taken only before the time limit and then always written: keys 0 .. next-1 are in.
        int filled = Math.min(next.get(), wanted);
        return new Filled(filled, (System.nanoTime() - started) / 1e9, filled < wanted);
    }
}
