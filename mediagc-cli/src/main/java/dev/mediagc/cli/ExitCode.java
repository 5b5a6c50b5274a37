package dev.mediagc.cli;

/** Exit codes scripts and cron jobs can rely on. */
final class ExitCode {
    /** Done: a dry run completed, or the changes were applied. */
    static final int OK = 0;
    /** An error stopped the run; nothing was changed after it. */
    static final int ERROR = 1;
    /** The command line or config file was wrong; nothing was done. */
    static final int USAGE = 2;
    /** A safety guard refused to act; nothing was changed, the report was still written. */
    static final int REFUSED = 3;

    private ExitCode() {
    }
}
