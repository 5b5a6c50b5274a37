package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Whether the database user mediagc connects as could write to the application's tables. mediagc
 * only reads, inside read-only transactions; a user that cannot write makes that a guarantee the
 * database gives rather than one mediagc gives, so a run says when it is not the case.
 */
public final class DatabaseAccess {

    private static final Pattern WRITE_GRANT = Pattern.compile(
            "^GRANT\\s+.*\\b(ALL PRIVILEGES|INSERT|UPDATE|DELETE|DROP|ALTER|CREATE|SUPER|EXECUTE)\\b.*\\bON\\b",
            Pattern.CASE_INSENSITIVE);

    private DatabaseAccess() {
    }

    /**
     * One line recommending a read-only database user when the connected user can write (or when
     * that cannot be found out), empty when it cannot write. Never throws: it is a warning only.
     */
    public static Optional<String> writeWarning(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return whyItCanWrite(connection).map(why -> "the database user " + why + "; mediagc only reads, "
                    + "but connecting as a read-only user (SELECT only) makes the database guarantee it");
        } catch (SQLException e) {
            return Optional.of(unknown(JdbcReferenceSource.describe(e)));
        } catch (RuntimeException e) {
            return Optional.of(unknown(e.toString()));
        }
    }

    private static String unknown(String why) {
        return "could not tell whether the database user can write (" + why + "); connecting as a read-only user "
                + "(SELECT only) makes the database guarantee mediagc only reads";
    }

    private static Optional<String> whyItCanWrite(Connection connection) throws SQLException {
        String user = connection.getMetaData().getUserName();
        return switch (Dialect.of(connection)) {
            case POSTGRESQL -> postgres(connection, user);
            case MYSQL -> mysql(connection, user);
            case SQLITE -> connection.isReadOnly() || "1".equals(single(connection, "PRAGMA query_only"))
                    ? Optional.empty() : Optional.of("connection can write to the SQLite file");
            case H2 -> h2(connection, user);
            case OTHER -> Optional.empty();
        };
    }

    private static Optional<String> postgres(Connection connection, String user) throws SQLException {
        if ("true".equals(single(connection, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))) {
            return Optional.of("'" + user + "' is a superuser and can write");
        }
        String table = single(connection, "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c "
                + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                + "AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%' "
                + "AND has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE') ORDER BY 1 LIMIT 1");
        return table == null ? Optional.empty() : Optional.of("'" + user + "' can write to " + table + " and maybe more");
    }

    private static Optional<String> mysql(Connection connection, String user) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet grants = statement.executeQuery("SHOW GRANTS FOR CURRENT_USER()")) {
            while (grants.next()) {
                String grant = grants.getString(1);
                if (grant != null && WRITE_GRANT.matcher(grant).find()) {
                    String shown = grant.replaceAll("IDENTIFIED BY .*", "").strip();
                    return Optional.of("'" + user + "' can write (" + shown + ")");
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> h2(Connection connection, String user) throws SQLException {
        if ("TRUE".equalsIgnoreCase(single(connection,
                "SELECT IS_ADMIN FROM INFORMATION_SCHEMA.USERS WHERE USER_NAME = CURRENT_USER"))) {
            return Optional.of("'" + user + "' is an H2 administrator and can write");
        }
        String table = single(connection, "SELECT TABLE_SCHEMA || '.' || TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_PRIVILEGES "
                + "WHERE GRANTEE = CURRENT_USER AND PRIVILEGE_TYPE IN ('INSERT', 'UPDATE', 'DELETE') LIMIT 1");
        return table == null ? Optional.empty() : Optional.of("'" + user + "' can write to " + table.toLowerCase(Locale.ROOT));
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
