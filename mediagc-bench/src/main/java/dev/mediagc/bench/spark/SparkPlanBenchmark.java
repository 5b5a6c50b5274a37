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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.postgresql.PGConnection;

/**
 * The Spark job against the one-machine plan on the same data, in Spark local mode on this machine:
 * N objects in a local folder ({@code AA/BB/obj-i.jpg}, 256 top-level folders), N references in
 * PostgreSQL (80% naming a file, a third of those behind {@code /media/}, 20% naming no stored
 * file), so a fifth of the objects are orphans. Each side runs as its own process under
 * {@code /usr/bin/time} (wall time, peak RSS); the two plans are then compared candidate by candidate.
 *
 * <pre>
 * java -cp "mediagc-bench/target/mediagc-bench.jar:$(cat mediagc-bench/target/spark-classpath.txt)" \
 *     dev.mediagc.bench.spark.SparkPlanBenchmark --objects 10000000 [--work /var/tmp/mediagc-spark-bench] \
 *     [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres] [--driver-memory 8g] [--partitions 16]
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
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path dir = Path.of(o.work).resolve("spark-" + o.objects);
        Path media = dir.resolve("media");
        String database = "mediagc_spark_bench_" + o.objects;
        String url = "jdbc:postgresql://" + o.pgHost + ":" + o.pgPort + "/" + database + "?user=" + o.pgUser;
        if (!Files.exists(dir.resolve("complete"))) {
            generate(o, dir, media, database, url);
        }
        Path sweepPlan = dir.resolve("sweep-plan.jsonl.gz");
        Path sparkPlan = dir.resolve("spark-plan.jsonl.gz");
        Files.deleteIfExists(sweepPlan);
        Files.deleteIfExists(sparkPlan);
        String classpath = System.getProperty("java.class.path");

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

        long[] compared = compare(sweepPlan, sparkPlan);
        System.out.printf("objects %,d, references %,d%n", o.objects, o.objects);
        System.out.printf("one machine (sweep --plan): %.1f s, peak RSS %d MB%n", sweep.seconds, sweep.peakKb / 1024);
        System.out.printf("spark local[2]            : %.1f s, peak RSS %d MB%n", job.seconds, job.peakKb / 1024);
        System.out.printf("plans equal: %s (%,d candidates%s)%n", compared[1] == 0 ? "yes" : "NO", compared[0],
                compared[1] == 0 ? "" : ", first difference at candidate " + compared[1]);
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

    private record Measured(double seconds, long peakKb) {
    }

    /** Runs a process under {@code /usr/bin/time}; its output goes to this one's. */
    private static Measured measure(List<String> command) throws IOException, InterruptedException {
        Path times = Files.createTempFile("mediagc-time-", ".txt");
        List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-f", "%e %M", "-o", times.toString()));
        timed.addAll(command);
        Process process = new ProcessBuilder(timed).inheritIO().start();
        int status = process.waitFor();
        String[] measured = Files.readString(times).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
        Files.delete(times);
        if (status != 0) {
            throw new IllegalStateException("exit " + status + ": " + String.join(" ", command.subList(0, 3)) + " ...");
        }
        return new Measured(Double.parseDouble(measured[0]), Long.parseLong(measured[1]));
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
        byte[] content = new byte[0]; // inodes only: 10M files of a byte would take 40 GB of blocks
        for (int i = 0; i < o.objects; i++) {
            Path file = media.resolve(key(i));
            if (i < 65536) {
                Files.createDirectories(file.getParent());
            }
            Files.write(file, content);
            Files.setLastModifiedTime(file, old);
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

    /** {@code AA/BB/obj-i.jpg}: 256 top-level folders of 256 folders each. */
    static String key(int i) {
        return String.format("%02x/%02x/obj-%d.jpg", i & 0xff, (i >>> 8) & 0xff, i);
    }
}
