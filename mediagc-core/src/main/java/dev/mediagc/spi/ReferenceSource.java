package dev.mediagc.spi;

import dev.mediagc.ReferenceSourceException;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Somewhere file references live: a table column, the first column of a query, or anything an
 * application can enumerate. A source either delivers every value it holds or throws; a source
 * that stops early without throwing breaks the first safety invariant.
 */
public interface ReferenceSource {

    /** A short name for reports and errors, e.g. {@code public.profile.avatar}. */
    String name();

    /**
     * What names this source the same way from run to run, whatever its position among the
     * sources: the last-run comparison matches sources by it, so reordering them is harmless.
     * By default the name.
     */
    default String identity() {
        return name();
    }

    /**
     * Streams every raw value to {@code sink}, NULLs and empty strings included (the caller
     * drops them). Throws if the full set could not be read, for whatever reason.
     */
    void stream(ReferenceSink sink) throws ReferenceSourceException;

    /**
     * Of the given raw spellings, the ones some row holds right now. Used to re-verify
     * candidates just before acting, so a reference that appeared during the scan wins.
     * With {@code ignoreCase}, spellings are lower case and rows are compared lower-cased. May
     * return more than the spellings asked for (a value only ever keeps a file); must never fail
     * because of the column's type or collation.
     */
    Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException;

    /**
     * Warnings of the last complete {@link #stream} for the report, such as values it was allowed to
     * skip; empty for most sources.
     */
    default List<String> warnings() {
        return List.of();
    }

    /** Receives raw values as they stream out of a source. */
    @FunctionalInterface
    interface ReferenceSink {
        void accept(String rawValue);
    }
}
