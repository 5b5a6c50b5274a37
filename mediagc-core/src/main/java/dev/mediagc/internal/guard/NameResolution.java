package dev.mediagc.internal.guard;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Where a connection resolves unqualified table names, as the database and the URL say. */
final class NameResolution {

    /** URL settings that change which tables unqualified names resolve to, by URL prefix. */
    private static final Map<String, Set<String>> NAME_SETTINGS = Map.of(
            "jdbc:postgresql:", Set.of("currentschema", "options"),
            "jdbc:h2:", Set.of("schema", "init"));

    private NameResolution() {
    }

    /**
     * The schema names resolve in, as the database reports it: PostgreSQL's current schema and
     * search path, MySQL/MariaDB's database, H2's schema, SQLite's main file. Throws if it cannot be
     * read: a binding that cannot tell schemas apart must not be written or accepted.
     */
    static String schema(Connection connection, String product) throws SQLException {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return single(connection, "SELECT COALESCE(current_schema(), '(none)') || '; search_path=' || current_setting('search_path')");
        }
        if (p.contains("mysql") || p.contains("mariadb")) {
            return single(connection, "SELECT COALESCE(DATABASE(), '(none)')");
        }
        if (p.equals("h2")) {
            return single(connection, "SELECT SCHEMA()");
        }
        if (p.contains("sqlite")) {
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("PRAGMA database_list")) {
                while (rows.next()) {
                    if ("main".equals(rows.getString("name"))) {
                        String file = rows.getString("file");
                        return file == null || file.isEmpty() ? "(in memory)" : file;
                    }
                }
            }
            return "(in memory)";
        }
        String schema = connection.getSchema();
        return schema == null ? "(default)" : schema;
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            if (!row.next() || row.getString(1) == null) {
                throw new SQLException("the database did not say which schema this connection uses (" + sql + ")");
            }
            return row.getString(1);
        }
    }

    /** The URL's name-resolving settings as {@code key=value} pairs, sorted, keys lower case; empty when none. */
    static String urlSettings(String url) {
        if (url == null) {
            return "";
        }
        String lower = url.toLowerCase(Locale.ROOT);
        Set<String> wanted = NAME_SETTINGS.entrySet().stream().filter(e -> lower.startsWith(e.getKey()))
                .map(Map.Entry::getValue).findFirst().orElse(Set.of());
        if (wanted.isEmpty()) {
            return "";
        }
        Map<String, String> found = new TreeMap<>();
        int query = DatabaseIdentity.indexOfAny(url, '?', ';');
        if (query < 0) {
            return "";
        }
        for (String pair : url.substring(query + 1).split("[&;]")) {
            int eq = pair.indexOf('=');
            String key = (eq < 0 ? pair : pair.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (wanted.contains(key)) {
                String value = eq < 0 ? "" : pair.substring(eq + 1).strip();
                found.put(key, lower.startsWith("jdbc:postgresql:") ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value);
            }
        }
        StringBuilder sb = new StringBuilder();
        found.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }
}
