package dev.mediagc.internal.sweep;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one store call per item with a bounded number in flight and gives the outcomes back in the
 * items' order; with a parallelism of one it simply calls them in turn.
 */
final class ParallelCalls implements Closeable {

    /** A store call that may fail with an I/O error. */
    @FunctionalInterface
    interface Call<T, R> {
        R apply(T item) throws IOException;
    }

    /** The result of one call: a value, or the error it failed with. */
    record Outcome<R>(R value, IOException error) {
    }

    private final ExecutorService pool;

    ParallelCalls(int parallelism) {
        this.pool = parallelism <= 1 ? null : Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "mediagc-store-call");
            t.setDaemon(true);
            return t;
        });
    }

    <T, R> List<Outcome<R>> each(List<T> items, Call<T, R> call) throws IOException {
        List<Outcome<R>> outcomes = new ArrayList<>(items.size());
        if (pool == null) {
            for (T item : items) {
                outcomes.add(run(call, item));
            }
            return outcomes;
        }
        List<Future<Outcome<R>>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(pool.submit(() -> run(call, item)));
        }
        for (Future<Outcome<R>> future : futures) {
            try {
                outcomes.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the store", e);
            } catch (ExecutionException e) {
                throw new IOException("a store call failed unexpectedly: " + e.getCause(), e.getCause());
            }
        }
        return outcomes;
    }

    private static <T, R> Outcome<R> run(Call<T, R> call, T item) {
        try {
            return new Outcome<>(call.apply(item), null);
        } catch (IOException e) {
            return new Outcome<>(null, e);
        } catch (RuntimeException e) {
            // An outcome like any other: the batch waits for every call and journals each one,
            // rather than leaving moves in flight that nobody records.
            return new Outcome<>(null, new IOException("unexpected error: " + e, e));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
