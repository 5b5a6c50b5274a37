package dev.mediagc;

/** A reference source could not deliver its complete set of values. */
public class ReferenceSourceException extends Exception {

    private final String sourceName;

    public ReferenceSourceException(String sourceName, String message, Throwable cause) {
        super(message, cause);
        this.sourceName = sourceName;
    }

    public String sourceName() {
        return sourceName;
    }
}
