package dev.mediagc.spark;

import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.sweep.ExcludeRules;
import dev.mediagc.spi.StoredObject;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the sweep decides about a listed object before it knows the references, in an executor:
 * its normal form's hash (the mark holds the same hashes), the hashes of the owners derived rules
 * name for it, and whether it may be a candidate at all. It may not when an exclude matches it,
 * when it is young (time unknown, or within the grace period of the listing's time), when a
 * derived rule matches it in too many ways to check (core keeps it), or when it lies in
 * mediagc's area or another store's ({@code .mediagc} segment). Everything here is core's own
 * code, rebuilt once per task from {@link KeyRules}.
 */
final class ListedObjects implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA = ObjectListing.SCHEMA
            .add("hash", DataTypes.LongType, true)
            .add("owners", DataTypes.createArrayType(DataTypes.LongType, false), false)
            .add("eligible", DataTypes.BooleanType, false);

    private final KeyRules rules;

    ListedObjects(KeyRules rules) {
        this.rules = rules;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> objects) {
        KeyNormalizer normalizer = rules.normalizer();
        ExcludeRules excludes = rules.excludeRules();
        DerivedRules derived = rules.derived();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return objects.hasNext();
            }

            @Override
            public Row next() {
                Row row = objects.next();
                StoredObject object = ObjectListing.object(row);
                String key = normalizer.normalize(object.key());
                boolean eligible = !inStateArea(object.key())
                        && !excludes.excludes(object.key())
                        && !rules.young(object.lastModified());
                long[] owners = new long[0];
                if (eligible && key != null && !derived.isEmpty()) {
                    var found = derived.ownersOf(key);
                    owners = new long[found.size()];
                    for (int i = 0; i < owners.length; i++) {
                        DerivedRules.Owner owner = found.get(i);
                        if (owner.key() == null) {
                            eligible = false; // matches a rule in too many ways to check: kept
                            break;
                        }
                        owners[i] = KeyHash.of(owner.key());
                    }
                    if (!eligible) {
                        owners = new long[0];
                    }
                }
                java.util.List<Long> boxed = new java.util.ArrayList<>(owners.length);
                for (long owner : owners) {
                    boxed.add(owner);
                }
                return RowFactory.create(row.get(0), row.get(1), row.get(2), row.get(3),
                        key == null ? null : KeyHash.of(key), scala.jdk.javaapi.CollectionConverters.asScala(boxed), eligible);
            }
        };
    }

    /** Whether a key lies in mediagc's area or another store's: a {@code .mediagc} segment anywhere. */
    static boolean inStateArea(String key) {
        return key.equals(".mediagc") || key.startsWith(".mediagc/") || key.contains("/.mediagc/")
                || key.endsWith("/.mediagc");
    }
}
