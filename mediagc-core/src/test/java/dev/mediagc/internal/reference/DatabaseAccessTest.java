package dev.mediagc.internal.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** A run says when the database user it connects as could write, and recommends a read-only one. */
@Tag("fast")
class DatabaseAccessTest {

    @TempDir
    Path temp;

    @Test
    void aPostgresSuperuserIsWarnedAboutAndASelectOnlyRoleIsNot() {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            String reader = "reader_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            String writer = "writer_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                    "CREATE ROLE " + reader + " LOGIN", "GRANT SELECT ON media TO " + reader,
                    "CREATE ROLE " + writer + " LOGIN", "GRANT SELECT, INSERT ON media TO " + writer);
            String url = db.url().replaceAll("([?&])user=[^&]*&?", "$1"); // the URL's user would win over ours
            try {
                assertThat(DatabaseAccess.writeWarning(db.dataSource())).hasValueSatisfying(w ->
                        assertThat(w).contains("'postgres' is a superuser", "read-only user"));
                assertThat(DatabaseAccess.writeWarning(new JdbcUrlDataSource(url, reader, null))).isEmpty();
                assertThat(DatabaseAccess.writeWarning(new JdbcUrlDataSource(url, writer, null)))
                        .hasValueSatisfying(w -> assertThat(w).contains(writer, "public.media"));
            } finally {
                db.execute("DROP OWNED BY " + reader, "DROP OWNED BY " + writer);
                db.execute("DROP ROLE " + reader, "DROP ROLE " + writer);
            }
        }
    }

    @Test
    void aMariaDbRootUserIsWarnedAboutAndASelectOnlyUserIsNot() {
        try (TestDatabase db = TestDatabase.Kind.MARIADB.create(temp)) {
            String reader = "ro_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                    "CREATE USER '" + reader + "'@'%' IDENTIFIED BY 'pw'",
                    "GRANT SELECT ON " + db.schema() + ".* TO '" + reader + "'@'%'");
            try {
                assertThat(DatabaseAccess.writeWarning(db.dataSource())).hasValueSatisfying(w ->
                        assertThat(w).contains("'root", "ALL PRIVILEGES", "read-only user"));
                assertThat(DatabaseAccess.writeWarning(new JdbcUrlDataSource(db.url(), reader, "pw"))).isEmpty();
            } finally {
                db.execute("DROP USER '" + reader + "'@'%'");
            }
        }
    }

    @Test
    void anH2AdministratorIsWarnedAboutAndAReadOnlySqliteFileIsNot() {
        try (TestDatabase h2 = TestDatabase.Kind.H2.create(temp); TestDatabase sqlite = TestDatabase.Kind.SQLITE.create(temp)) {
            h2.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))");
            sqlite.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))");

            assertThat(DatabaseAccess.writeWarning(h2.dataSource())).hasValueSatisfying(w ->
                    assertThat(w).contains("administrator"));
            assertThat(DatabaseAccess.writeWarning(sqlite.dataSource())).as("the command line opens SQLite read-only").isEmpty();
        }
    }
}
