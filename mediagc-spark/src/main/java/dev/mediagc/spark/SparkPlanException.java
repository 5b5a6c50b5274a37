package dev.mediagc.spark;

/** The job could not make a complete plan; nothing was written. The message is one line for the operator. */
public final class SparkPlanException extends Exception {

    private static final long serialVersionUID = 1L;

    public SparkPlanException(String message, Throwable cause) {
        super(message, cause);
    }
}
