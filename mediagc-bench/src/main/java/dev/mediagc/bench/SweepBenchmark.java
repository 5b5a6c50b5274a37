package dev.mediagc.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times, pair by pair in the same run, the floor (listing the tree with find and reading the same
 * references with psql COPY), a whole-process mediagc dry-run sweep and the naive four-step sweep
 * in Python (references into a set, files into a set, the difference, sorted into a file), each
 * under {@code /usr/bin/time} for its wall time, CPU time and peak RSS; checks both orphan lists
 * against the generator's truth.
 *
 * <pre>
 * java -jar mediagc-bench/target/mediagc-bench.jar --files 1000000 [--runs 3] [--cold]
 *      [--work /var/tmp/mediagc-bench] [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres]
 *      [--mediagc ./mediagc] [--python /usr/bin/python3] [--keep] [--apply-cost]
 * </pre>
 */
public final class SweepBenchmark {

    /** Wall seconds, user seconds, system seconds, peak RSS in KB: parsed from the last stderr line. */
    static final String TIME_FORMAT = "%e %U %S %M";
    /** mediagc's default grace period (--min-age 24h): the Python sweep keeps younger files too. */
    static final long MIN_AGE_SECONDS = 24 * 3600;

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
        List<String> sweep = new ArrayList<>(List.of(o.mediagc, "sweep",
                "--db", pg.jdbcUrl(data.database), "--db-user", o.pgUser,
                "--store", data.media.toString(), "--strip-prefix", "/media/",
                "--list-orphans", orphanList.toString(), "--max-orphan-ratio", "1"));
        for (String ref : BenchDataset.REFERENCES) {
            sweep.addAll(List.of("--ref", ref));
        }
        Path pythonOrphanList = data.dir.resolve("python-orphans.txt");
        List<String> python = PythonSweep.command(o.python, Path.of(o.work), o.pgHost, o.pgPort, o.pgUser,
                data.database, data.media, pythonOrphanList, MIN_AGE_SECONDS);
        String pythonVariant = null;

        warmUpLauncher(sweep);
        Timing[] floors = new Timing[o.runs];
        Timing[] sweeps = new Timing[o.runs];
        Timing[] pythons = new Timing[o.runs];
        for (int run = 0; run < o.runs; run++) {
            // The arms alternate within each run, so that the machine's noise falls on all of them.
            dropCachesIf(o.cold);
            floors[run] = timed(List.of("bash", "-c", floorCommand)).timing();
            dropCachesIf(o.cold);
            sweeps[run] = timed(sweep).timing();
            String pythonNote = "";
            if (python != null) {
                dropCachesIf(o.cold);
                Result r = timed(python);
                pythons[run] = r.timing();
                pythonVariant = PythonSweep.variant(r.stderr);
                pythonNote = String.format(", python %.2fs (CPU %.2fs)", pythons[run].wall(), pythons[run].cpu());
            }
            System.err.printf("  run %d: floor %.2fs (CPU %.2fs), mediagc %.2fs (CPU %.2fs, RSS %d MB)%s%n", run + 1,
                    floors[run].wall(), floors[run].cpu(), sweeps[run].wall(), sweeps[run].cpu(),
                    sweeps[run].rssKb() / 1024, pythonNote);
        }
        List<String> truth = Files.readAllLines(data.truth, StandardCharsets.UTF_8);
        boolean equal = Files.readAllLines(orphanList, StandardCharsets.UTF_8).equals(truth);
        Boolean pythonEqual = python == null ? null
                : Files.readAllLines(pythonOrphanList, StandardCharsets.UTF_8).equals(truth);
        if (pythonVariant != null) {
            System.out.println("Python arm: " + pythonVariant);
        }
        printTable(o, expected, truth.size(), floors, sweeps, python == null ? null : pythons, equal, pythonEqual);
        if (o.applyCost) {
            measureApply(o, sweep, median(walls(sweeps)));
        }
        if (!o.keep) {
            BenchDataset.deleteTree(data.dir);
            pg.recreateDatabase(data.database);
            try (var c = pg.connect("postgres"); var s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + data.database);
            }
        }
        if (!equal || Boolean.FALSE.equals(pythonEqual)) {
            System.err.println("an orphan list differs from the generator's truth (mediagc " + (equal ? "equal" : "DIFFERS")
                    + ", python " + (Boolean.FALSE.equals(pythonEqual) ? "DIFFERS" : "equal") + ")");
            System.exit(1);
        }
    }

    /**
     * Each ratio twice: the ratio of the medians, and in parentheses the median of the per-run
     * ratios (the arms of one run shared the machine's state, so the latter is the less noisy).
     */
    private static void printTable(Options o, long expected, int orphans, Timing[] floors, Timing[] sweeps,
            Timing[] pythons, boolean equal, Boolean pythonEqual) {
        System.out.println("| files | not orphans | cache | floor wall (s) | floor CPU (s) | mediagc wall (s) | mediagc CPU (s) "
                + "| mediagc RSS (MB) | python wall (s) | python CPU (s) | python RSS (MB) | mediagc/floor wall "
                + "| mediagc/floor CPU | python/mediagc wall | orphans = truth |");
        System.out.println("| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        String pythonCells = pythons == null ? "skipped | skipped | skipped"
                : String.format("%.2f | %.2f | %d", median(walls(pythons)), median(cpus(pythons)), maxRssKb(pythons) / 1024);
        String pythonRatio = pythons == null ? "n/a" : ratios(walls(pythons), walls(sweeps));
        String pythonTruth = pythonEqual == null ? "" : ", python " + (pythonEqual ? "yes" : "NO");
        System.out.printf("| %,d | %,d | %s | %.2f | %.2f | %.2f | %.2f | %d | %s | %s | %s | %s | mediagc %s%s (%,d) |%n",
                o.files, o.files - expected, o.cold ? "cold" : "warm",
                median(walls(floors)), median(cpus(floors)), median(walls(sweeps)), median(cpus(sweeps)),
                maxRssKb(sweeps) / 1024, pythonCells,
                ratios(walls(sweeps), walls(floors)), ratios(cpus(sweeps), cpus(floors)), pythonRatio,
                equal ? "yes" : "NO", pythonTruth, orphans);
        System.out.printf("%nmedians of %d runs; each ratio is median(a)/median(b) (median of the per-run a/b); "
                + "CPU = user + sys of the whole process tree%n", o.runs);
    }

    /** "ratio of medians (median of per-run ratios)". */
    static String ratios(double[] numerators, double[] denominators) {
        double[] perRun = new double[numerators.length];
        for (int i = 0; i < perRun.length; i++) {
            perRun[i] = numerators[i] / denominators[i];
        }
        return String.format("%.2f (%.2f)", median(numerators) / median(denominators), median(perRun));
    }

    static double[] walls(Timing[] timings) {
        return Arrays.stream(timings).mapToDouble(Timing::wall).toArray();
    }

    static double[] cpus(Timing[] timings) {
        return Arrays.stream(timings).mapToDouble(Timing::cpu).toArray();
    }

    static long maxRssKb(Timing[] timings) {
        return Arrays.stream(timings).mapToLong(Timing::rssKb).max().orElse(0);
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
        double applySeconds = timed(apply).timing().wall();
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
        run(sweep);
        run(sweep);
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

    /** Runs a command under {@code /usr/bin/time}, which counts the CPU of every process it waited for. */
    static Result timed(List<String> command) throws IOException, InterruptedException {
        List<String> timedCommand = new ArrayList<>(List.of("/usr/bin/time", "-f", TIME_FORMAT));
        timedCommand.addAll(command);
        return run(timedCommand);
    }

    /** One arm's measurement; CPU is user + system time. */
    record Timing(double wall, double user, double sys, long rssKb) {
        double cpu() {
            return user + sys;
        }
    }

    record Result(int exit, String stderr) {
        String lastStderrLine() {
            String[] lines = stderr.strip().split("\n");
            return lines[lines.length - 1];
        }

        /** The last stderr line, as {@link #TIME_FORMAT} wrote it. */
        Timing timing() {
            String[] fields = lastStderrLine().trim().split(" ");
            return new Timing(Double.parseDouble(fields[0]), Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                    Long.parseLong(fields[3]));
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
        /** null: the first of /usr/bin/python3 and python3 on the PATH that imports psycopg2. */
        String python;

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
                    case "--python" -> o.python = args[++i];
                    default -> throw new IllegalArgumentException("unknown option " + a + "; see the class comment or README");
                }
            }
            return o;
        }
    }
}
