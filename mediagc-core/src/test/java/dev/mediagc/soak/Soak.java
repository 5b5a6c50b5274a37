package dev.mediagc.soak;

import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.StateFolder;
import java.io.IOException;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded soak: the application simulator's writers and one sweeper run side by side for a set
 * time (and at most a set number of events); then the writers stop, the sweep under way finishes,
 * and every file a committed row names is checked. Used by {@code SoakTest} (seconds) and by
 * {@code mediagc-bench}'s {@code SoakBenchmark} (minutes).
 */
public final class Soak {

    /**
     * How hard and how long to soak.
     *
     * @param activity            how long the writers write
     * @param writers             application threads
     * @param maxEvents           stop after this many events even if time is left
     * @param seed                the writers' random choices (timings still differ run to run)
     * @param minAge              the sweeps' grace period: short, so fresh orphans become candidates too
     * @param referencedAtStart   old files with rows before the soak starts
     * @param unreferencedAtStart old files without rows before the soak starts
     * @param batchSize           the sweeps' batch size
     */
    public record Settings(Duration activity, int writers, long maxEvents, long seed, Duration minAge,
                           int referencedAtStart, int unreferencedAtStart, int batchSize) {

        public static Settings lasting(Duration activity) {
            return new Settings(activity, 3, 2_000_000, 20261125L, Duration.ofSeconds(2), 400, 600, 100);
        }

        public Settings withWriters(int n) {
            return new Settings(activity, n, maxEvents, seed, minAge, referencedAtStart, unreferencedAtStart, batchSize);
        }

        public Settings withSeed(long s) {
            return new Settings(activity, writers, maxEvents, s, minAge, referencedAtStart, unreferencedAtStart, batchSize);
        }

        public Settings withMaxEvents(long n) {
            return new Settings(activity, writers, n, seed, minAge, referencedAtStart, unreferencedAtStart, batchSize);
        }
    }

    private Soak() {
    }

    /** Runs a soak against {@code db} (empty) with the store in {@code workDir/media}. */
    public static SoakResult run(TestDatabase db, Path workDir, Settings settings) throws Exception {
        Path media = Files.createDirectories(workDir.resolve("media"));
        // Beside the store, not in it: uploads written there and moved in, as web servers do.
        Path uploadTemp = Files.createDirectories(workDir.resolve("upload-tmp"));
        GroundTruth truth = new GroundTruth();
        ApplicationSimulator app = new ApplicationSimulator(db, media, uploadTemp, truth, settings.minAge());
        app.seed(settings.referencedAtStart(), settings.unreferencedAtStart(), new Random(settings.seed()));
        SweepLoop sweeps = new SweepLoop(db, media, settings.minAge(), settings.batchSize());

        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        long deadline = System.nanoTime() + settings.activity().toNanos();
        AtomicLong events = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        long started = System.nanoTime();

        List<Thread> writers = new ArrayList<>();
        for (int i = 0; i < settings.writers(); i++) {
            Random random = new Random(settings.seed() * 31 + i);
            writers.add(start("soak-writer-" + i, errors, () -> app.write(random,
                    () -> System.nanoTime() < deadline && events.incrementAndGet() <= settings.maxEvents())));
        }
        Thread sweeper = start("soak-sweeper", errors, () -> sweeps.run(writing::get));

        for (Thread writer : writers) {
            writer.join();
        }
        writing.set(false);
        sweeper.join();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        LossCheck.Findings findings = new LossCheck(db, media, truth, app).run();
        List<SweepReport> reports = sweeps.reports();
        return new SoakResult(elapsed, app.counts(), reports, journaled(media, reports), findings.rowsChecked(),
                findings.rowsBy(), findings.lost(), List.copyOf(errors));
    }

    /**
     * What the runs' journals record, by operation and phase ("restore done" counts files a run put
     * back): the journal is what an operator reads, so the soak reports from it too.
     */
    private static Map<String, Long> journaled(Path media, List<SweepReport> reports) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        StateFolder state = dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(media)).state();
        for (SweepReport report : reports) {
            for (JournalEntry entry : Journal.read(state, report.runId())) {
                counts.merge(entry.op() + " " + entry.phase(), 1L, Long::sum);
            }
        }
        return counts;
    }

    private interface Body {
        void run() throws Exception;
    }

    private static Thread start(String name, List<Throwable> errors, Body body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                errors.add(e);
            }
        }, name);
        thread.start();
        return thread;
    }
}
