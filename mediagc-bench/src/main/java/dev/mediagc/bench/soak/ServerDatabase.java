package dev.mediagc.bench.soak;

import dev.mediagc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;

/**
 * A fresh database on a running PostgreSQL server, dropped on close: the long soak runs against a
 * real server (the one the other benchmarks use) rather than an embedded one.
 */
final class ServerDatabase extends TestDatabase {

    private final String host;
    private final int port;
    private final String user;
    private final String database = "mediagc_soak_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    ServerDatabase(String host, int port, String user) throws SQLException {
        this.host = host;
        this.port = port;
        this.user = user;
        onServer("CREATE DATABASE " + database);
    }

    private void onServer(String sql) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", p);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public Kind kind() {
        return Kind.POSTGRESQL;
    }

    @Override
    public String url() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    @Override
    public String user() {
        return user;
    }

    @Override
    public String schema() {
        return "public";
    }

    @Override
    public void close() {
        try {
            onServer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop " + database + ": " + e.getMessage());
        }
    }
}
