package dev.mediagc.hibernate;

import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.internal.reference.SqlIdentifier;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Columns and queries outside the {@code @MediaFile} mapping that name files too: a legacy table,
 * a table another application writes, a JSON column read by a query. The sweep reads them as
 * references, so cleanup on change must not delete a file one of them still names.
 *
 * <p>The look-ups are the sweep's own ({@link ColumnReference#lookUpOn}, {@link QueryReference}),
 * so a value that keeps a file from the sweep keeps it here too, whatever the column's type or
 * collation, and a query ending in a {@code -- comment} is wrapped safely.
 */
final class ExtraReferences {

    private final List<Source> sources = new CopyOnWriteArrayList<>();

    /** One place that may name a file, and how to ask it. */
    private record Source(String description, LookUp lookUp) {
    }

    @FunctionalInterface
    private interface LookUp {
        Set<String> holding(Connection connection, Collection<String> spellings, boolean ignoreCase) throws SQLException;
    }

    /** Adds {@code TABLE.COLUMN} or {@code SCHEMA.TABLE.COLUMN}; refuses any other form at once. */
    void addColumn(String qualifiedColumn) {
        ColumnReference column = new ColumnReference(SqlIdentifier.parseColumn(qualifiedColumn));
        sources.add(new Source(column.name(), column::lookUpOn));
    }

    /** Adds a query whose first column holds values; refuses anything but a single SELECT at once. */
    void addQuery(String sql) {
        QueryReference query = new QueryReference(sql, "a reference query", sources.size() + 1);
        sources.add(new Source("reference query " + oneLine(query.sql()), query::lookUpOn));
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /**
     * What still names one of {@code spellings}, or null when nothing does; with
     * {@code ignoreCase} (a store that folds letter case) the spellings are lower-cased and rows
     * are compared ignoring case. The connection must have no transaction in progress with writes
     * in it: see {@link ColumnReference#lookUpOn}.
     */
    String holderOf(Connection connection, List<String> spellings, boolean ignoreCase) throws SQLException {
        if (sources.isEmpty()) {
            return null;
        }
        // Only reads can have happened on this connection (it is cleanup's own session); ending
        // them lets the look-ups begin the read-only transaction they insist on.
        if (!connection.getAutoCommit()) {
            connection.rollback();
        }
        for (Source source : sources) {
            if (!source.lookUp().holding(connection, spellings, ignoreCase).isEmpty()) {
                return source.description();
            }
        }
        return null;
    }

    private static String oneLine(String sql) {
        String line = sql.replaceAll("\\s+", " ").strip();
        return line.length() <= 80 ? line : line.substring(0, 77) + "...";
    }
}
