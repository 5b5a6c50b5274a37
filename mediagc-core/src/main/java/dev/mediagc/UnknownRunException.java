package dev.mediagc;

import java.io.IOException;

/** A restore named a run this store has neither a journal nor a quarantine folder for. */
public final class UnknownRunException extends IOException {
    public UnknownRunException(String message) {
        super(message);
    }
}
