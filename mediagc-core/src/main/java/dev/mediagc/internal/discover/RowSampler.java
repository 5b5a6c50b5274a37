package dev.mediagc.internal.discover;

import dev.mediagc.SampleMethod;
import dev.mediagc.internal.reference.IdentifierQuoting;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Reads at most {@code n} non-null values of one column, picked from the whole table where the
 * database allows it at a bounded cost, since the first rows ({@code LIMIT n}) are the oldest and
 * a column filled only by newer code would be missed. Every query runs on the caller's connection,
 * inside its read-only transaction.
 *
 * <ul>
 *   <li>PostgreSQL: {@code TABLESAMPLE} with a percentage from the planner's estimate
 *       ({@code pg_class.reltuples}, less {@code pg_stats.null_frac}) sized for about
 *       {@link #OVERSAMPLE} times {@code n} values, then {@code ORDER BY random() LIMIT n} over
 *       those few rows so no part of the table is favoured. {@code SYSTEM} (whole random pages,
 *       reading only them) for big tables; {@code BERNOULLI} (row by row, reading every row) only
 *       for tables of at most {@link #MAX_EXAMINED} times {@code n} rows, where that is cheap.
 *       The percentage is capped so that no more than that many rows' pages are read.
 *   <li>MariaDB/MySQL and H2, with a single-column integer primary key, and SQLite by its rowid:
 *       {@link #WINDOWS} windows, one at a random point in each of as many equal slices of the
 *       key range ({@code MIN}/{@code MAX} of the key: two index lookups), each read by the key
 *       index as {@code WHERE key >= start AND key < start + width ... LIMIT m}. A window spans at
 *       most {@code width} key values, and keys are unique, so it examines at most that many rows
 *       whatever the table's size. {@code OFFSET} windows were rejected: the database reads and
 *       drops every row before the offset, so a window near the end of a big table is a full
 *       scan; {@code ORDER BY RAND()} reads and sorts the whole table. MariaDB's estimate
 *       ({@code information_schema.TABLES.TABLE_ROWS}) sizes the windows when keys have gaps.
 *   <li>Otherwise (no usable key, no estimate, or a table with about {@code n} values or fewer):
 *       {@code LIMIT n}, which reads the whole column of a small table anyway.
 * </ul>
 * A random or spread sample that came back with fewer than half the values asked for (a stale
 * estimate, a sparse column) is compared with {@code LIMIT n}, and the larger one is kept, so a
 * column never gets fewer values than the plain first-rows sample would give it.
 */
final class RowSampler {

    /** Read this many times the values asked for, then pick at random among them. */
    static final double OVERSAMPLE = 3.0;
    /** No sample examines more than this many times {@code n} rows (estimated). */
    static final int MAX_EXAMINED = 10;
    /** Windows over the key range; fewer for tiny samples ({@link #MIN_WINDOW_ROWS} values each at least). */
    static final int WINDOWS = 20;
    private static final int MIN_WINDOW_ROWS = 50;
    private static final Set<Integer> INTEGER_TYPES = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT);

    private final Connection connection;
    private final IdentifierQuoting quoting;
    private final Random random;
    private final String product;

    RowSampler(Connection connection, IdentifierQuoting quoting, Random random) throws SQLException {
        this.connection = connection;
        this.quoting = quoting;
        this.random = random;
        this.product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    }

    /** The values read and how they were picked. */
    record Sample(List<String> values, SampleMethod method) {
    }

    /**
     * Up to {@code n} non-null values of {@code column}; {@code table} is its name as the query
     * writes it (qualified and quoted).
     */
    Sample sample(TextColumn column, String table, int n) throws SQLException {
        String quotedColumn = quoting.exact(column.column());
        Sample sample;
        if (product.contains("postgres")) {
            sample = postgres(column, table, quotedColumn, n);
        } else if (product.contains("mysql") || product.contains("mariadb") || product.equals("h2")) {
            String key = integerPrimaryKey(column);
            sample = key == null ? null : windows(table, quoting.exact(key), quotedColumn, n,
                    product.equals("h2") ? null : mysqlEstimate(column));
        } else if (product.contains("sqlite")) {
            String rowid = sqliteRowid(column);
            sample = rowid == null ? null : windows(table, rowid, quotedColumn, n, null);
        } else {
            sample = null;
        }
        if (sample != null && sample.values().size() >= (n + 1) / 2) {
            return sample;
        }
        Sample first = firstRows(table, quotedColumn, n);
        return sample != null && sample.values().size() > first.values().size() ? sample : first;
    }

    private Sample firstRows(String table, String quotedColumn, int n) throws SQLException {
        List<String> values = query("SELECT " + quotedColumn + " FROM " + table + " WHERE " + quotedColumn
                + " IS NOT NULL LIMIT " + n, List.of());
        return new Sample(values, values.size() < n ? SampleMethod.WHOLE_COLUMN : SampleMethod.FIRST_ROWS);
    }

    // ------------------------------------------------------------------ PostgreSQL

    private Sample postgres(TextColumn column, String table, String quotedColumn, int n) throws SQLException {
        double rows;
        double nullShare;
        try (PreparedStatement estimate = connection.prepareStatement("SELECT c.reltuples, (SELECT s.null_frac FROM pg_stats s "
                + "WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = ? ORDER BY s.inherited LIMIT 1) "
                + "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = CAST(? AS regclass)")) {
            estimate.setString(1, column.column());
            estimate.setString(2, table);
            try (ResultSet row = estimate.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                rows = row.getDouble(1);
                nullShare = row.getDouble(2); // 0 when the column has no statistics yet
            }
        }
        double values = rows * (1 - nullShare);
        if (rows <= 0 || values <= n) {
            return null; // never analysed (-1), empty, or small enough that LIMIT reads it all
        }
        boolean small = rows <= (double) MAX_EXAMINED * n;
        double percent = Math.min(100, 100 * OVERSAMPLE * n / values);
        if (!small) {
            percent = Math.min(percent, 100.0 * MAX_EXAMINED * n / rows);
        }
        String method = small ? "BERNOULLI" : "SYSTEM";
        List<String> read = query("SELECT " + quotedColumn + " FROM " + table + " TABLESAMPLE " + method + " ("
                + String.format(Locale.ROOT, "%.6f", percent) + ") WHERE " + quotedColumn
                + " IS NOT NULL ORDER BY random() LIMIT " + n, List.of());
        return new Sample(read, SampleMethod.RANDOM);
    }

    // ------------------------------------------------------------------ key windows

    /** Rows from {@link #WINDOWS} windows spread over the integer {@code key}'s range; null if the range is unusable. */
    private Sample windows(String table, String key, String quotedColumn, int n, Long estimate) throws SQLException {
        BigInteger low;
        BigInteger high;
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT MIN(" + key + "), MAX(" + key + ") FROM " + table)) {
            if (!row.next() || row.getString(1) == null) {
                return null;
            }
            low = new BigInteger(row.getString(1));
            high = new BigInteger(row.getString(2));
        }
        BigInteger spanExact = high.subtract(low).add(BigInteger.ONE);
        if (spanExact.bitLength() > 62 || low.bitLength() > 62 || high.bitLength() > 62) {
            return null; // keys near the ends of 64 bits: not worth the arithmetic
        }
        long span = spanExact.longValue();
        long rows = estimate != null && estimate > 0 ? Math.min(estimate, span) : span;
        if (rows <= n) {
            return null; // LIMIT reads the whole (small) table
        }
        int windows = Math.max(1, Math.min(WINDOWS, n / MIN_WINDOW_ROWS));
        int perWindow = (n + windows - 1) / windows;
        double keysPerRow = (double) span / rows;
        long slice = span / windows;
        long width = Math.max(1, Math.min(slice, (long) Math.ceil(OVERSAMPLE * perWindow * keysPerRow)));
        String sql = "SELECT " + quotedColumn + " FROM " + table + " WHERE " + key + " >= ? AND " + key + " < ? AND "
                + quotedColumn + " IS NOT NULL ORDER BY " + key + " LIMIT " + perWindow;
        List<String> values = new ArrayList<>();
        for (int i = 0; i < windows; i++) {
            long sliceStart = low.longValue() + i * slice;
            long sliceEnd = i == windows - 1 ? high.longValue() + 1 : sliceStart + slice;
            long room = sliceEnd - sliceStart - width;
            long start = sliceStart + (room > 0 ? (long) (random.nextDouble() * (room + 1)) : 0);
            values.addAll(query(sql, List.of(start, Math.min(start + width, sliceEnd))));
        }
        return new Sample(values.size() > n ? values.subList(0, n) : values, SampleMethod.SPREAD);
    }

    /** The table's primary key when it is one integer column, else null. */
    private String integerPrimaryKey(TextColumn column) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        boolean catalogs = TextColumns.usesCatalogs(connection);
        List<String> keys = new ArrayList<>();
        try (ResultSet rows = catalogs ? metadata.getPrimaryKeys(column.schema(), null, column.table())
                : metadata.getPrimaryKeys(null, column.schema(), column.table())) {
            while (rows.next()) {
                keys.add(rows.getString("COLUMN_NAME"));
            }
        }
        if (keys.size() != 1) {
            return null;
        }
        try (ResultSet rows = catalogs ? metadata.getColumns(column.schema(), null, column.table(), null)
                : metadata.getColumns(null, column.schema(), column.table(), null)) {
            while (rows.next()) {
                if (keys.get(0).equals(rows.getString("COLUMN_NAME")) && column.table().equals(rows.getString("TABLE_NAME"))) {
                    return INTEGER_TYPES.contains(rows.getInt("DATA_TYPE")) ? keys.get(0) : null;
                }
            }
        }
        return null;
    }

    /** InnoDB's row estimate (off by tens of percent at worst), or null. */
    private Long mysqlEstimate(TextColumn column) throws SQLException {
        try (PreparedStatement estimate = connection.prepareStatement(
                "SELECT TABLE_ROWS FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
            estimate.setString(1, column.schema() != null ? column.schema() : connection.getCatalog());
            estimate.setString(2, column.table());
            try (ResultSet row = estimate.executeQuery()) {
                if (row.next()) {
                    long rows = row.getLong(1);
                    return row.wasNull() ? null : rows;
                }
            }
        }
        return null;
    }

    /**
     * The name SQLite's rowid answers to in this table: {@code rowid}, unless a column took that
     * name (then {@code _rowid_} or {@code oid}); null for a table without a rowid.
     */
    private String sqliteRowid(TextColumn column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = connection.getMetaData().getColumns(null, null, column.table(), null)) {
            while (rows.next()) {
                names.add(rows.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        for (String alias : List.of("rowid", "_rowid_", "oid")) {
            if (!names.contains(alias)) {
                try (Statement statement = connection.createStatement()) {
                    // A WITHOUT ROWID table refuses this; SQLite's transaction goes on after a failed statement.
                    statement.executeQuery("SELECT " + alias + " FROM " + quoting.exact(column.table()) + " LIMIT 0").close();
                    return alias;
                } catch (SQLException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private List<String> query(String sql, List<Long> parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setLong(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
        }
        return values;
    }
}
