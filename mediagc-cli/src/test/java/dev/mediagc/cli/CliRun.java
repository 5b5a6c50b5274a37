package dev.mediagc.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** One run of the command, in this JVM, with what it printed. */
record CliRun(int exit, String out, String err) {

    static synchronized CliRun of(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            long started = System.nanoTime();
            int exit = Main.run(args);
            CliRun run = new CliRun(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            if (args.length > 0 && args[0].equals("discover")) {
                // Discover's time and summary (its coverage figures) for each test dataset, in the test's output file.
                originalOut.printf("discover took %d ms (exit %d):%n%s%n", (System.nanoTime() - started) / 1_000_000,
                        exit, run.out());
            }
            return run;
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
