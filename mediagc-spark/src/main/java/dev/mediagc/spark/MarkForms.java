package dev.mediagc.spark;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the mark makes of reference values, in an executor: for each value the hash of its normal
 * form and of each of its lenient forms, exactly as core's {@code Marker} marks them (through
 * {@link KeyNormalizer#normalizeWithLenientForms} and {@link KeyHash}), plus a row for a value that
 * names no file, so the figures can count rows. The hashes are the ones core's mark set holds:
 * the job's anti-join matches exactly what a one-machine sweep matches, collisions included.
 */
final class MarkForms implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    /** The normal form of a value. */
    static final byte STRICT = 0;
    /** One of a value's lenient spellings. */
    static final byte LENIENT = 1;
    /** A value that names no file (blank). */
    static final byte NO_FILE = 2;

    static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.ByteType, false)
            .add("hash", DataTypes.LongType, false);

    private final KeyRules rules;

    MarkForms(KeyRules rules) {
        this.rules = rules;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> values) {
        KeyNormalizer normalizer = rules.normalizer();
        return new Iterator<>() {
            private final ArrayDeque<Row> pending = new ArrayDeque<>();

            @Override
            public boolean hasNext() {
                while (pending.isEmpty() && values.hasNext()) {
                    Row row = values.next();
                    String raw = row.isNullAt(0) ? null : row.getString(0);
                    String strict = normalizer.normalizeWithLenientForms(raw,
                            form -> pending.add(RowFactory.create(LENIENT, KeyHash.of(form))));
                    pending.addFirst(strict == null
                            ? RowFactory.create(NO_FILE, 0L)
                            : RowFactory.create(STRICT, KeyHash.of(strict)));
                }
                return !pending.isEmpty();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return pending.poll();
            }
        };
    }
}
