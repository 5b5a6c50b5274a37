package dev.mediagc.cli;

import java.util.function.Supplier;

/**
 * The command line or config file is wrong, found before anything ran: exit 2. Errors found once
 * the run has started are never this, whatever their type: they exit 1.
 */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }

    /** Runs a step of setting up a command, turning the engine's argument checks into usage errors. */
    static <T> T beforeRun(Supplier<T> setup) {
        try {
            return setup.get();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
