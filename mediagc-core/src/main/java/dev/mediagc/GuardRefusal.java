package dev.mediagc;

/** A safety guard refused to let the run act. The message says why and how to override. */
public class GuardRefusal extends Exception {
    public GuardRefusal(String message) {
        super(message);
    }
}
