package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.plan.PlanReader;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediagc spark-plan} hands the job jar to a real spark-submit: here Spark's own
 * {@code SparkSubmit} main class in a child JVM with Spark's jars, which is what the
 * {@code spark-submit} script of a Spark installation runs, in local mode.
 */
class SparkPlanCommandTest {

    @TempDir
    Path temp;

    @Test
    void printsTheSparkSubmitCommandWithTheJobJarFirstAndTheJobsOptionsUnchangedInOrder() throws IOException {
        Path submit = script("spark-submit", "exit 0");
        Path jar = Files.writeString(temp.resolve("job.jar"), "");

        CliRun printed = CliRun.of("spark-plan", "--spark-submit", submit.toString(), "--master", "yarn", "--conf",
                "spark.sql.shuffle.partitions=400", "--job-jar", jar.toString(), "--print-command",
                "--db", "jdbc:postgresql://db/app", "--ref-sql", "SELECT file FROM media WHERE kind = 'photo'",
                "--partition-column", "id", "--partitions", "64", "--store", "s3a://bucket/media", "--plan", "p.jsonl.gz");

        assertThat(printed.exit()).as(printed.err()).isZero();
        assertThat(printed.out().strip()).isEqualTo(submit + " --class dev.mediagc.spark.SparkPlanJob --master yarn "
                + "--conf spark.sql.shuffle.partitions=400 " + jar.toAbsolutePath() + " --db jdbc:postgresql://db/app "
                + "--ref-sql 'SELECT file FROM media WHERE kind = '\\''photo'\\''' --partition-column id --partitions 64 "
                + "--store s3a://bucket/media --plan p.jsonl.gz");
    }

    @Test
    void saysInOneLineWhereToFindSparkWhenNoSparkSubmitIsInstalled() throws Exception {
        Path jar = Files.writeString(temp.resolve("job.jar"), "");

        Child noSpark = child(List.of("spark-plan", "--job-jar", jar.toString(), "--db", "x", "--plan", "p.jsonl.gz"),
                null);
        Child badHome = child(List.of("spark-plan", "--job-jar", jar.toString(), "--db", "x"), temp.toString());
        CliRun noJar = CliRun.of("spark-plan", "--job-jar", temp.resolve("missing.jar").toString(), "--db", "x");
        CliRun noOptions = CliRun.of("spark-plan");

        assertThat(noSpark.exit).isEqualTo(ExitCode.USAGE);
        assertThat(noSpark.output.lines().toList()).singleElement().asString()
                .isEqualTo("mediagc: spark-submit not found (no SPARK_HOME, none on the PATH): run this where a Spark 4 "
                        + "client is installed, set SPARK_HOME, or give --spark-submit PATH");
        assertThat(badHome.exit).isEqualTo(ExitCode.USAGE);
        assertThat(badHome.output).contains("SPARK_HOME is " + temp + ", but it has no bin/spark-submit");
        assertThat(noJar.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noJar.err()).contains("missing.jar is missing");
        assertThat(noOptions.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(noOptions.err()).contains("name the job's options");
    }

    @Test
    void theClustersPlanEqualsTheOneMachinePlanAndApplyActsOnIt() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("m")), 7, 5)) {
            app.write("photos/caf\u00e9/\u6771\u4eac 1.jpg", Duration.ofDays(3));
            app.orphans.add("photos/caf\u00e9/\u6771\u4eac 1.jpg");
            app.write("avatars/young.png", Duration.ofMinutes(5)); // within the grace period: in neither plan
            Path onCluster = temp.resolve("cluster.jsonl.gz");
            Path onOneMachine = temp.resolve("one-machine.jsonl.gz");
            List<String> database = new ArrayList<>(List.of("--db", app.db.url()));
            if (app.db.user() != null) {
                database.addAll(List.of("--db-user", app.db.user()));
            }

            List<String> sparkPlan = new ArrayList<>(List.of("spark-plan", "--spark-submit", sparkSubmit().toString(),
                    "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--conf", "spark.sql.shuffle.partitions=4",
                    "--job-jar", System.getProperty("mediagc.spark.job.jar")));
            sparkPlan.addAll(database);
            sparkPlan.addAll(List.of("--ref", "profile.avatar", "--store", "file:" + app.media, "--plan",
                    onCluster.toString()));
            Child cluster = child(sparkPlan, null);
            List<String> sweep = new ArrayList<>(List.of("sweep", "--plan", onOneMachine.toString()));
            sweep.addAll(database);
            sweep.addAll(List.of("--ref", "profile.avatar", "--store", app.media.toString()));
            CliRun oneMachine = CliRun.of(sweep.toArray(String[]::new));

            assertThat(cluster.exit).as(cluster.output).isZero();
            assertThat(cluster.output).contains("mediagc spark-plan: wrote " + onCluster + ": 6 candidates");
            assertThat(oneMachine.exit()).as(oneMachine.err()).isZero();
            assertThat(candidates(onCluster)).as("the cluster's plan, candidate by candidate")
                    .isEqualTo(candidates(onOneMachine)).hasSize(app.orphans.size());

            List<String> apply = new ArrayList<>(List.of("apply", onCluster.toString()));
            apply.addAll(database);
            apply.addAll(List.of("--ref", "profile.avatar", "--store", app.media.toString()));
            CliRun applied = CliRun.of(apply.toArray(String[]::new));

            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            app.orphans.forEach(key -> assertThat(app.media.resolve(key)).doesNotExist());
            app.live.forEach(key -> assertThat(app.media.resolve(key)).exists());
            assertThat(app.media.resolve("avatars/young.png")).exists();
        }
    }

    /** What a Spark installation's spark-submit script runs: SparkSubmit's main class with Spark's jars. */
    private Path sparkSubmit() throws IOException {
        String classpath = Files.readString(Path.of(System.getProperty("mediagc.spark.classpath"))).strip();
        List<String> opens = List.of("java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net", "java.nio",
                "java.util", "java.util.concurrent", "java.util.concurrent.atomic", "jdk.internal.ref", "sun.nio.ch",
                "sun.nio.cs", "sun.security.action", "sun.util.calendar");
        StringBuilder java = new StringBuilder("exec '" + Path.of(System.getProperty("java.home"), "bin", "java")
                + "' -Xmx1g -Djdk.reflect.useDirectMethodHandle=false");
        opens.forEach(p -> java.append(" --add-opens=java.base/").append(p).append("=ALL-UNNAMED"));
        java.append(" -cp '").append(classpath).append("' org.apache.spark.deploy.SparkSubmit \"$@\"");
        return script("spark-submit", java.toString());
    }

    private Path script(String name, String body) throws IOException {
        Path folder = Files.createDirectories(temp.resolve("bin-" + name + "-" + System.nanoTime()));
        Path script = folder.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private record Child(int exit, String output) {
    }

    /** The command in a child JVM, with a PATH holding no spark-submit and SPARK_HOME as given (null: unset). */
    private static Child child(List<String> args, String sparkHome) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", "/usr/bin" + File.pathSeparator + "/bin");
        builder.environment().remove("SPARK_HOME");
        if (sparkHome != null) {
            builder.environment().put("SPARK_HOME", sparkHome);
        }
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the command took over 5 minutes");
        }
        return new Child(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    /** A plan's candidates, every field, in the plan's order (key order). */
    private static List<String> candidates(Path plan) throws IOException {
        List<String> lines = new ArrayList<>();
        try (PlanReader reader = PlanReader.open(plan)) {
            for (PlannedCandidate c = reader.next(); c != null; c = reader.next()) {
                lines.add(c.key() + " " + c.size() + " " + c.modified() + " " + c.version() + " " + c.reason());
            }
        }
        return lines;
    }
}
