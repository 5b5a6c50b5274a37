package dev.mediagc.cli;

import picocli.CommandLine;

/** Entry point of the {@code mediagc} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command and returns its exit code; tests call this instead of {@link #main}. */
    public static int run(String... args) {
        Logging.configure(args);
        return MediagcCommand.commandLine().execute(args);
    }
}
