package dev.mediagc.bench;

import dev.mediagc.ColumnFinding;
import dev.mediagc.MediaGc;
import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.internal.discover.StoredKeys;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.store.LocalStore;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Issue 12's bounded cost: {@code mediagc discover} on the 1M-file benchmark dataset with a few
 * hundred text columns ({@link DiscoverDataset}) must finish in under a minute and read at most
 * {@code --sample-rows} values per column, and must propose exactly the file columns.
 *
 * <p>In the same run, for context: listing the store alone (in process, the way discover lists
 * it), {@code find} over the tree, and a dry-run sweep of discover's own proposal, whose orphan
 * list must equal the generator's truth. Discover runs twice: in process through
 * {@link MediaGc#discover}, with PostgreSQL's per-table tuple counters read around it (rows the
 * server actually read), and as the whole {@code mediagc discover} process under
 * {@code /usr/bin/time} (wall time, peak RSS).
 *
 * <pre>
 * java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.DiscoverBenchmark --files 1000000
 *      [--runs 3] [--sample-rows 1000] [--work /var/tmp/mediagc-bench] [--pg-host 127.0.0.1]
 *      [--pg-port 5432] [--pg-user postgres] [--mediagc ./mediagc] [--regenerate]
 * </pre>
 * The dataset and its database are kept for the next run (and for {@link SweepBenchmark}'s
 * {@code --keep}); the added tables do not change what the sweep benchmark reads.
 */
public final class DiscoverBenchmark {

    private static final double TARGET_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        BenchDataset.PgServer pg = new BenchDataset.PgServer(o.pgHost, o.pgPort, o.pgUser);
        BenchDataset data = new BenchDataset(Path.of(o.work), o.files);
        if (!data.exists() || o.regenerate) {
            System.err.printf("generating %,d files and their rows in %s ...%n", o.files, data.dir);
            data.generate(pg, 0.2, 0.01);
        }
        DiscoverDataset extras = new DiscoverDataset(data);
        if (!extras.exists() || o.regenerate) {
            System.err.printf("adding %d tables of %d text columns to %s ...%n", DiscoverDataset.TABLES,
                    DiscoverDataset.TEXT_COLUMNS_PER_TABLE, data.database);
            extras.generate(pg);
        }

        InProcess inProcess = inProcess(o, pg, data);
        System.err.printf("  in process: listing %.2fs, discover %.2fs, peak heap %d MB, server read %,d tuples%n",
                inProcess.listSeconds, inProcess.discoverSeconds, inProcess.peakHeapMb, inProcess.tuplesRead);

        Path proposal = data.dir.resolve("discovered.yml");
        Path orphanList = data.dir.resolve("discovered-orphans.txt");
        List<String> discover = List.of("/usr/bin/time", "-f", "%e %M %U %S", o.mediagc, "discover",
                "--db", pg.jdbcUrl(data.database), "--db-user", o.pgUser, "--store", data.media.toString(),
                "--sample-rows", Integer.toString(o.sampleRows), "--out", proposal.toString());
        List<String> sweep = List.of("/usr/bin/time", "-f", "%e %M %U %S", o.mediagc, "sweep", "--config", proposal.toString(),
                "--list-orphans", orphanList.toString(), "--max-orphan-ratio", "1");
        String floor = "find '" + data.media + "' -type f -printf '%P\\n' > /dev/null";
        double[] floors = new double[o.runs];
        double[] discovers = new double[o.runs];
        double[] sweeps = new double[o.runs];
        // CPU seconds (user + system) as well: on a shared machine they vary far less than wall time.
        double[] discoverCpu = new double[o.runs];
        double[] sweepCpu = new double[o.runs];
        long discoverRssKb = 0;
        long sweepRssKb = 0;
        for (int run = 0; run < o.runs; run++) {
            floors[run] = SweepBenchmark.timed(List.of("bash", "-c", floor)).timing().wall();
            Files.deleteIfExists(proposal); // discover never overwrites a config
            String[] d = SweepBenchmark.run(discover).lastStderrLine().trim().split(" ");
            discovers[run] = Double.parseDouble(d[0]);
            discoverRssKb = Math.max(discoverRssKb, Long.parseLong(d[1]));
            discoverCpu[run] = Double.parseDouble(d[2]) + Double.parseDouble(d[3]);
            String[] s = SweepBenchmark.run(sweep).lastStderrLine().trim().split(" ");
            sweeps[run] = Double.parseDouble(s[0]);
            sweepRssKb = Math.max(sweepRssKb, Long.parseLong(s[1]));
            sweepCpu[run] = Double.parseDouble(s[2]) + Double.parseDouble(s[3]);
            System.err.printf("  run %d: find %.2fs, mediagc discover %.2fs (CPU %.2fs), mediagc sweep of the proposal "
                    + "%.2fs (CPU %.2fs)%n", run + 1, floors[run], discovers[run], discoverCpu[run], sweeps[run], sweepCpu[run]);
        }

        Verdict verdict = verdict(o, inProcess.result, orphanList, data);
        double discoverSeconds = SweepBenchmark.median(discovers);
        double sweepSeconds = SweepBenchmark.median(sweeps);
        double findSeconds = SweepBenchmark.median(floors);
        int textColumns = inProcess.result.findings().size();
        System.out.println("| files | text columns | sample rows | discover (process) | peak RSS | list store (in process) "
                + "| discover (in process) | discover / listing | find | discover / find | sweep of the proposal (dry run) "
                + "| discover / sweep |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        System.out.printf(Locale.ROOT, "| %,d | %d | %,d | %.2f s | %d MB | %.2f s | %.2f s | %.2f× | %.2f s | %.1f× | %.2f s (%d MB) | %.2f× |%n",
                o.files, textColumns, o.sampleRows, discoverSeconds, discoverRssKb / 1024, inProcess.listSeconds,
                inProcess.discoverSeconds, inProcess.discoverSeconds / inProcess.listSeconds, findSeconds,
                discoverSeconds / findSeconds, sweepSeconds, sweepRssKb / 1024, discoverSeconds / sweepSeconds);
        System.out.println();
        System.out.printf(Locale.ROOT, "values read per column: at most %d (--sample-rows %d); rows the server read: %,d, "
                        + "%.2f%% of the %,d a full read of every text column touches; busiest table: %s%n",
                verdict.maxSampled, o.sampleRows, inProcess.tuplesRead, 100.0 * inProcess.tuplesRead / inProcess.fullScanRows,
                inProcess.fullScanRows, inProcess.busiestTable);
        System.out.printf(Locale.ROOT, "CPU (user + system, median): discover %.2f s, sweep of the proposal %.2f s, "
                + "discover / sweep %.2f×%n", SweepBenchmark.median(discoverCpu), SweepBenchmark.median(sweepCpu),
                SweepBenchmark.median(discoverCpu) / SweepBenchmark.median(sweepCpu));
        System.out.printf(Locale.ROOT, "peak heap in process: %d MB; under a minute: %s%n", inProcess.peakHeapMb,
                discoverSeconds < TARGET_SECONDS ? "yes" : "NO");
        verdict.lines.forEach(System.out::println);
        boolean ok = verdict.ok && discoverSeconds < TARGET_SECONDS;
        System.out.println("verdict: " + (ok ? "PASS" : "FAIL"));
        if (!ok) {
            System.exit(1);
        }
    }

    private record InProcess(ColumnDiscovery.Result result, double listSeconds, double discoverSeconds, long peakHeapMb,
            long tuplesRead, long fullScanRows, String busiestTable) {
    }

    /**
     * Lists the store alone, then discovers through the Java API, reading PostgreSQL's tuple
     * counters before and after: the rows the server read for the samples, whatever LIMIT says.
     */
    private static InProcess inProcess(Options o, BenchDataset.PgServer pg, BenchDataset data) throws Exception {
        JdbcUrlDataSource dataSource = new JdbcUrlDataSource(pg.jdbcUrl(data.database), o.pgUser, null);
        try (LocalStore store = LocalStore.at(data.media)) {
            long started = System.nanoTime();
            StoredKeys listed = StoredKeys.list(store, KeyNormalizer.of(List.of(), false), ColumnDiscovery.DEFAULT_KEY_CAP);
            double listSeconds = (System.nanoTime() - started) / 1e9;
            System.err.printf("  listed %,d objects%n", listed.listed());
            listed = null;
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);

            Map<String, long[]> before = tupleCounters(pg, data.database);
            started = System.nanoTime();
            ColumnDiscovery.Result result = new ColumnDiscovery(dataSource, store).sampleRows(o.sampleRows).run();
            double discoverSeconds = (System.nanoTime() - started) / 1e9;
            long peakHeap = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            Thread.sleep(1500); // the discovering backend reports its counters when it ends
            Map<String, long[]> after = tupleCounters(pg, data.database);

            Map<String, Integer> columnsPerTable = new HashMap<>();
            result.findings().forEach(f -> columnsPerTable.merge(f.table(), 1, Integer::sum));
            long read = 0;
            long fullScan = 0;
            String busiest = "";
            double busiestPerColumn = -1;
            for (Map.Entry<String, Integer> table : columnsPerTable.entrySet()) {
                long[] end = after.get(table.getKey());
                long[] start = before.get(table.getKey());
                long tableRead = end[0] - start[0];
                read += tableRead;
                fullScan += end[1] * table.getValue();
                double perColumn = (double) tableRead / table.getValue();
                if (perColumn > busiestPerColumn) {
                    busiestPerColumn = perColumn;
                    busiest = String.format(Locale.ROOT, "%s, %,d rows read for %d text columns of %,d rows", table.getKey(),
                            tableRead, table.getValue(), end[1]);
                }
            }
            return new InProcess(result, listSeconds, discoverSeconds, peakHeap / (1024 * 1024), read, fullScan, busiest);
        }
    }

    /** Per table: tuples read so far (sequential and by index), and live rows. */
    private static Map<String, long[]> tupleCounters(BenchDataset.PgServer pg, String database) throws Exception {
        Map<String, long[]> counters = new HashMap<>();
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0), "
                     + "n_live_tup FROM pg_stat_user_tables WHERE schemaname = 'public'")) {
            while (rows.next()) {
                counters.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
        }
        return counters;
    }

    private record Verdict(boolean ok, int maxSampled, List<String> lines) {
    }

    private static Verdict verdict(Options o, ColumnDiscovery.Result result, Path orphanList, BenchDataset data)
            throws Exception {
        List<String> lines = new ArrayList<>();
        Set<String> proposed = new TreeSet<>();
        result.proposed().forEach(f -> proposed.add(name(f)));
        Set<String> expected = new TreeSet<>(DiscoverDataset.fileColumns());
        boolean columns = proposed.equals(expected);
        lines.add("proposed columns = the dataset's file columns: " + (columns ? "yes" : "NO") + " " + proposed
                + (columns ? "" : ", expected " + expected));
        boolean weak = result.weak().stream().map(DiscoverBenchmark::name).anyMatch(DiscoverDataset.weakColumn()::equals);
        lines.add("the 2% column reported as weak: " + (weak ? "yes" : "NO") + " (weak: "
                + result.weak().stream().map(f -> name(f) + " " + Math.round(f.hitRatio() * 1000) / 10.0 + "%").toList() + ")");
        Set<String> prefixes = new TreeSet<>(result.prefixes());
        boolean prefixesRight = prefixes.equals(Set.of("/media/", "https://cdn.example.com/media/"));
        lines.add("prefixes: " + prefixes + (prefixesRight ? "" : " (expected /media/ and https://cdn.example.com/media/)"));
        int maxSampled = result.findings().stream().mapToInt(ColumnFinding::sampled).max().orElse(0);
        boolean bounded = maxSampled <= o.sampleRows;
        List<String> found = Files.readAllLines(orphanList, StandardCharsets.UTF_8);
        List<String> truth = Files.readAllLines(data.truth, StandardCharsets.UTF_8);
        boolean orphans = found.equals(truth);
        lines.add(String.format(Locale.ROOT, "the proposal, swept (dry run), lists the true orphans: %s (%,d listed, %,d true)",
                orphans ? "yes" : "NO", found.size(), truth.size()));
        if (!result.unreadable().isEmpty()) {
            lines.add("unreadable: " + result.unreadable());
        }
        return new Verdict(columns && weak && prefixesRight && bounded && orphans && result.unreadable().isEmpty(),
                maxSampled, lines);
    }

    private static String name(ColumnFinding finding) {
        return (finding.table() + "." + finding.column()).toLowerCase(Locale.ROOT);
    }

    private static final class Options {
        int files = 1_000_000;
        int runs = 3;
        int sampleRows = ColumnDiscovery.DEFAULT_SAMPLE_ROWS;
        boolean regenerate;
        String work = "/var/tmp/mediagc-bench";
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgUser = "postgres";
        String mediagc = "./mediagc";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--files" -> o.files = Integer.parseInt(args[++i].replace("_", ""));
                    case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                    case "--sample-rows" -> o.sampleRows = Integer.parseInt(args[++i]);
                    case "--regenerate" -> o.regenerate = true;
                    case "--work" -> o.work = args[++i];
                    case "--pg-host" -> o.pgHost = args[++i];
                    case "--pg-port" -> o.pgPort = Integer.parseInt(args[++i]);
                    case "--pg-user" -> o.pgUser = args[++i];
                    case "--mediagc" -> o.mediagc = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + a + "; see the class comment or README");
                }
            }
            return o;
        }
    }
}
