package dev.mediagc;

import java.util.List;

/**
 * One text column judged by a discovery: how many of the non-blank values sampled name a stored
 * object, as they are or behind one of the inferred prefixes.
 *
 * @param schema   the schema (or database, on MariaDB) the table is in, null where there is none
 * @param sampled  non-blank values read (at most the sample size)
 * @param hits     of those, values naming a stored object as they are or behind a kept prefix
 * @param prefixes prefixes the matching values carry before a stored key, most frequent first
 * @param samples  a few of the values read, for the user to judge
 * @param reference the column as the {@code ref} setting and {@code MediaGc.Builder.reference} take it
 * @param sampleMethod how the rows were picked
 * @param read     non-blank values read; more than {@code sampled} when only ranges of the store's
 *                 keys were listed, since only values within those ranges can be judged
 * @param extraction whether the values are the keys or hold them inside (JSON, PHP, HTML); for the
 *                  latter {@code hits} counts values holding at least one stored key, {@code prefixes}
 *                  are strip prefixes of the extracted strings (never text prefixes) and
 *                  {@code samples} are excerpts around a found key
 */
public record ColumnFinding(String reference, String schema, String table, String column, String type, int sampled, int hits,
        List<String> prefixes, List<String> samples, Verdict verdict, SampleMethod sampleMethod, int read,
        ValueExtraction extraction) {

    /** A finding from the first rows, every value read judged, for a column whose values are the keys. */
    public ColumnFinding(String reference, String schema, String table, String column, String type, int sampled, int hits,
            List<String> prefixes, List<String> samples, Verdict verdict) {
        this(reference, schema, table, column, type, sampled, hits, prefixes, samples, verdict, SampleMethod.FIRST_ROWS, sampled,
                ValueExtraction.COLUMN);
    }

    /** Whether the column looks like a reference column. */
    public enum Verdict {
        /** Enough of its values name stored objects: proposed as a reference. */
        PROPOSED,
        /** Some values name stored objects, too few to propose: reported for the user to judge. */
        WEAK,
        /** No value named a stored object. */
        NONE
    }

    public ColumnFinding {
        prefixes = List.copyOf(prefixes);
        samples = List.copyOf(samples);
        extraction = extraction == null ? ValueExtraction.COLUMN : extraction;
    }

    /** Share of the judged values that name a stored object: {@code hits / sampled}, 0 when none was judged. */
    public double hitRatio() {
        return sampled == 0 ? 0 : (double) hits / sampled;
    }
}
