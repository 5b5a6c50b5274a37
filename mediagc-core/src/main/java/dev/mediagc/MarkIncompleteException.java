package dev.mediagc;

/**
 * A reference source failed, timed out or came back empty: the mark is incomplete, and an
 * incomplete mark makes live files look orphaned, so the sweep acts on nothing.
 */
public class MarkIncompleteException extends Exception {
    public MarkIncompleteException(String message, Throwable cause) {
        super(message, cause);
    }
}
