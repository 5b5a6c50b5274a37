package dev.mediagc.internal.quarantine;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of a run's journal. Every action is journaled twice: an {@code intent} line before it
 * happens and a {@code done}, {@code failed} or {@code kept} line after, so a run killed in between can be
 * reconciled from the store: an intent without an outcome means the object is either still in
 * place or already in quarantine, and restore checks which. A run that finished acting ends with
 * {@code {"op":"run","phase":"end"}}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JournalEntry(String run, String op, String phase, String key, Long size, String modified,
                           String at, String error) {

    public static final String QUARANTINE = "quarantine";
    public static final String DELETE = "delete";
    public static final String RESTORE = "restore";
    /** The run itself: its {@link #END} record says it finished acting. */
    public static final String RUN = "run";

    public static final String INTENT = "intent";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
    /** Not acted on after all, and left in place on purpose; {@code error} says why. */
    public static final String KEPT = "kept";
    public static final String END = "end";
}
