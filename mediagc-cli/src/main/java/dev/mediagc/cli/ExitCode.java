package dev.mediagc.cli;

/** Exit codes scripts and cron jobs can rely on. Listed in {@code mediagc --help} and the README. */
final class ExitCode {
    /** Done: a dry run completed, or every change was applied. */
    static final int OK = 0;
    /** An error stopped the run; nothing was changed after it (the journal lists what was done before). */
    static final int ERROR = 1;
    /** The command line or config file was wrong; nothing ran. */
    static final int USAGE = 2;
    /** A safety guard refused to act; nothing was changed, the report was still written. */
    static final int REFUSED = 3;
    /** Applied, but some actions failed; those files are still in place. The summary lists how many and why. */
    static final int ACTIONS_FAILED = 4;

    /** The help footer's line: every code, in one place. */
    static final String SUMMARY = "Exit codes: 0 done, 1 error (nothing changed after it), 2 usage error (nothing ran), "
            + "3 a safety guard refused to act, 4 applied but some actions failed (the summary lists them).";

    private ExitCode() {
    }
}
