package dev.mediagc.cli;

import dev.mediagc.internal.discover.StoredKeys;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.reference.IdentifierQuoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What parameter inference may do with the application's database and store: run a bounded query
 * inside discover's read-only transaction, name a table of the schema read, and ask whether a key
 * is stored (in the sweep's matching form).
 */
final class SchemaReader {

    private final Connection connection;
    private final IdentifierQuoting quoting;
    private final String schema;
    private final StoredKeys keys;
    private final KeyNormalizer normalizer = KeyNormalizer.of(List.of(), false);

    SchemaReader(Connection connection, IdentifierQuoting quoting, String schema, StoredKeys keys) {
        this.connection = connection;
        this.quoting = quoting;
        this.schema = schema;
        this.keys = keys;
    }

    /** A table as found in the schema, qualified by the schema when there is one (not on SQLite). */
    String table(String name) {
        return schema == null ? quoting.exact(name) : quoting.exact(schema) + "." + quoting.exact(name);
    }

    String column(String name) {
        return quoting.exact(name);
    }

    /** The rows of a query, every column as text; the arguments bind its {@code ?}s. */
    List<List<String>> rows(String sql, String... arguments) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.length; i++) {
                statement.setString(i + 1, arguments[i]);
            }
            try (ResultSet result = statement.executeQuery()) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>(width);
                    for (int c = 1; c <= width; c++) {
                        row.add(result.getString(c));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    boolean stored(String key) {
        return key != null && keys.contains(normalizer.normalize(key));
    }
}
