package dev.mediagc.hibernate;

import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.internal.reference.ReadOnlyTransaction;
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
 * <p>The look-ups are the sweep's own ({@link ColumnReference#lookUpWithin}, {@link QueryReference}),
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
        Set<String> holding(Connection connection, ReadOnlyTransaction transaction, Collection<String> spellings,
                            boolean ignoreCase) throws SQLException;
    }

    /** Adds {@code TABLE.COLUMN} or {@code SCHEMA.TABLE.COLUMN}; refuses any other form at once. */
    void addColumn(String qualifiedColumn) {
        ColumnReference column = new ColumnReference(SqlIdentifier.parseColumn(qualifiedColumn));
        sources.add(new Source(column.name(), column::lookUpWithin));
    }

    /** Adds a query whose first column holds values; refuses anything but a single SELECT at once. */
    void addQuery(String sql) {
        QueryReference query = new QueryReference(sql, "a reference query", sources.size() + 1);
        sources.add(new Source("reference query " + oneLine(query.sql()), query::lookUpWithin));
    }

    boolean isEmpty() {
        return sources.isEmpty();
    }

    /**
     * What still names one of {@code spellings}, or null when nothing does; with
     * {@code ignoreCase} (a store that folds letter case) the spellings are lower-cased and rows
     * are compared ignoring case. Asked inside the caller's read-only transaction.
     */
    String holderOf(Connection connection, ReadOnlyTransaction transaction, List<String> spellings, boolean ignoreCase)
            throws SQLException {
        for (Source source : sources) {
            if (!source.lookUp().holding(connection, transaction, spellings, ignoreCase).isEmpty()) {
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
