package dev.mediagc.internal.reference;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} over {@link DriverManager} for a JDBC URL, for the command line where no
 * pool exists. Each call opens a new connection; the sweep opens one per source.
 */
public final class JdbcUrlDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;

    public JdbcUrlDataSource(String url, String user, String password) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("`db` must be a JDBC URL starting with 'jdbc:', e.g. "
                    + "jdbc:postgresql://localhost/app (got '" + url + "')");
        }
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public String url() {
        return url;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties properties = new Properties();
        if (username != null) {
            properties.setProperty("user", username);
        }
        if (pass != null) {
            properties.setProperty("password", pass);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            // SQLite fixes read-only at open time (SQLITE_OPEN_READONLY); it refuses setReadOnly later.
            properties.setProperty("open_mode", "1");
        }
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            if ("08001".equals(e.getSQLState()) && e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
                throw new SQLException("no JDBC driver understands '" + url + "' (mediagc ships PostgreSQL, "
                        + "MariaDB/MySQL, SQLite and H2 drivers; check the URL's spelling)", "08001", e);
            }
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() {
        return DriverManager.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        DriverManager.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        DriverManager.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return DriverManager.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper for " + iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
