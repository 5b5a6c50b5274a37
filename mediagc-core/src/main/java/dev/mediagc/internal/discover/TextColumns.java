package dev.mediagc.internal.discover;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The text-like columns of one schema's tables, as the driver's {@link DatabaseMetaData} reports
 * them. MariaDB and MySQL call a database a catalog and have no schemas; the others use schemas.
 */
final class TextColumns {

    private static final Set<Integer> TEXT_TYPES = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
            Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB);
    private static final String[] TABLE_TYPES = {"TABLE", "PARTITIONED TABLE", "BASE TABLE"};

    private TextColumns() {
    }

    /** Whether the database keeps tables in catalogs (MariaDB/MySQL databases) rather than schemas. */
    static boolean usesCatalogs(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("mysql") || product.contains("mariadb");
    }

    /** The schema (or MariaDB database) to read when the user named none: the connection's own. */
    static String currentSchema(Connection connection) throws SQLException {
        return usesCatalogs(connection) ? connection.getCatalog() : connection.getSchema();
    }

    static List<TextColumn> of(Connection connection, String schema) throws SQLException {
        DatabaseMetaData metadata = connection.getMetaData();
        boolean catalogs = usesCatalogs(connection);
        String pattern = schema == null ? null : escaped(schema, metadata.getSearchStringEscape());
        List<TextColumn> columns = new ArrayList<>();
        List<String[]> tables = new ArrayList<>();
        try (ResultSet rows = catalogs ? metadata.getTables(schema, null, "%", TABLE_TYPES)
                : metadata.getTables(null, pattern, "%", TABLE_TYPES)) {
            while (rows.next()) {
                String tableSchema = catalogs ? rows.getString("TABLE_CAT") : rows.getString("TABLE_SCHEM");
                if (schema != null && tableSchema != null && !schema.equals(tableSchema)) {
                    continue; // a LIKE pattern match the escape did not rule out
                }
                tables.add(new String[] {tableSchema, rows.getString("TABLE_NAME")});
            }
        }
        for (String[] table : tables) {
            String tablePattern = escaped(table[1], metadata.getSearchStringEscape());
            try (ResultSet rows = catalogs ? metadata.getColumns(table[0], null, tablePattern, "%")
                    : metadata.getColumns(null, table[0] == null ? null : escaped(table[0], metadata.getSearchStringEscape()),
                            tablePattern, "%")) {
                while (rows.next()) {
                    if (!table[1].equals(rows.getString("TABLE_NAME"))) {
                        continue;
                    }
                    String type = rows.getString("TYPE_NAME");
                    if (isText(rows.getInt("DATA_TYPE"), type)) {
                        columns.add(new TextColumn(table[0], table[1], rows.getString("COLUMN_NAME"),
                                type == null ? "" : type.toLowerCase(Locale.ROOT)));
                    }
                }
            }
        }
        return columns;
    }

    private static boolean isText(int dataType, String typeName) {
        if (TEXT_TYPES.contains(dataType)) {
            return true;
        }
        String name = typeName == null ? "" : typeName.toLowerCase(Locale.ROOT);
        return name.contains("char") || name.contains("text") || name.contains("clob") || name.startsWith("json");
    }

    private static String escaped(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
