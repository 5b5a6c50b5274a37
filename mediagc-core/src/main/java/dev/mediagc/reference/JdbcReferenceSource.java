package dev.mediagc.reference;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The common part of sources read over JDBC: a read-only connection, rows streamed with the
 * driver's streaming mode rather than loaded whole, and point look-ups in chunks.
 */
abstract class JdbcReferenceSource implements ReferenceSource {

    /** Rows per round trip while streaming; large enough to amortise, small enough for the heap. */
    static final int FETCH_SIZE = 10_000;
    /** Values bound per point look-up statement; below every driver's parameter limit. */
    private static final int LOOKUP_CHUNK = 500;

    private final DataSource dataSource;
    private final int queryTimeoutSeconds;

    JdbcReferenceSource(DataSource dataSource, int queryTimeoutSeconds) {
        this.dataSource = dataSource;
        this.queryTimeoutSeconds = queryTimeoutSeconds;
    }

    /** The statement that yields every value in its first column. */
    abstract String streamingSql(Connection connection) throws SQLException;

    /** The statement selecting the first-column values equal to any of {@code count} parameters. */
    abstract String lookUpSql(Connection connection, int count, boolean ignoreCase) throws SQLException;

    @Override
    public void stream(ReferenceSink sink) throws ReferenceSourceException {
        try (Connection connection = openReadOnly()) {
            if (PostgresCopy.usableOn(connection)) {
                try {
                    PostgresCopy.stream(connection, streamingSql(connection), queryTimeoutSeconds, sink);
                } finally {
                    endReadOnly(connection);
                }
                return;
            }
            try (Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                enableStreaming(connection, statement);
                statement.setQueryTimeout(queryTimeoutSeconds);
                try (ResultSet rows = statement.executeQuery(streamingSql(connection))) {
                    while (rows.next()) {
                        sink.accept(rows.getString(1));
                    }
                }
            } finally {
                endReadOnly(connection);
            }
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), describe(e), e);
        } catch (RuntimeException e) {
            throw new ReferenceSourceException(name(), e.toString(), e);
        }
    }

    @Override
    public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException {
        Set<String> found = new HashSet<>();
        if (spellings.isEmpty()) {
            return found;
        }
        List<String> all = List.copyOf(spellings);
        try (Connection connection = openReadOnly()) {
            try {
                for (int from = 0; from < all.size(); from += LOOKUP_CHUNK) {
                    List<String> chunk = all.subList(from, Math.min(all.size(), from + LOOKUP_CHUNK));
                    try (PreparedStatement statement = connection.prepareStatement(lookUpSql(connection, chunk.size(), ignoreCase))) {
                        statement.setQueryTimeout(queryTimeoutSeconds);
                        for (int i = 0; i < chunk.size(); i++) {
                            statement.setString(i + 1, chunk.get(i));
                        }
                        try (ResultSet rows = statement.executeQuery()) {
                            while (rows.next()) {
                                String value = rows.getString(1);
                                if (value != null) {
                                    found.add(ignoreCase ? value.toLowerCase(Locale.ROOT) : value);
                                }
                            }
                        }
                    }
                }
            } finally {
                endReadOnly(connection);
            }
        } catch (SQLException e) {
            throw new ReferenceSourceException(name(), describe(e), e);
        }
        return found;
    }

    private Connection openReadOnly() throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            if (!connection.isReadOnly()) {
                connection.setReadOnly(true);
            }
            // PostgreSQL only streams inside a transaction; read-only transactions are also what
            // makes the database itself refuse any write.
            connection.setAutoCommit(false);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static void endReadOnly(Connection connection) {
        try {
            if (!connection.isClosed() && !connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException ignored) {
            // The connection is closed next; nothing was written.
        }
    }

    /** Puts the statement in the driver's row-streaming mode. */
    static void enableStreaming(Connection connection, Statement statement) throws SQLException {
        String driver = connection.getMetaData().getDriverName().toLowerCase(Locale.ROOT);
        if (driver.contains("mysql") && !driver.contains("mariadb")) {
            // MySQL Connector/J streams row by row only with this magic value.
            statement.setFetchSize(Integer.MIN_VALUE);
        } else {
            statement.setFetchSize(FETCH_SIZE);
        }
    }

    static String quoteString(Connection connection) throws SQLException {
        String quote = connection.getMetaData().getIdentifierQuoteString();
        return quote == null || quote.isBlank() ? "\"" : quote.strip();
    }

    static String placeholders(int count) {
        return String.join(",", java.util.Collections.nCopies(count, "?"));
    }

    static String describe(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        return e.getSQLState() == null ? message : message + " (SQLState " + e.getSQLState() + ")";
    }
}
