package dev.mediagc.spi;

/** A value is not in the format its extractor reads (bad JSON, truncated serialization). */
public final class UnreadableValueException extends Exception {

    public UnreadableValueException(String message) {
        super(message);
    }

    public UnreadableValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
