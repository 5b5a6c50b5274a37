package dev.mediagc.bench.s3;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whole-process listings of one bucket: {@code rclone lsf -R} (configured only through the
 * environment, reading no config file) and the {@code ./mediagc} launcher, each writing the keys it
 * found to a file, so that every arm pays its own process start.
 */
final class ListingProcesses {

    static final String ACCESS_KEY = "bench";
    static final String SECRET_KEY = "bench-secret";

    private final URI endpoint;
    private final String bucket;
    private final Path work;

    ListingProcesses(URI endpoint, String bucket, Path work) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.work = work;
    }

    /** The rclone on the PATH, or null (the benchmark installs nothing). */
    static String findRclone() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "rclone");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }

    static String rcloneVersion(String rclone) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(rclone, "version").redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
        p.waitFor();
        return first;
    }

    /** {@code rclone lsf -R --files-only} of the bucket, plus {@code extra} flags; the command line as run. */
    List<String> rcloneCommand(String rclone, List<String> extra) {
        List<String> command = new ArrayList<>(List.of(rclone, "--config", "", "lsf", "-R", "--files-only"));
        command.addAll(extra);
        command.addAll(List.of("bench:" + bucket));
        return command;
    }

    Timed rclone(String rclone, String name, List<String> extra) throws IOException, InterruptedException {
        Path out = work.resolve(name + ".txt");
        ProcessBuilder builder = new ProcessBuilder(rcloneCommand(rclone, extra));
        Map<String, String> env = builder.environment();
        // An AWS_CA_BUNDLE in the environment makes rclone's S3 session fail on its own HTTP transport.
        env.remove("AWS_CA_BUNDLE");
        env.put("RCLONE_CONFIG_BENCH_TYPE", "s3");
        env.put("RCLONE_CONFIG_BENCH_PROVIDER", "Other");
        env.put("RCLONE_CONFIG_BENCH_ENDPOINT", endpoint.toString());
        env.put("RCLONE_CONFIG_BENCH_ACCESS_KEY_ID", ACCESS_KEY);
        env.put("RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY", SECRET_KEY);
        env.put("RCLONE_CONFIG_BENCH_REGION", "us-east-1");
        env.put("RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE", "true");
        return run(builder.redirectOutput(out.toFile()), out);
    }

    /**
     * {@code ./mediagc sweep} of the bucket against an empty reference column (H2 in memory) with
     * {@code --min-age 0s} (hence {@code --force}): a dry run whose orphan list is every key, i.e. the command line's listing.
     */
    List<String> mediagcCommand(Path launcher, Path out) {
        return List.of(launcher.toString(), "sweep",
                "--db", "jdbc:h2:mem:bench;INIT=CREATE TABLE IF NOT EXISTS media_ref(file VARCHAR)",
                "--ref", "media_ref.file", "--store", "s3://" + bucket + "/",
                "--s3-endpoint", endpoint.toString(), "--s3-region", "us-east-1", "--s3-path-style",
                "--min-age", "0s", "--max-orphan-ratio", "1", "--allow-empty-source", "--force",
                "--list-orphans", out.toString());
    }

    Timed mediagc(Path launcher, String name) throws IOException, InterruptedException {
        Path out = work.resolve(name + ".txt");
        Files.deleteIfExists(out);
        ProcessBuilder builder = new ProcessBuilder(mediagcCommand(launcher, out)).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("AWS_CA_BUNDLE");
        builder.environment().put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
        builder.environment().put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
        return run(builder, out);
    }

    private Timed run(ProcessBuilder builder, Path out) throws IOException, InterruptedException {
        Path errors = work.resolve(out.getFileName() + ".err");
        builder.redirectError(errors.toFile());
        long started = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", builder.command()) + " exited " + exit + ": "
                    + Files.readString(errors));
        }
        return new Timed(seconds, new TreeSet<>(Files.readAllLines(out)));
    }

    record Timed(double seconds, TreeSet<String> keys) {
    }
}
