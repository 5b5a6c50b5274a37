package dev.mediagc.bench.soak;

import dev.mediagc.soak.Soak;
import dev.mediagc.soak.SoakResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The long soak: an application simulator uploading, replacing, deleting, sharing and re-using
 * files while {@code sweep --apply} (quarantine, then delete, again and again) runs on the same
 * store; at the end every file a committed row names must be in place. Prints the figures and
 * every lost file with its history; exits 1 if any referenced file was lost.
 *
 * <pre>
 * java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.soak.SoakBenchmark
 *      [--seconds 180] [--writers 3] [--seed N] [--max-events N] [--work /var/tmp/mediagc-soak]
 *      [--pg-host 127.0.0.1] [--pg-port 5432] [--pg-user postgres] [--keep]
 * </pre>
 */
public final class SoakBenchmark {

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            // One INFO line per sweep and per batch would bury the figures.
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        Path work = Files.createDirectories(Path.of(o.work)).resolve("soak-" + System.currentTimeMillis());
        Files.createDirectories(work);
        Soak.Settings settings = Soak.Settings.lasting(Duration.ofSeconds(o.seconds)).withWriters(o.writers);
        if (o.seed != null) {
            settings = settings.withSeed(o.seed);
        }
        if (o.maxEvents != null) {
            settings = settings.withMaxEvents(o.maxEvents);
        }
        System.out.printf("soaking %ds with %d writers in %s (PostgreSQL %s:%d)%n", o.seconds, o.writers, work, o.pgHost, o.pgPort);
        SoakResult result;
        try (ServerDatabase db = new ServerDatabase(o.pgHost, o.pgPort, o.pgUser)) {
            result = Soak.run(db, work, settings);
        }
        System.out.print(result.summary());
        if (!o.keep) {
            deleteTree(work);
        } else {
            System.out.println("kept " + work);
        }
        boolean clean = result.lost().isEmpty() && result.errors().isEmpty();
        System.out.println(clean ? "CLEAN: no referenced file lost" : "FAILED: see above");
        System.exit(clean ? 0 : 1);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static final class Options {
        int seconds = 180;
        int writers = 3;
        Long seed;
        Long maxEvents;
        boolean keep;
        String work = "/var/tmp/mediagc-soak";
        String pgHost = "127.0.0.1";
        int pgPort = 5432;
        String pgUser = "postgres";

        static Options parse(String[] args) {
            Options o = new Options();
            try {
                for (int i = 0; i < args.length; i++) {
                    String a = args[i];
                    switch (a) {
                        case "--seconds" -> o.seconds = Integer.parseInt(args[++i]);
                        case "--writers" -> o.writers = Integer.parseInt(args[++i]);
                        case "--seed" -> o.seed = Long.parseLong(args[++i]);
                        case "--max-events" -> o.maxEvents = Long.parseLong(args[++i].replace("_", ""));
                        case "--keep" -> o.keep = true;
                        case "--work" -> o.work = args[++i];
                        case "--pg-host" -> o.pgHost = args[++i];
                        case "--pg-port" -> o.pgPort = Integer.parseInt(args[++i]);
                        case "--pg-user" -> o.pgUser = args[++i];
                        default -> throw new IllegalArgumentException("unknown option " + a
                                + "; options: --seconds N --writers N --seed N --max-events N --work DIR --keep "
                                + "--pg-host H --pg-port P --pg-user U");
                    }
                }
            } catch (ArrayIndexOutOfBoundsException e) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " needs a value");
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a number: " + e.getMessage() + "; --seconds, --writers, "
                        + "--seed, --max-events and --pg-port take whole numbers");
            }
            if (o.seconds < 1 || o.writers < 1) {
                throw new IllegalArgumentException("--seconds and --writers must be at least 1");
            }
            return o;
        }
    }
}
