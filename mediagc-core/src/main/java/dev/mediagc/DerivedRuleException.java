package dev.mediagc;

/** A derived rule that cannot be read; the message says what is wrong in one line. */
public final class DerivedRuleException extends IllegalArgumentException {
    public DerivedRuleException(String message) {
        super(message);
    }
}
