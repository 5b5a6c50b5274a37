package dev.mediagc.internal.plan;

import java.io.IOException;

/** A plan file that cannot be trusted whole: not a plan, another version, cut short, out of order. */
public final class PlanDamagedException extends IOException {

    public PlanDamagedException(String message) {
        super(message);
    }

    public PlanDamagedException(String message, Throwable cause) {
        super(message, cause);
    }
}
