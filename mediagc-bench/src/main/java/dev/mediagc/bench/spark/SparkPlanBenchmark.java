package dev.mediagc.bench.spark;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.plan.PlanReader;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.store.LocalStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.postgresql.PGConnection;

/**
 * The Spark job against the one-machine plan on the same data, in Spark local mode on this machine:
 * N objects in a local folder ({@code AA/BB/obj-i.jpg}, 256 top-level folders), N references in
 * PostgreSQL (80% naming a file, a third of those behind {@code /media/}, 20% naming no stored
 * file), so a fifth of the objects are orphans. Each side runs as its own process under
 * {@code /usr/bin/time} (wall time, user and system CPU, peak RSS); the two plans are then compared
 * candidate by candidate. The files are empty (inodes only) and made by {@code --threads} threads, a
 * leaf folder at a time; the data stay for the next run (a {@code complete} marker) unless
 * {@code --remove}, which deletes the work folder (in parallel) and drops the database at the end:
 * 10M files take 10M inodes.
 *
 * <pre>
 * java -cp "mediagc-bench/target/mediagc-bench.jar:$(cat mediagc-bench/target/spark-classpath.txt)" \
 *     dev.mediagc.bench.spark.SparkPlanBenchmark --objects 10000000 [--work /var/tmp/mediagc-spark-bench] \
 *     [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres] [--driver-memory 8g] [--partitions 16] \
 *     [--runs 1] [--threads 4] [--remove]
 * </pre>
 */
public final class SparkPlanBenchmark {

    private SparkPlanBenchmark() {
    }

    private static final class Options {
        int objects = 1_000_000;
        String work = "/var/tmp/mediagc-spark-bench";
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgUser = "postgres";
        String driverMemory = "8g";
        int partitions = 16;
        int runs = 1;
        int threads = 4;
        boolean remove;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--one-machine")) {
            oneMachine(args[1], Path.of(args[2]), Path.of(args[3]));
            return;
        }
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--objects" -> o.objects = Integer.parseInt(args[++i]);
                case "--work" -> o.work = args[++i];
                case "--pg-host" -> o.pgHost = args[++i];
                case "--pg-port" -> o.pgPort = Integer.parseInt(args[++i]);
                case "--pg-user" -> o.pgUser = args[++i];
                case "--driver-memory" -> o.driverMemory = args[++i];
                case "--partitions" -> o.partitions = Integer.parseInt(args[++i]);
                case "--runs" -> o.runs = Integer.parseInt(args[++i]);
                case "--threads" -> o.threads = Integer.parseInt(args[++i]);
                case "--remove" -> o.remove = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Path.of(o.work).resolve("spark-" + o.objects);
        Path media = dir.resolve("media");
        String database = "mediagc_spark_bench_" + o.objects;
        String url = "jdbc:postgresql://" + o.pgHost + ":" + o.pgPort + "/" + database + "?user=" + o.pgUser;
        try {
            if (!Files.exists(dir.resolve("complete"))) {
                generate(o, dir, media, database, url);
            }
            for (int run = 1; run <= o.runs; run++) {
                run(o, run, dir, media, url);
            }
        } finally {
            if (o.remove) {
                remove(o, dir, database);
            }
        }
    }

    private static void run(Options o, int run, Path dir, Path media, String url) throws Exception {
        Path sweepPlan = dir.resolve("sweep-plan.jsonl.gz");
        Path sparkPlan = dir.resolve("spark-plan.jsonl.gz");
        Files.deleteIfExists(sweepPlan);
        Files.deleteIfExists(sparkPlan);
        String classpath = System.getProperty("java.class.path");

        String before = load();
        Measured sweep = measure(List.of("java", "-Xmx" + o.driverMemory, "-cp", classpath,
                SparkPlanBenchmark.class.getName(), "--one-machine", url, media.toString(), sweepPlan.toString()));
        List<String> spark = new ArrayList<>(List.of("java", "-Xmx" + o.driverMemory,
                "-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dspark.sql.shuffle.partitions=" + o.partitions,
                "-Dspark.driver.host=127.0.0.1", "-Dspark.driver.bindAddress=127.0.0.1",
                "-Dspark.local.dir=" + dir.resolve("spark-tmp"), "-Dorg.slf4j.simpleLogger.log.org.apache=warn"));
        spark.addAll(ADD_OPENS);
        spark.addAll(List.of("-cp", classpath, "dev.mediagc.spark.SparkPlanJob",
                "--db", url, "--ref", "refs.file", "--partition-column", "id", "--partitions", Integer.toString(o.partitions),
                "--store", media.toUri().toString(), "--strip-prefix", "/media/", "--age-from-mtime",
                "--plan", sparkPlan.toString()));
        Measured job = measure(spark);
        String after = load();

        long[] compared = compare(sweepPlan, sparkPlan);
        System.out.printf("run %d: objects %,d, references %,d; load average before %s, after %s%n", run, o.objects,
                o.objects, before, after);
        System.out.printf("one machine (sweep --plan): %s%n", sweep);
        System.out.printf("spark local[2]            : %s%n", job);
        System.out.printf("plans equal: %s (%,d candidates%s)%n", compared[1] == 0 ? "yes" : "NO", compared[0],
                compared[1] == 0 ? "" : ", first difference at candidate " + compared[1]);
    }

    /** The 1-, 5- and 15-minute load averages: the machine is shared. */
    private static String load() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** The JVM flags spark-submit's launcher passes on Java 17. */
    static final List<String> ADD_OPENS = List.of(
            "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED", "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED", "-Djdk.reflect.useDirectMethodHandle=false",
            "-Dio.netty.tryReflectionSetAccessible=true");

    private record Measured(double seconds, double user, double system, long peakKb) {
        @Override
        public String toString() {
            return String.format("%.1f s wall, %.1f s user + %.1f s sys CPU, peak RSS %d MB", seconds, user, system,
                    peakKb / 1024);
        }
    }

    /** Runs a process under {@code /usr/bin/time}; its output goes to this one's. */
    private static Measured measure(List<String> command) throws IOException, InterruptedException {
        Path times = Files.createTempFile("mediagc-time-", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", times.toString()));
        timed.addAll(command);
        Process process = new ProcessBuilder(timed).inheritIO().start();
        int status = process.waitFor();
        String[] measured = Files.readString(times).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        Files.delete(times);
        if (status != 0) {
            throw new IllegalStateException("exit " + status + ": " + String.join(" ", command.subList(0, 3)) + " ...");
        }
        return new Measured(Double.parseDouble(measured[0]), Double.parseDouble(measured[1]),
                Double.parseDouble(measured[2]), Long.parseLong(measured[3]));
    }

    /** The one-machine side: a dry run writing its plan, as {@code mediagc sweep --plan} does. */
    private static void oneMachine(String url, Path media, Path plan) {
        SweepReport report = MediaGc.configure()
                .dataSource(new JdbcUrlDataSource(url, null, null))
                .reference("refs.file")
                .store(LocalStore.at(media).agingByModificationTimeOnly())
                .stripPrefix("/media/")
                .load()
                .plan(plan);
        if (report.outcome() != SweepReport.Outcome.DRY_RUN) {
            throw new IllegalStateException("the one-machine plan failed: " + report.reason());
        }
    }

    /** Candidates read and the first index (1-based) at which the plans differ, 0 when equal. */
    private static long[] compare(Path a, Path b) throws IOException {
        try (PlanReader left = PlanReader.open(a); PlanReader right = PlanReader.open(b)) {
            long n = 0;
            while (true) {
                PlannedCandidate x = left.next();
                PlannedCandidate y = right.next();
                if (x == null && y == null) {
                    return new long[] {n, 0};
                }
                n++;
                if (!Objects.equals(x, y)) {
                    return new long[] {n, n};
                }
            }
        }
    }

    private static void generate(Options o, Path dir, Path media, String database, String url) throws Exception {
        long started = System.nanoTime();
        Files.createDirectories(media);
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        // Inodes only: 10M files of a byte would take 40 GB of blocks. A task per leaf folder: file i
        // is in leaf (i & 0xffff), so leaf j holds j, j + 65536, j + 2 * 65536, ...
        int leaves = Math.min(o.objects, 65536);
        ExecutorService pool = Executors.newFixedThreadPool(o.threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int leaf = 0; leaf < leaves; leaf++) {
                int j = leaf;
                tasks.add(pool.submit(() -> {
                    Files.createDirectories(media.resolve(key(j)).getParent());
                    for (long i = j; i < o.objects; i += 65536) {
                        Path file = media.resolve(key((int) i));
                        Files.createFile(file);
                        Files.setLastModifiedTime(file, old);
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("wrote %,d files in %.0f s%n", o.objects, (System.nanoTime() - started) / 1e9);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + o.pgHost + ":" + o.pgPort
                + "/postgres?user=" + o.pgUser); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
            s.execute("CREATE DATABASE " + database);
        }
        Path rows = dir.resolve("refs.tsv");
        try (BufferedWriter out = Files.newBufferedWriter(rows)) {
            long id = 0;
            for (int i = 0; i < o.objects; i++) {
                if (i % 5 != 0) {
                    out.write(++id + "\t" + (i % 3 == 0 ? "/media/" : "") + key(i) + "\n");
                }
            }
            for (int i = 0; i < o.objects / 5; i++) {
                out.write(++id + "\tmissing/obj-" + i + ".jpg\n");
            }
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             Reader in = Files.newBufferedReader(rows)) {
            s.execute("CREATE TABLE refs (id bigint PRIMARY KEY, file text)");
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY refs (id, file) FROM STDIN", in);
            s.execute("ANALYZE refs");
        }
        Files.delete(rows);
        Files.createFile(dir.resolve("complete"));
        System.out.printf("generated in %.0f s%n", (System.nanoTime() - started) / 1e9);
    }

    /** Deletes the work folder ({@code --threads} threads, a top-level folder each) and drops the database. */
    private static void remove(Options o, Path dir, String database) throws Exception {
        long started = System.nanoTime();
        Path media = dir.resolve("media");
        Files.deleteIfExists(dir.resolve("complete"));
        if (Files.isDirectory(media)) {
            ExecutorService pool = Executors.newFixedThreadPool(o.threads);
            try {
                List<Future<?>> tasks = new ArrayList<>();
                try (Stream<Path> top = Files.list(media)) {
                    top.forEach(folder -> tasks.add(pool.submit(() -> {
                        deleteTree(folder);
                        return null;
                    })));
                }
                for (Future<?> task : tasks) {
                    task.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        deleteTree(dir);
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + o.pgHost + ":" + o.pgPort
                + "/postgres?user=" + o.pgUser); Statement s = admin.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + database);
        }
        System.out.printf("removed %s and database %s in %.0f s%n", dir, database, (System.nanoTime() - started) / 1e9);
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path folder, IOException failure) throws IOException {
                if (failure != null) {
                    throw failure;
                }
                Files.delete(folder);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** {@code AA/BB/obj-i.jpg}: 256 top-level folders of 256 folders each. */
    static String key(int i) {
        return String.format("%02x/%02x/obj-%d.jpg", i & 0xff, (i >>> 8) & 0xff, i);
    }
}
