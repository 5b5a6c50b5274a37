package dev.mediagc;

/** What one reference source yielded: rows read, non-empty values among them, seconds taken. */
public record SourceFigures(String name, long rows, long values, double seconds) {
}
