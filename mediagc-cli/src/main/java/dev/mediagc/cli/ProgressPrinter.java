package dev.mediagc.cli;

import dev.mediagc.ProgressListener;
import java.io.PrintStream;

/**
 * A single, self-overwriting progress line on standard error, drawn only when standard error is a
 * terminal (cron mail and CI logs stay clean) and at most five times a second.
 */
final class ProgressPrinter implements ProgressListener {

    private final PrintStream err;
    private final long startedNanos = System.nanoTime();
    private long lastDrawNanos;
    private boolean drawn;

    private ProgressPrinter(PrintStream err) {
        this.err = err;
    }

    static ProgressListener forTerminal() {
        return System.console() != null ? new ProgressPrinter(System.err) : ProgressListener.NONE;
    }

    @Override
    public synchronized void phase(String name) {
        draw(name, -1, true);
    }

    @Override
    public synchronized void progress(String phase, long done) {
        draw(phase, done, false);
    }

    private void draw(String phase, long done, boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDrawNanos < 200_000_000L) {
            return;
        }
        lastDrawNanos = now;
        String what = switch (phase) {
            case "mark" -> "reading references";
            case "list" -> "listing the store";
            case "act" -> "acting on orphans";
            case "plan" -> "checking the plan's candidates";
            default -> phase;
        };
        String count = done < 0 ? "" : String.format(" %,d", done);
        err.printf("\r\033[K[%5.1fs] %s%s", (now - startedNanos) / 1e9, what, count);
        err.flush();
        drawn = true;
    }

    /** Clears the line so the summary starts on a clean one. */
    void clear() {
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
