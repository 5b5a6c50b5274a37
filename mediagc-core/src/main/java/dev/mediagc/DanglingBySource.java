package dev.mediagc;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * One row of the dangling references told by who names them: the references that one source
 * alone names, or those that several sources name, each counted in exactly one row, so the rows
 * add up to the report's {@code danglingReferences} count.
 *
 * @param namedBy  which kind of row this is
 * @param source   the source's name, for a {@link NamedBy#ONE_SOURCE} row; null otherwise
 * @param count    how many dangling references the row counts, exactly
 * @param samples  some of them as the database spells them, sorted, at most {@link Tally#SAMPLE_SIZE}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DanglingBySource(NamedBy namedBy, String source, long count, List<String> samples) {

    /** Who names the references a row counts. */
    public enum NamedBy {
        /** The source {@code source} and no other. */
        ONE_SOURCE,
        /** More than one source. */
        SEVERAL_SOURCES,
        /**
         * Only sources past the 254th configured, one or several: which is not kept (the mark
         * keeps a byte per reference). Seen only with that many sources.
         */
        SOURCES_PAST_THE_254TH
    }

    public DanglingBySource {
        Objects.requireNonNull(namedBy, "namedBy");
        if ((namedBy == NamedBy.ONE_SOURCE) != (source != null)) {
            throw new IllegalArgumentException("a row names its source exactly when one source names its references");
        }
        samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    }

    /** The references {@code source} alone names. */
    public static DanglingBySource ofSource(String source, long count, List<String> samples) {
        return new DanglingBySource(NamedBy.ONE_SOURCE, Objects.requireNonNull(source, "source"), count, samples);
    }

    /** What the row is, for people: the source's name, or who else names them. */
    public String label() {
        return switch (namedBy) {
            case ONE_SOURCE -> source;
            case SEVERAL_SOURCES -> "named by several sources";
            case SOURCES_PAST_THE_254TH -> "named by sources past the 254th";
        };
    }
}
