package dev.mediagc;

import java.util.List;
import java.util.Objects;

/**
 * A count, a byte total and the first few keys of one kind of thing a sweep met. Immutable: the
 * engine counts into a tally of its own and hands out this snapshot when the run ends.
 *
 * @param count         how many there were
 * @param bytes         their total size in bytes (a floor when {@code bytesComplete} is false)
 * @param samples       the first keys met, at most {@link #SAMPLE_SIZE}, in the order met
 * @param bytesComplete false when some were counted without their size (the store did not need
 *                      to read it), so {@code bytes} is a floor
 */
public record Tally(long count, long bytes, List<String> samples, boolean bytesComplete) {

    /** Keys kept as examples per category; enough to recognise a pattern, small enough to read. */
    public static final int SAMPLE_SIZE = 10;

    public Tally {
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    }
}
