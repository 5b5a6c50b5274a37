package dev.mediagc.spark;

import dev.mediagc.spi.StoredObject;
import java.time.Instant;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Where the job's objects come from: a listing of the store or an inventory of it. Each object
 * once, keyed as the store's own {@code list} keys it (relative to the root or prefix), with the
 * size, time and version its {@code stat} reports, so {@code mediagc apply} finds every candidate
 * unchanged unless it really changed. A listing that cannot be completed fails the job.
 */
interface ObjectListing {

    /** The columns of {@link #objects}: a {@link StoredObject}, its time as an ISO instant (nanoseconds kept). */
    StructType SCHEMA = new StructType()
            .add("key", DataTypes.StringType, false)
            .add("size", DataTypes.LongType, false)
            .add("modified", DataTypes.StringType, true)
            .add("version", DataTypes.StringType, true);

    /** The objects, lazily: read by the action that uses them. */
    Dataset<Row> objects();

    /** The time the listing shows the store as of: the grace period counts back from it. */
    Instant listedAsOf();

    /** What the plan names as its store. */
    String storeLocation();

    /**
     * Called after the last read of {@link #objects}, before the plan is published: fails when what
     * was read may differ from what was checked. Spark reads a listing's files more than once (and
     * again when it recomputes a lost partition), each time without the checks made before the first.
     */
    default void checkUnchanged() throws java.io.IOException {
    }

    static Row row(StoredObject object) {
        return RowFactory.create(object.key(), object.size(),
                object.lastModified() == null ? null : object.lastModified().toString(), object.version());
    }

    static StoredObject object(Row row) {
        return new StoredObject(row.getString(0), row.getLong(1),
                row.isNullAt(2) ? null : Instant.parse(row.getString(2)), row.isNullAt(3) ? null : row.getString(3));
    }
}
