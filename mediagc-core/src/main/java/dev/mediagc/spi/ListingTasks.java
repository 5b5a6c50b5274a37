package dev.mediagc.spi;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * For store authors who list in parallel: a bounded pool of daemon threads running the pieces of
 * one listing, where a piece may submit more (a folder's listing submits its subfolders), and a
 * wait for all of them that fails with the first piece's failure, so a listing with a failed part
 * never looks complete ({@link ObjectStore#list}). Closing it stops whatever still runs.
 */
public final class ListingTasks implements AutoCloseable {

    /** One piece of a listing. */
    @FunctionalInterface
    public interface Task {
        void run() throws Exception;
    }

    private final ExecutorService pool;
    private final List<Future<?>> pending = new ArrayList<>();

    /** At most {@code threads} (at least one) requests in flight, on threads named {@code threadName}. */
    public ListingTasks(int threads, String threadName) {
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code task} when a thread is free; callable from inside another task. */
    public void submit(Task task) {
        synchronized (pending) {
            pending.add(pool.submit(() -> {
                task.run();
                return null;
            }));
        }
    }

    /**
     * Waits for every task, those submitted meanwhile included. The first failure met is thrown as
     * {@code failure} turns its cause into; an interruption fails naming {@code location}.
     */
    public void awaitAll(String location, Function<Throwable, IOException> failure) throws IOException {
        for (int done = 0; ; done++) {
            Future<?> next;
            synchronized (pending) {
                if (done == pending.size()) {
                    return;
                }
                next = pending.get(done);
            }
            try {
                next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while listing " + location, e);
            } catch (ExecutionException e) {
                throw failure.apply(e.getCause());
            }
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
