package dev.mediagc;

/** How a column's rows were picked, so the evidence for a proposal can say how far to trust it. */
public enum SampleMethod {
    /** PostgreSQL's {@code TABLESAMPLE}: rows picked at random from the whole table. */
    RANDOM("random rows (TABLESAMPLE)"),
    /** Short runs of rows from random points spread over the table's integer key (or rowid) range. */
    SPREAD("rows from windows spread over the key range"),
    /** The first rows the database returned: the oldest ones, as a rule. */
    FIRST_ROWS("the first rows"),
    /** The column held fewer values than the sample size: every one of them was read. */
    WHOLE_COLUMN("every value");

    private final String description;

    SampleMethod(String description) {
        this.description = description;
    }

    /** For comments and summaries: "random rows (TABLESAMPLE)". */
    public String description() {
        return description;
    }
}
