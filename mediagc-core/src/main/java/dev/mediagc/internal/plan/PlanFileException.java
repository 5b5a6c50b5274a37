package dev.mediagc.internal.plan;

import java.io.IOException;

/**
 * A plan file that cannot be written (it exists already) or trusted whole (not a plan, another
 * version, cut short, out of order, naming a key outside the store). Its message says what to do.
 */
public final class PlanFileException extends IOException {

    public PlanFileException(String message) {
        super(message);
    }

    public PlanFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
