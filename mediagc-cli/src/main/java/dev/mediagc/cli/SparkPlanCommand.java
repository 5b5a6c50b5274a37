package dev.mediagc.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code mediagc spark-plan}: runs the plan on an Apache Spark cluster by handing the distribution's
 * job jar ({@code lib/mediagc-spark-job.jar}) to the cluster's own {@code spark-submit}. Spark is not
 * part of mediagc (the cluster brings it, in its version, with its connectors); the job's options are
 * passed on unchanged, and the job itself checks them and says what is wrong in one line.
 */
@Command(name = "spark-plan", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", "Exit codes: those of spark-submit and the job (0 plan written, 1 the job failed and wrote no plan, "
                + "2 usage error); 2 as well when spark-submit or the job jar cannot be found."},
        description = {
            "Make a plan on an Apache Spark 4 cluster, for stores and databases too big for one machine, then review it "
                + "with 'mediagc plan show' and act on it with 'mediagc apply' on one machine, as for a plan "
                + "'mediagc sweep --plan' writes.",
            "",
            "Runs SPARK_HOME/bin/spark-submit (or --spark-submit, or spark-submit on the PATH) with the distribution's "
                + "lib/mediagc-spark-job.jar. Every option not listed below goes to the job unchanged: --db, --db-user, "
                + "--db-password-env, --ref TABLE.COLUMN or --ref-sql QUERY (each may be followed by --partition-column "
                + "and --partitions), --store URI, --inventory MANIFEST and --inventory-max-age (objects from an S3 "
                + "Inventory of the --store bucket instead of a listing), --plan FILE.jsonl.gz, --strip-prefix, "
                + "--ignore-case, --exclude, --derived, --min-age, --allow-empty-source, --age-from-mtime, --force. "
                + "'mediagc spark-plan --job-help' prints the job's own usage.",
            "",
            "Example:",
            "  MEDIAGC_DB_PASSWORD=... mediagc spark-plan --master yarn --conf spark.executor.instances=16 \\",
            "      --db jdbc:postgresql://db/app --db-user app --ref media.file --partition-column id --partitions 64 \\",
            "      --store s3a://media-bucket/uploads --plan plan.jsonl.gz"})
final class SparkPlanCommand implements Callable<Integer> {

    static final String JOB_CLASS = "dev.mediagc.spark.SparkPlanJob";
    /** Where the job jar is looked for when neither the option nor the environment names it: beside mediagc.jar. */
    static final String JOB_JAR = "mediagc-spark-job.jar";

    @Option(names = "--spark-submit", paramLabel = "PATH",
            description = "The spark-submit to run (default: $SPARK_HOME/bin/spark-submit, else spark-submit on the PATH).")
    Path sparkSubmit;

    @Option(names = "--master", paramLabel = "URL",
            description = "spark-submit's --master: yarn, k8s://…, spark://…, local[N]. Default: what the cluster's "
                    + "spark-defaults.conf says.")
    String master;

    @Option(names = "--deploy-mode", paramLabel = "MODE", description = "spark-submit's --deploy-mode: client or cluster.")
    String deployMode;

    @Option(names = "--conf", paramLabel = "KEY=VALUE",
            description = "A Spark setting for spark-submit, repeatable (e.g. spark.sql.shuffle.partitions=400, "
                    + "spark.hadoop.fs.s3a.endpoint=…).")
    List<String> conf = new ArrayList<>();

    @Option(names = "--jars", paramLabel = "JARS",
            description = "spark-submit's --jars: more jars for the job, e.g. a JDBC driver other than PostgreSQL's.")
    String jars;

    @Option(names = "--job-jar", paramLabel = "PATH",
            description = "The job jar (default: lib/mediagc-spark-job.jar beside mediagc.jar, or $MEDIAGC_SPARK_JOB_JAR).")
    Path jobJar;

    @Option(names = "--print-command", description = "Print the spark-submit command line and exit without running it.")
    boolean printCommand;

    @Option(names = "--job-help", description = "Print the job's own usage (runs spark-submit).")
    boolean jobHelp;

    @Unmatched
    List<String> jobOptions = new ArrayList<>();

    private final Map<String, String> environment;

    SparkPlanCommand() {
        this(System.getenv());
    }

    SparkPlanCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (jobOptions.isEmpty() && !jobHelp) {
            throw new UsageException("name the job's options (at least --db, --ref or --ref-sql, --store, "
                    + "and --plan); see 'mediagc spark-plan --help'");
        }
        Path jar = jobJar();
        List<String> command = new ArrayList<>();
        command.add(sparkSubmit().toString());
        command.add("--class");
        command.add(JOB_CLASS);
        if (master != null) {
            command.addAll(List.of("--master", master));
        }
        if (deployMode != null) {
            command.addAll(List.of("--deploy-mode", deployMode));
        }
        for (String setting : conf) {
            if (!setting.contains("=")) {
                throw new UsageException("--conf takes KEY=VALUE, not '" + setting + "'");
            }
            command.addAll(List.of("--conf", setting));
        }
        if (jars != null) {
            command.addAll(List.of("--jars", jars));
        }
        command.add(jar.toString());
        command.addAll(jobOptions);
        if (jobHelp) {
            command.add("--help");
        }
        if (printCommand) {
            System.out.println(String.join(" ", command.stream().map(SparkPlanCommand::quoted).toList()));
            return ExitCode.OK;
        }
        // The job prints its own outcome and errors; its exit code is this command's.
        Process spark = new ProcessBuilder(command).inheritIO().start();
        return spark.waitFor();
    }

    /** The spark-submit to run: the option, then SPARK_HOME's, then the PATH's; refused with what to do. */
    private Path sparkSubmit() {
        if (sparkSubmit != null) {
            if (!Files.isExecutable(sparkSubmit)) {
                throw new UsageException("--spark-submit " + sparkSubmit + " is not an executable file");
            }
            return sparkSubmit;
        }
        String home = environment.get("SPARK_HOME");
        if (home != null && !home.isBlank()) {
            Path inHome = Path.of(home, "bin", "spark-submit");
            if (!Files.isExecutable(inHome)) {
                throw new UsageException("SPARK_HOME is " + home + ", but it has no bin/spark-submit; point SPARK_HOME at "
                        + "a Spark 4 installation or give --spark-submit PATH");
            }
            return inHome;
        }
        for (String folder : environment.getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "spark-submit"))) {
                return Path.of(folder, "spark-submit");
            }
        }
        throw new UsageException("spark-submit not found (no SPARK_HOME, none on the PATH): run this where a Spark 4 "
                + "client is installed, set SPARK_HOME, or give --spark-submit PATH");
    }

    /** The job jar: the option, then MEDIAGC_SPARK_JOB_JAR, then the one beside mediagc.jar (the distribution's lib/). */
    private Path jobJar() {
        Path jar = jobJar;
        if (jar == null && environment.get("MEDIAGC_SPARK_JOB_JAR") != null) {
            jar = Path.of(environment.get("MEDIAGC_SPARK_JOB_JAR"));
        }
        if (jar == null) {
            jar = besideCommandJar();
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new UsageException("the Spark job's jar " + (jar == null ? JOB_JAR : jar) + " is missing; unpack the "
                    + "whole distribution archive, or build it (mvn -B package -pl mediagc-spark -am) and give --job-jar");
        }
        return jar.toAbsolutePath();
    }

    private static Path besideCommandJar() {
        try {
            Path location = Path.of(SparkPlanCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? location.resolveSibling(JOB_JAR) : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }

    /** A word as a POSIX shell reads it back: quoted when it holds anything but safe characters. */
    static String quoted(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./:=@%+,\\-\\[\\]]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
