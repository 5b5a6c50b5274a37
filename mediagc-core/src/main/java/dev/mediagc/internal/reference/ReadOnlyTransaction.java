package dev.mediagc.internal.reference;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A transaction in which the database itself refuses writes, checked before the first row is read:
 * a {@code --ref-sql} calling {@code nextval()}, taking {@code FOR UPDATE} locks or calling a
 * function that inserts fails instead of changing the application's data. It always ends with a
 * rollback, never a commit.
 *
 * <ul>
 *   <li>PostgreSQL: {@code SET TRANSACTION READ ONLY}, then {@code SHOW transaction_read_only} must
 *       say {@code on}. Issued as an ordinary statement so the driver opens the transaction; a COPY
 *       sent first would otherwise run in a transaction of its own, outside the read-only one.
 *   <li>MySQL/MariaDB: {@code START TRANSACTION READ ONLY}; MariaDB's {@code @@in_transaction} must
 *       then say a transaction is open.
 *   <li>SQLite: {@code PRAGMA query_only = 1} (the command line also opens the file read-only),
 *       restored afterwards, since a pooled connection goes back to the application.
 *   <li>H2 has no read-only transaction; only the connection's read-only flag, which H2 treats as
 *       a hint. Single statements only and the write warning are what protect it.
 * </ul>
 */
public final class ReadOnlyTransaction implements AutoCloseable {

    private final Connection connection;
    private final Dialect dialect;
    /** The flags the connection came with; a pool may hand it on to the application unreset. */
    private final boolean wasAutoCommit;
    private final boolean wasReadOnly;
    private boolean restoreQueryOnly;

    private ReadOnlyTransaction(Connection connection, Dialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.wasAutoCommit = connection.getAutoCommit();
        this.wasReadOnly = connection.isReadOnly();
    }

    /** Starts a checked read-only transaction on {@code connection}, or throws saying why it could not. */
    public static ReadOnlyTransaction begin(Connection connection) throws SQLException {
        ReadOnlyTransaction transaction = new ReadOnlyTransaction(connection, Dialect.of(connection));
        try {
            transaction.start();
        } catch (SQLException | RuntimeException e) {
            transaction.close(); // gives the connection back as it was found even when the check failed
            throw e;
        }
        return transaction;
    }

    Dialect dialect() {
        return dialect;
    }

    private void start() throws SQLException {
        if (!connection.isReadOnly()) {
            try {
                connection.setReadOnly(true);
            } catch (SQLException e) {
                // SQLite fixes read-only at open time and refuses the flag later; query_only below
                // does the same job on an already open connection. Elsewhere the flag is required.
                if (dialect != Dialect.SQLITE) {
                    throw e;
                }
            }
        }
        connection.setAutoCommit(false);
        switch (dialect) {
            case POSTGRESQL -> {
                execute("SET TRANSACTION READ ONLY");
                require("SHOW transaction_read_only", "on", "transaction_read_only");
            }
            case MYSQL -> {
                execute("START TRANSACTION READ ONLY");
                if (connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("mariadb")) {
                    require("SELECT @@in_transaction", "1", "@@in_transaction");
                }
            }
            case SQLITE -> {
                if (!"1".equals(single("PRAGMA query_only"))) {
                    execute("PRAGMA query_only = 1");
                    restoreQueryOnly = true;
                }
                require("PRAGMA query_only", "1", "PRAGMA query_only");
            }
            case H2, OTHER -> {
                // nothing more the database offers per transaction
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private String single(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    private void require(String sql, String expected, String setting) throws SQLException {
        String actual = single(sql);
        if (!expected.equalsIgnoreCase(actual == null ? "" : actual.strip())) {
            throw new SQLException("the database did not open a read-only transaction (" + setting + " = " + actual
                    + "); mediagc reads only inside one, so nothing was read. Check the driver and any pooler "
                    + "between mediagc and the database", "25000");
        }
    }

    /**
     * Rolls back (nothing was meant to be written) and gives the connection back as it was found:
     * auto-commit and read-only flags too, since a pool that does not reset them (the Spring
     * starter borrows the application's DataSource) would hand the application a read-only
     * connection next.
     */
    @Override
    public void close() {
        try {
            if (connection.isClosed()) {
                return;
            }
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
            if (restoreQueryOnly) {
                execute("PRAGMA query_only = 0");
            }
            // After the rollback, so switching auto-commit back on commits nothing.
            if (connection.getAutoCommit() != wasAutoCommit) {
                connection.setAutoCommit(wasAutoCommit);
            }
            if (connection.isReadOnly() != wasReadOnly) {
                connection.setReadOnly(wasReadOnly);
            }
        } catch (SQLException ignored) {
            // The connection is closed next; nothing was written.
        }
    }

    /**
     * After a failed statement: PostgreSQL aborts the whole transaction, so roll back and open a
     * new checked read-only one before the next statement.
     */
    public void restart() throws SQLException {
        connection.rollback();
        start();
    }
}
