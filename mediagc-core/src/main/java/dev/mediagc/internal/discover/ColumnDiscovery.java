package dev.mediagc.internal.discover;

import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.reference.IdentifierQuoting;
import dev.mediagc.internal.reference.ReadOnlyTransaction;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Finds the columns whose values name stored objects: lists the store's keys, then reads a small
 * sample of every text-like column of one schema, inside a checked read-only transaction, and
 * judges each sample ({@link SampleJudgement}). It changes nothing, and what it finds is a
 * proposal: a column whose sample misses its file names, or a reference built from two columns,
 * is not found, so the user reviews the result before a sweep relies on it.
 */
public final class ColumnDiscovery {

    public static final int DEFAULT_SAMPLE_ROWS = 1000;
    public static final int DEFAULT_KEY_CAP = 1_000_000;

    private final DataSource dataSource;
    private final ObjectStore store;
    private String schema;
    private int sampleRows = DEFAULT_SAMPLE_ROWS;
    private int keyCap = DEFAULT_KEY_CAP;
    private java.util.Random random = new java.util.Random();
    private int sampleObjects;

    public ColumnDiscovery(DataSource dataSource, ObjectStore store) {
        this.dataSource = dataSource;
        this.store = store;
    }

    /** The schema (MariaDB: database) to read; default the connection's current one. */
    public ColumnDiscovery schema(String schemaName) {
        this.schema = schemaName;
        return this;
    }

    /** How many non-null values to read per column. */
    public ColumnDiscovery sampleRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("`sample-rows` must be at least 1, not " + rows);
        }
        this.sampleRows = rows;
        return this;
    }

    /** How many store keys to keep in memory at most. */
    public ColumnDiscovery keyCap(int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the key cap must be at least 1, not " + cap);
        }
        this.keyCap = cap;
        return this;
    }

    /**
     * Lists only stretches of the store's key order holding about {@code objects} keys, instead of
     * the whole store, and judges only the values that fall within them ({@link KeyRangeSample});
     * 0 lists everything.
     */
    public ColumnDiscovery sampleObjects(int objects) {
        if (objects < 0) {
            throw new IllegalArgumentException("`sample-objects` must be at least 1 (or 0 for the whole store), not " + objects);
        }
        this.sampleObjects = objects;
        return this;
    }

    /** Where the random choices of row samples come from (a seeded one repeats a discovery exactly). */
    public ColumnDiscovery random(java.util.Random source) {
        this.random = java.util.Objects.requireNonNull(source);
        return this;
    }

    /**
     * What a discovery found, with the store's keys it listed (for measuring coverage on them
     * afterwards); the API's {@link dev.mediagc.Discovery.Result} is the same without the keys.
     */
    public record Result(String schema, StoredKeys keys, List<ColumnFinding> findings, List<String> unreadable) {

        public Result {
            findings = List.copyOf(findings);
            unreadable = List.copyOf(unreadable);
        }

        public List<ColumnFinding> proposed() {
            return Findings.proposed(findings);
        }

        public List<ColumnFinding> weak() {
            return Findings.weak(findings);
        }

        public List<String> prefixes() {
            return Findings.prefixes(findings);
        }

        public List<ColumnFinding> unjudged() {
            return Findings.unjudged(findings);
        }

        public List<String> textPrefixes() {
            return Findings.textPrefixes(findings);
        }
    }

    public Result run() throws IOException, SQLException {
        KeyNormalizer normalizer = KeyNormalizer.of(List.of(), false);
        StoredKeys keys = sampleObjects > 0 ? StoredKeys.sample(store, normalizer, sampleObjects, random)
                : StoredKeys.list(store, normalizer, keyCap, random, StoredKeys.DEFAULT_COVERAGE_KEYS);
        SampleJudgement judgement = new SampleJudgement(keys, normalizer);
        List<ColumnFinding> findings = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            String schemaRead = schema != null ? schema : TextColumns.currentSchema(connection);
            IdentifierQuoting quoting = IdentifierQuoting.of(connection);
            boolean qualify = schemaRead != null && !connection.getMetaData().getDatabaseProductName().toLowerCase(
                    java.util.Locale.ROOT).contains("sqlite");
            RowSampler sampler = new RowSampler(connection, quoting, random);
            for (TextColumn column : TextColumns.of(connection, schemaRead)) {
                String table = (qualify && column.schema() != null ? quoting.exact(column.schema()) + "." : "")
                        + quoting.exact(column.table());
                try {
                    RowSampler.Sample sample = sampler.sample(column, table, sampleRows);
                    findings.add(judgement.judge(reference(column, quoting), column.schema(), column.table(), column.column(), column.type(),
                            sample.values(), sample.method()));
                } catch (SQLException e) {
                    // A table the user may not read: say so, and go on with the others.
                    unreadable.add(column.table() + "." + column.column() + " (" + e.getMessage() + ")");
                    transaction.restart();
                }
            }
            return new Result(schemaRead, keys, findings, unreadable);
        }
    }

    /**
     * The column as the user would write it after {@code --ref}: a name the database would fold
     * to itself stays bare, any other is quoted, so the sweep reads exactly this column. The
     * schema is written only when the user named one; otherwise the sweep's connection finds
     * the table in the same current schema discovery read.
     */
    private String reference(TextColumn column, IdentifierQuoting quoting) {
        String table = spelled(column.table(), quoting) + "." + spelled(column.column(), quoting);
        return schema == null || column.schema() == null ? table : spelled(column.schema(), quoting) + "." + table;
    }

    private static String spelled(String name, IdentifierQuoting quoting) {
        boolean plain = PLAIN.matcher(name).matches();
        String folded = switch (quoting.unquotedFolding()) {
            case LOWER -> name.toLowerCase(java.util.Locale.ROOT);
            case UPPER -> name.toUpperCase(java.util.Locale.ROOT);
            case NONE -> name;
        };
        return plain && folded.equals(name) ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");
}
