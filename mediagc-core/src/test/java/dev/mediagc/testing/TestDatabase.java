package dev.mediagc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.List;
import javax.sql.DataSource;
import dev.mediagc.internal.reference.JdbcUrlDataSource;

/**
 * A real database for a test: embedded PostgreSQL, the local MariaDB server, or an SQLite or H2
 * file. Each instance is a fresh, empty database; {@link #close()} drops it.
 */
public abstract class TestDatabase implements AutoCloseable {

    /** The kinds of database every sweep test runs against. */
    public enum Kind {
        POSTGRESQL, MARIADB, SQLITE, H2;

        public TestDatabase create(Path tempDir) {
            return switch (this) {
                case POSTGRESQL -> new Postgres();
                case MARIADB -> new MariaDb();
                case SQLITE -> new FileDatabase("jdbc:sqlite:" + tempDir.resolve("app-" + UUID.randomUUID() + ".db"), "main", this);
                case H2 -> new FileDatabase("jdbc:h2:file:" + tempDir.resolve("app-" + UUID.randomUUID()) + ";DB_CLOSE_DELAY=-1",
                        "PUBLIC", this);
            };
        }
    }

    public abstract Kind kind();

    /** Whether this run is CI's (CI=true, as .ci/run's caller sets): then no test may be skipped. */
    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    public abstract String url();

    public String user() {
        return null;
    }

    public String password() {
        return null;
    }

    /** The schema (or database, on MariaDB) the tables live in, for SCHEMA.TABLE.COLUMN references. */
    public abstract String schema();

    public DataSource dataSource() {
        return new JdbcUrlDataSource(url(), user(), password());
    }

    /** A writable connection, for setting up data (mediagc itself only ever reads). */
    public Connection connect() throws SQLException {
        java.util.Properties properties = new java.util.Properties();
        if (user() != null) {
            properties.setProperty("user", user());
        }
        if (password() != null) {
            properties.setProperty("password", password());
        }
        return DriverManager.getConnection(url(), properties);
    }

    /** The character the database quotes identifiers with. */
    public String quote() {
        return kind() == Kind.MARIADB ? "`" : "\"";
    }

    public void execute(String... statements) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts one row per value into a table of {@code (id, value)}: ids 1, 2, ... in the values' order. */
    public void insertNumbered(String table, List<String> values) {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?)")) {
            int id = 0;
            for (String value : values) {
                s.setInt(1, ++id);
                s.setString(2, value);
                s.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return kind().name().toLowerCase(Locale.ROOT);
    }

    /** One embedded PostgreSQL server per test JVM; a new database per instance. */
    static final class Postgres extends TestDatabase {
        private static EmbeddedPostgres server;
        private final String database = "app_" + UUID.randomUUID().toString().replace("-", "");

        Postgres() {
            execute(server(), "CREATE DATABASE " + database);
        }

        static synchronized EmbeddedPostgres server() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return server;
        }

        private static void execute(EmbeddedPostgres pg, String sql) {
            try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Kind kind() {
            return Kind.POSTGRESQL;
        }

        @Override
        public String url() {
            return server().getJdbcUrl("postgres", database);
        }

        @Override
        public String user() {
            return "postgres";
        }

        @Override
        public String schema() {
            return "public";
        }

        /** The server's port, for tests that talk to it with another client. */
        public static int port() {
            return server().getPort();
        }

        @Override
        public void close() {
            execute(server(), "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    /** A fresh database on the machine's MariaDB server (127.0.0.1:3306, root, no password). */
    static final class MariaDb extends TestDatabase {
        /** The server's URL; another one with -Dmediagc.test.mariadb.url=jdbc:mariadb://HOST:PORT/ (user root). */
        static final String SERVER = System.getProperty("mediagc.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
        private final String database = "mediagc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        MariaDb() {
            server("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }

        private static void server(String sql) {
            try (Connection c = DriverManager.getConnection(SERVER, "root", ""); Statement s = c.createStatement()) {
                s.execute(sql);
            } catch (SQLException e) {
                String missing = "the MariaDB server at " + SERVER + " (user root, no password) is not reachable ("
                        + e.getMessage() + "); start it, e.g. sudo start-stop-daemon --start --oknodo --background "
                        + "--exec /usr/sbin/mariadbd, or run 'docker run -d -p 3306:3306 -e MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1 "
                        + "mariadb:11'";
                if (inCi()) {
                    // CI must run every test: a missing server fails the build rather than hiding tests.
                    throw new IllegalStateException(missing, e);
                }
                org.junit.jupiter.api.Assumptions.abort("skipped: " + missing);
            }
        }

        @Override
        public Kind kind() {
            return Kind.MARIADB;
        }

        @Override
        public String url() {
            return SERVER + database;
        }

        @Override
        public String user() {
            return "root";
        }

        @Override
        public String password() {
            return "";
        }

        @Override
        public String schema() {
            return database;
        }

        @Override
        public void close() {
            server("DROP DATABASE IF EXISTS " + database);
        }
    }

    /** SQLite or H2 in a file of the test's temporary folder. */
    static final class FileDatabase extends TestDatabase {
        private final String url;
        private final String schema;
        private final Kind kind;

        FileDatabase(String url, String schema, Kind kind) {
            this.url = url;
            this.schema = schema;
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public String user() {
            return kind == Kind.H2 ? "sa" : null;
        }

        @Override
        public String password() {
            return kind == Kind.H2 ? "" : null;
        }

        @Override
        public String schema() {
            return schema;
        }
    }
}
