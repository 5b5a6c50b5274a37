package dev.mediagc.internal.guard;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Who the database is: its product, where it lives (host, port, database or file, credentials and
 * parameters removed) and, where the server offers one, a server-side identifier. Recorded in the
 * store on the first applied run, so a later run against another database ("staging database,
 * production bucket") refuses to act.
 *
 * <p>The same database can hold another copy of the tables under another schema
 * ({@code ?currentSchema=staging}), so the identity also holds where unqualified table names
 * resolve ({@code schema}: the schema and search path, the database, or the main file as the
 * database reports them) and the URL settings that change it ({@code nameSettings}: PostgreSQL's
 * {@code currentSchema} and {@code options}, H2's {@code SCHEMA} and {@code INIT}).
 */
public record DatabaseIdentity(String product, String location, String database, String serverId,
                               String schema, String nameSettings) {

    public static DatabaseIdentity of(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String product = meta.getDatabaseProductName();
            String catalog = connection.getCatalog();
            return new DatabaseIdentity(product, location(meta.getURL()), catalog, serverId(connection, product),
                    NameResolution.schema(connection, product), NameResolution.urlSettings(meta.getURL()));
        }
    }

    /** Whether this identity was recorded before mediagc recorded where names resolve (an older binding). */
    public boolean recordsSchema() {
        return schema != null;
    }

    /** The URL without credentials, user info or parameters. */
    static String location(String url) {
        if (url == null) {
            return null;
        }
        String s = url;
        int cut = indexOfAny(s, '?', ';');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int scheme = s.indexOf("//");
        int at = s.indexOf('@', Math.max(scheme, 0));
        if (scheme >= 0 && at > scheme) {
            s = s.substring(0, scheme + 2) + s.substring(at + 1);
        }
        return s;
    }

    /** The first index of {@code a} or {@code b} in {@code s}, or -1. */
    static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    private static String serverId(Connection connection, String product) {
        String p = product == null ? "" : product.toLowerCase(Locale.ROOT);
        String sql;
        if (p.contains("postgres")) {
            sql = "SELECT system_identifier::text FROM pg_control_system()";
        } else if (p.contains("mysql") || p.contains("mariadb")) {
            sql = "SELECT CONCAT(@@hostname, ':', @@port, '#', @@server_id)";
        } else {
            return null;
        }
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            return null; // not every account may read it; location and database still identify
        }
    }

    /**
     * Whether both name the same tables: same product, database, schema and name settings, and
     * same server or location. A side that does not know its schema is never the same.
     */
    public boolean sameAs(DatabaseIdentity other) {
        if (!eq(product, other.product) || !eq(database, other.database)) {
            return false;
        }
        if (schema == null || other.schema == null || !schema.equals(other.schema) || !eq(nameSettings, other.nameSettings)) {
            return false;
        }
        if (serverId != null && other.serverId != null) {
            return serverId.equals(other.serverId);
        }
        return eq(location, other.location);
    }

    private static boolean eq(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    @Override
    public String toString() {
        return product + " " + location + (database == null ? "" : " (database " + database + ")")
                + (schema == null ? " (schema not recorded)" : " (schema " + schema + ")")
                + (nameSettings == null || nameSettings.isEmpty() ? "" : " [" + nameSettings + "]");
    }
}
