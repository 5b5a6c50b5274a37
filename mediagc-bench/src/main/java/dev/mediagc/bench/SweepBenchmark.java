package dev.mediagc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times a whole-process mediagc dry-run sweep against the floor (listing the tree with find and
 * reading the same references with psql COPY), in the same run, and checks the orphan list
 * against the generator's truth.
 *
 * <pre>
 * java -jar mediagc-bench/target/mediagc-bench.jar --files 1000000 [--runs 3] [--cold]
 *      [--work /var/tmp/mediagc-bench] [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres]
 *      [--mediagc ./mediagc] [--keep] [--apply-cost]
 * </pre>
 */
public final class SweepBenchmark {

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        BenchDataset.PgServer pg = new BenchDataset.PgServer(o.pgHost, o.pgPort, o.pgUser);
        BenchDataset data = new BenchDataset(Path.of(o.work), o.files);
        if (!data.exists() || o.regenerate) {
            System.err.printf("generating %,d files and their rows in %s ...%n", o.files, data.dir);
            data.generate(pg, o.orphanFraction, o.youngFraction);
        }
        long expected = data.expectedOrphans();
        String floorCommand = "find '" + data.media + "' -type f -printf '%P\\n' > /dev/null && psql -h " + o.pgHost
                + " -p " + o.pgPort + " -U " + o.pgUser + " -d " + data.database + " -c \"COPY ("
                + BenchDataset.REFERENCE_QUERY + ") TO STDOUT\" > /dev/null";
        Path orphanList = data.dir.resolve("orphans.txt");
        List<String> sweep = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", o.mediagc, "sweep",
                "--db", pg.jdbcUrl(data.database), "--db-user", o.pgUser,
                "--store", data.media.toString(), "--strip-prefix", "/media/",
                "--list-orphans", orphanList.toString(), "--max-orphan-ratio", "1"));
        for (String ref : BenchDataset.REFERENCES) {
            sweep.addAll(List.of("--ref", ref));
        }

        warmUpLauncher(sweep);
        double[] floors = new double[o.runs];
        double[] sweeps = new double[o.runs];
        long peakRssKb = 0;
        for (int run = 0; run < o.runs; run++) {
            dropCachesIf(o.cold);
            floors[run] = timed(List.of("bash", "-c", floorCommand));
            dropCachesIf(o.cold);
            Result r = run(sweep);
            String[] timeLine = r.lastStderrLine().trim().split(" ");
            sweeps[run] = Double.parseDouble(timeLine[0]);
            peakRssKb = Math.max(peakRssKb, Long.parseLong(timeLine[1]));
            System.err.printf("  run %d: floor %.2fs, mediagc %.2fs, RSS %d MB%n", run + 1, floors[run], sweeps[run], peakRssKb / 1024);
        }
        List<String> found = Files.readAllLines(orphanList, StandardCharsets.UTF_8);
        List<String> truth = Files.readAllLines(data.truth, StandardCharsets.UTF_8);
        boolean equal = found.equals(truth);
        double floor = median(floors);
        double mediagc = median(sweeps);
        System.out.println("| files | not orphans | cache | floor (s) | mediagc (s) | ratio | peak RSS (MB) | orphans = truth |");
        System.out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | --- |");
        System.out.printf("| %,d | %,d | %s | %.2f | %.2f | %.2f | %d | %s (%,d) |%n", o.files, o.files - expected,
                o.cold ? "cold" : "warm", floor, mediagc, mediagc / floor, peakRssKb / 1024, equal ? "yes" : "NO", truth.size());
        if (o.applyCost) {
            measureApply(o, sweep, mediagc);
        }
        if (!o.keep) {
            BenchDataset.deleteTree(data.dir);
            pg.recreateDatabase(data.database);
            try (var c = pg.connect("postgres"); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + data.database);
            }
        }
        if (!equal) {
            System.err.println("the orphan list differs from the generator's truth");
            System.exit(1);
        }
    }

    /**
     * The cost of acting: one applied quarantine run (two complete marks around the moves) timed
     * against the dry run just measured, with the second mark's own time from the report; then the
     * run is restored, so the dataset is as generated.
     */
    private static void measureApply(Options o, List<String> dryRun, double dryRunSeconds) throws Exception {
        Path report = Files.createTempFile("mediagc-bench-report-", ".json");
        List<String> apply = new ArrayList<>(dryRun);
        apply.addAll(List.of("--apply", "--action", "quarantine", "--min-age", "1s", "--force", "--rebind", "--report", report.toString()));
        Result r = run(apply);
        double applySeconds = Double.parseDouble(r.lastStderrLine().trim().split(" ")[0]);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.toFile());
        String runId = json.get("runId").asText();
        double secondMark = json.path("secondMarkSeconds").asDouble(Double.NaN);
        long moved = json.path("quarantined").path("count").asLong();
        int storeArg = dryRun.indexOf("--store") + 1;
        run(List.of(o.mediagc, "restore", runId, "--store", dryRun.get(storeArg)));
        System.out.println();
        System.out.println("| files | moved | dry run (s) | apply, quarantine (s) | of which 2nd mark (s) | 2nd mark / dry run |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
        System.out.printf("| %,d | %,d | %.2f | %.2f | %.2f | %.2f |%n", o.files, moved, dryRunSeconds, applySeconds,
                secondMark, secondMark / dryRunSeconds);
        Files.deleteIfExists(report);
    }

    /**
     * The launcher makes its start-up archive over two runs, the second starting a detached dump
     * (DESIGN.md, "The launcher"): two unmeasured sweeps, then a wait for the dump, so that every
     * measured run starts as a user's would and none shares the machine with the dump. Nothing to
     * do with {@code MEDIAGC_CDS=off} (the "before" of the start-up round).
     */
    private static void warmUpLauncher(List<String> sweep) throws IOException, InterruptedException {
        if ("off".equals(System.getenv("MEDIAGC_CDS"))) {
            return;
        }
        List<String> untimed = sweep.subList(3, sweep.size()); // without /usr/bin/time -f FORMAT
        run(untimed);
        run(untimed);
        Path cache = System.getenv("MEDIAGC_CDS_DIR") != null ? Path.of(System.getenv("MEDIAGC_CDS_DIR"))
                : System.getenv("XDG_CACHE_HOME") != null ? Path.of(System.getenv("XDG_CACHE_HOME"), "mediagc")
                : Path.of(System.getProperty("user.home"), ".cache", "mediagc");
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (Files.isDirectory(cache) && System.nanoTime() < deadline) {
            try (var files = Files.list(cache)) {
                if (files.noneMatch(f -> f.getFileName().toString().endsWith(".lock"))) {
                    return;
                }
            }
            Thread.sleep(200);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void dropCachesIf(boolean cold) throws IOException, InterruptedException {
        if (!cold) {
            return;
        }
        Path dropCaches = Path.of("/proc/sys/vm/drop_caches");
        if (!Files.isWritable(dropCaches)) {
            throw new IllegalStateException("--cold needs root (to write /proc/sys/vm/drop_caches)");
        }
        new ProcessBuilder("sync").start().waitFor();
        Files.writeString(dropCaches, "3");
    }

    static double timed(List<String> command) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Result r = run(command);
        if (r.exit != 0) {
            throw new IllegalStateException(command + " failed: " + r.stderr);
        }
        return (System.nanoTime() - started) / 1e9;
    }

    record Result(int exit, String stderr) {
        String lastStderrLine() {
            String[] lines = stderr.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Result run(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        // The generator makes old files by setting their modification time back, which sets their
        // ctime to now: ages must count from the modification time, as in the test suites.
        builder.environment().put(dev.mediagc.internal.store.LocalStore.MTIME_ONLY_FOR_TESTS_ENV, "true");
        Process p = builder.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + exit + ": " + err);
        }
        return new Result(exit, err);
    }

    private static final class Options {
        int files = 100_000;
        int runs = 3;
        boolean cold;
        boolean keep;
        boolean regenerate;
        boolean applyCost;
        double orphanFraction = 0.2;
        double youngFraction = 0.01;
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
                    case "--cold" -> o.cold = true;
                    case "--keep" -> o.keep = true;
                    case "--regenerate" -> o.regenerate = true;
                    case "--apply-cost" -> o.applyCost = true;
                    case "--orphan-fraction" -> o.orphanFraction = Double.parseDouble(args[++i]);
                    case "--young-fraction" -> o.youngFraction = Double.parseDouble(args[++i]);
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
