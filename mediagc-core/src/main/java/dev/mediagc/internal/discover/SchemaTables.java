package dev.mediagc.internal.discover;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every table of one schema with all its columns, whatever their types, as the driver's
 * {@link DatabaseMetaData} spells them: what an application's schema looks like, for telling a
 * known application by its tables ({@link TextColumns} keeps the text columns only, for sampling).
 */
public final class SchemaTables {

    private static final String[] TABLE_TYPES = {"TABLE", "PARTITIONED TABLE", "BASE TABLE"};

    /** A table and its columns in their declared order, names as the database stores them. */
    public record Table(String schema, String name, List<String> columns) {

        public Table {
            columns = List.copyOf(columns);
        }
    }

    private SchemaTables() {
    }

    /** The schema (or MariaDB database) a connection reads when none is named. */
    public static String currentSchema(Connection connection) throws SQLException {
        return TextColumns.currentSchema(connection);
    }

    /** The tables of {@code schema} (the connection's current one when null), views left out. */
    public static List<Table> of(Connection connection, String schema) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        boolean catalogs = TextColumns.usesCatalogs(connection);
        String escape = metadata.getSearchStringEscape();
        String pattern = schema == null ? null : escaped(schema, escape);
        Map<String, String> schemaOf = new LinkedHashMap<>();
        try (ResultSet rows = catalogs ? metadata.getTables(schema, null, "%", TABLE_TYPES)
                : metadata.getTables(null, pattern, "%", TABLE_TYPES)) {
            while (rows.next()) {
                String tableSchema = catalogs ? rows.getString("TABLE_CAT") : rows.getString("TABLE_SCHEM");
                if (schema != null && tableSchema != null && !schema.equals(tableSchema)) {
                    continue; // a LIKE pattern match the escape did not rule out
                }
                schemaOf.put(rows.getString("TABLE_NAME"), tableSchema);
            }
        }
        Map<String, List<String>> columns = new LinkedHashMap<>();
        schemaOf.keySet().forEach(table -> columns.put(table, new ArrayList<>()));
        // One metadata query for the whole schema rather than one per table: a schema may hold hundreds.
        try (ResultSet rows = catalogs ? metadata.getColumns(schema, null, "%", "%")
                : metadata.getColumns(null, pattern, "%", "%")) {
            while (rows.next()) {
                String tableSchema = catalogs ? rows.getString("TABLE_CAT") : rows.getString("TABLE_SCHEM");
                List<String> of = columns.get(rows.getString("TABLE_NAME"));
                if (of != null && (schema == null || tableSchema == null || schema.equals(tableSchema))) {
                    of.add(rows.getString("COLUMN_NAME"));
                }
            }
        }
        List<Table> tables = new ArrayList<>();
        columns.forEach((table, names) -> tables.add(new Table(schemaOf.get(table), table, names)));
        return tables;
    }

    private static String escaped(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
