package dev.mediagc.spark;

import java.io.Serializable;

/**
 * One reference source of the job: a column ({@code TABLE.COLUMN}) or a query whose first column
 * holds the values, optionally read in {@code partitions} ranges of the numeric column
 * {@code partitionColumn} (of the table, or of the query's result).
 *
 * @param column the column, as {@code --ref} names it, or null for a query
 * @param sql the query, as {@code --ref-sql} gives it, or null for a column
 * @param index the source's position among the queries (1 for the first {@code --ref-sql}), as
 *     core numbers them
 * @param partitionColumn a numeric column to split the read by, or null to read in one partition
 * @param partitions how many ranges; 0 for Spark's default parallelism
 */
public record ReferenceSpec(String column, String sql, int index, String partitionColumn, int partitions)
        implements Serializable {

    public ReferenceSpec {
        if ((column == null) == (sql == null)) {
            throw new IllegalArgumentException("a reference source is a column or a query, not both");
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("--partitions must be at least 1, not " + partitions);
        }
    }

    static ReferenceSpec column(String column) {
        return new ReferenceSpec(column, null, 0, null, 0);
    }

    static ReferenceSpec query(String sql, int index) {
        return new ReferenceSpec(null, sql, index, null, 0);
    }

    ReferenceSpec partitionedBy(String partitionColumn) {
        return new ReferenceSpec(column, sql, index, partitionColumn, partitions);
    }

    ReferenceSpec inPartitions(int count) {
        return new ReferenceSpec(column, sql, index, partitionColumn, count);
    }
}
