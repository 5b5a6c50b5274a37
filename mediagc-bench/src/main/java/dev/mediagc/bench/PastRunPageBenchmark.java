package dev.mediagc.bench;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.internal.report.SavedReports;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The memory a past run's page takes ({@code mediagc report RUN_ID}): {@code make} writes a local
 * store whose one applied run journaled {@code N} moves (an intent and a done line each, in batches
 * of 500) with its saved report; {@code page} writes that run's page and prints the heap pools'
 * peak use. Run {@code page} under a small {@code -Xmx} to see whether it fits:
 *
 * <pre>
 * java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.PastRunPageBenchmark make /var/tmp/past-run 1000000
 * java -Xmx24m -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.PastRunPageBenchmark page /var/tmp/past-run /var/tmp/past-run.html
 * </pre>
 */
public final class PastRunPageBenchmark {

    static final String RUN = "20261120T120000Z-0a0b";
    private static final int BATCH = 500;

    private PastRunPageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        if ("make".equals(args[0])) {
            make(root, Integer.parseInt(args[2]));
            return;
        }
        long started = System.nanoTime();
        MediaGc.reports(LocalStore.at(root)).writePage(RUN, Path.of(args[2]));
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("page written in %.1f s (%,d bytes); -Xmx %d MB; heap pools' peak use (sum) %d MB%n",
                (System.nanoTime() - started) / 1e9, Files.size(Path.of(args[2])), Runtime.getRuntime().maxMemory() >> 20,
                peak >> 20);
    }

    private static void make(Path root, int moves) throws Exception {
        StateFolder state = ManagedStore.of(LocalStore.at(Files.createDirectories(root))).state();
        Instant time = Instant.parse("2026-10-01T00:00:00Z");
        RunningReport report = new RunningReport(RUN, root.toString(), true, "quarantine", "7d",
                Instant.parse("2026-11-20T12:00:00Z"));
        try (Journal journal = Journal.open(state, RUN)) {
            for (int from = 0; from < moves; from += BATCH) {
                List<StoredObject> batch = new ArrayList<>();
                List<String> keys = new ArrayList<>();
                for (int i = from; i < Math.min(moves, from + BATCH); i++) {
                    String key = BenchKeys.keyOf(i);
                    long size = 1_000 + i % 5_000;
                    batch.add(new StoredObject(key, size, time.plusSeconds(i), null));
                    keys.add(key);
                    report.orphans().add(key, size);
                    report.quarantined().add(key, size);
                }
                journal.intents(JournalEntry.QUARANTINE, batch);
                journal.outcomes(JournalEntry.QUARANTINE, keys, Arrays.asList(new String[keys.size()]));
            }
            journal.finish();
        }
        report.finish(SweepReport.Outcome.APPLIED, null, Instant.parse("2026-11-20T12:30:00Z"));
        new SavedReports(state).save(report.freeze());
    }
}
