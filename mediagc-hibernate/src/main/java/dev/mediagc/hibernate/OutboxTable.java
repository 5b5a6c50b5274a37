package dev.mediagc.hibernate;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Pending deletions in a table of the application's own database, written in the transaction that
 * drops the key, so a deletion is recorded exactly when the change commits and survives restarts
 * and crashes. Times are epoch milliseconds in {@code BIGINT}s and ids are UUID strings, so one
 * DDL works on PostgreSQL, MariaDB/MySQL, H2 and SQLite, and instances never share a sequence.
 *
 * <p>Several instances share the table: where the database can ({@code SELECT … FOR UPDATE SKIP
 * LOCKED} on PostgreSQL, MariaDB 10.6+, MySQL 8+) due rows are claimed without waiting on each
 * other; elsewhere each row is claimed with a conditional update on its attempt count. A claim is
 * a lease: a worker that dies leaves its rows to others when {@code not_before} passes.
 */
final class OutboxTable implements PendingDeletions {

    static final String DEFAULT_NAME = "mediagc_pending_deletion";
    /** Longer keys or values go to memory instead: an insert failing would cost the savepoint dance. */
    static final int MAX_KEY = 1024;
    static final int MAX_VALUE = 2048;
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");
    private static final String COLUMNS = "id, storage_key, held_value, held_by, released_at, attempts";

    private final String table;
    private final ConnectionWork connections;
    private final String workerId;
    private volatile boolean skipLocked;

    /** Runs JDBC work on a connection of the application's database, outside its transactions. */
    @FunctionalInterface
    interface ConnectionWork {
        <T> T on(SqlFunction<T> work) throws Exception;
    }

    @FunctionalInterface
    interface SqlFunction<T> {
        T apply(Connection connection) throws SQLException;
    }

    OutboxTable(String table, ConnectionWork connections, String workerId) {
        if (!SAFE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("outbox table name '" + table + "' is not a plain [schema.]name");
        }
        this.table = table;
        this.connections = connections;
        this.workerId = workerId;
    }

    String name() {
        return table;
    }

    /** The DDL, the same on PostgreSQL, MariaDB/MySQL, H2 and SQLite. */
    static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (\n"
                + "  id          VARCHAR(36)   NOT NULL PRIMARY KEY,\n"
                + "  storage_key VARCHAR(" + MAX_KEY + ") NOT NULL,\n"
                + "  held_value  VARCHAR(" + MAX_VALUE + ") NOT NULL,\n"
                + "  held_by     VARCHAR(512)  NOT NULL,\n"
                + "  released_at BIGINT        NOT NULL,\n"
                + "  not_before  BIGINT,\n"
                + "  attempts    INT           NOT NULL DEFAULT 0,\n"
                + "  claimed_by  VARCHAR(100),\n"
                + "  last_error  VARCHAR(1000)\n"
                + ")";
    }

    /**
     * Creates the table when asked and it is missing, then checks that every column is there.
     * Throws with what is wrong; the caller falls back to memory and says so.
     */
    void prepare(boolean create) throws Exception {
        connections.on(connection -> {
            if (create) {
                autoCommitted(connection, () -> {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(ddl(table));
                    }
                });
            }
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("SELECT " + COLUMNS + ", not_before, claimed_by, last_error FROM " + table
                        + " WHERE 1 = 0").close();
            }
            skipLocked = supportsSkipLocked(connection.getMetaData());
            return null;
        });
    }

    static boolean supportsSkipLocked(DatabaseMetaData meta) throws SQLException {
        String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
        String version = meta.getDatabaseProductVersion().toLowerCase(Locale.ROOT);
        int major = meta.getDatabaseMajorVersion();
        int minor = meta.getDatabaseMinorVersion();
        if (product.contains("postgres")) {
            return major > 9 || (major == 9 && minor >= 5);
        }
        if (product.contains("mariadb") || version.contains("mariadb")) {
            return major > 10 || (major == 10 && minor >= 6);
        }
        if (product.contains("mysql")) {
            return major >= 8;
        }
        return false;
    }

    boolean usesSkipLocked() {
        return skipLocked;
    }

    static boolean fits(PendingDeletion deletion) {
        return deletion.key().length() <= MAX_KEY && deletion.value().length() <= MAX_VALUE && deletion.heldBy().length() <= 512;
    }

    /**
     * Writes the deletions on the application's connection, inside its transaction, behind a
     * savepoint: a failing insert is rolled back alone and must never abort the application's
     * transaction (PostgreSQL would refuse its commit).
     */
    void insertInTransaction(Connection connection, Collection<PendingDeletion> deletions) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, 0)")) {
            for (PendingDeletion d : deletions) {
                insert.setString(1, d.id());
                insert.setString(2, d.key());
                insert.setString(3, d.value());
                insert.setString(4, d.heldBy());
                insert.setLong(5, d.releasedAt());
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException | RuntimeException e) {
            connection.rollback(savepoint);
            throw e;
        }
        try {
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            // Some drivers do not release savepoints explicitly; the commit releases it anyway.
        }
    }

    @Override
    public List<PendingDeletion> claimDue(long releasedBefore, long now, long claimUntil, int limit) throws Exception {
        return connections.on(connection -> skipLocked
                ? claimSkippingLocked(connection, releasedBefore, now, claimUntil, limit)
                : claimOneByOne(connection, releasedBefore, now, claimUntil, limit));
    }

    private String dueQuery() {
        return "SELECT " + COLUMNS + " FROM " + table
                + " WHERE released_at <= ? AND (not_before IS NULL OR not_before <= ?) ORDER BY released_at LIMIT ?";
    }

    private List<PendingDeletion> claimSkippingLocked(Connection connection, long releasedBefore, long now, long claimUntil,
                                                      int limit) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            List<PendingDeletion> due = read(connection, dueQuery() + " FOR UPDATE SKIP LOCKED", releasedBefore, now, limit);
            try (PreparedStatement claim = connection.prepareStatement("UPDATE " + table
                    + " SET not_before = ?, claimed_by = ?, attempts = attempts + 1 WHERE id = ?")) {
                for (PendingDeletion d : due) {
                    claim.setLong(1, claimUntil);
                    claim.setString(2, workerId);
                    claim.setString(3, d.id());
                    claim.addBatch();
                }
                if (!due.isEmpty()) {
                    claim.executeBatch();
                }
            }
            connection.commit();
            return due;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private List<PendingDeletion> claimOneByOne(Connection connection, long releasedBefore, long now, long claimUntil,
                                                int limit) throws SQLException {
        List<PendingDeletion> claimed = new ArrayList<>();
        autoCommitted(connection, () -> {
            // The attempt count read is the row's version: of two workers reading it, one update wins.
            try (PreparedStatement claim = connection.prepareStatement("UPDATE " + table
                    + " SET not_before = ?, claimed_by = ?, attempts = attempts + 1"
                    + " WHERE id = ? AND attempts = ? AND (not_before IS NULL OR not_before <= ?)")) {
                for (PendingDeletion d : read(connection, dueQuery(), releasedBefore, now, limit)) {
                    claim.setLong(1, claimUntil);
                    claim.setString(2, workerId);
                    claim.setString(3, d.id());
                    claim.setInt(4, d.attempts());
                    claim.setLong(5, now);
                    if (claim.executeUpdate() == 1) {
                        claimed.add(d);
                    }
                }
            }
        });
        return claimed;
    }

    private static List<PendingDeletion> read(Connection connection, String sql, long releasedBefore, long now, int limit)
            throws SQLException {
        List<PendingDeletion> rows = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, releasedBefore);
            select.setLong(2, now);
            select.setInt(3, limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    rows.add(new PendingDeletion(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
                            row.getLong(5), row.getInt(6)));
                }
            }
        }
        return rows;
    }

    @Override
    public boolean releasedAgainAfter(String key, long releasedAt) throws Exception {
        return connections.on(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM " + table
                    + " WHERE storage_key = ? AND released_at > ?")) {
                select.setMaxRows(1);
                select.setString(1, key);
                select.setLong(2, releasedAt);
                try (ResultSet row = select.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    @Override
    public void done(Collection<PendingDeletion> deletions) throws Exception {
        if (deletions.isEmpty()) {
            return;
        }
        connections.on(connection -> autoCommitted(connection, () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
                for (PendingDeletion d : deletions) {
                    delete.setString(1, d.id());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }));
    }

    @Override
    public void retryLater(Collection<PendingDeletion> deletions, long notBefore, String error) throws Exception {
        if (deletions.isEmpty()) {
            return;
        }
        String shortError = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
        connections.on(connection -> autoCommitted(connection, () -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
                    + " SET not_before = ?, claimed_by = NULL, last_error = ? WHERE id = ?")) {
                for (PendingDeletion d : deletions) {
                    update.setLong(1, notBefore);
                    update.setString(2, shortError);
                    update.setString(3, d.id());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }));
    }

    @Override
    public Backlog backlog() throws Exception {
        return connections.on(connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT COUNT(*), MIN(released_at) FROM " + table)) {
                row.next();
                long count = row.getLong(1);
                long oldest = row.getLong(2);
                return new Backlog(count, row.wasNull() ? OptionalLong.empty() : OptionalLong.of(oldest));
            }
        });
    }

    @FunctionalInterface
    private interface SqlRunnable {
        void run() throws SQLException;
    }

    private static Void autoCommitted(Connection connection, SqlRunnable work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try {
            work.run();
            return null;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
