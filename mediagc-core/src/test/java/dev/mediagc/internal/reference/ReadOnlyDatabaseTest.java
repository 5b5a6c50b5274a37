package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * mediagc only reads: a {@code --ref-sql} that would write (a sequence, row locks, a function with
 * side effects, a second statement) fails, and the application's data is as it was.
 */
class ReadOnlyDatabaseTest {

    @TempDir
    Path temp;

    private static List<String> stream(ReferenceSource source) throws ReferenceSourceException {
        List<String> values = new ArrayList<>();
        source.stream(values::add);
        return values;
    }

    private static long count(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void mediaTable(TestDatabase db) {
        db.execute("CREATE TABLE media (id INT PRIMARY KEY, path VARCHAR(200))",
                "INSERT INTO media VALUES (1, 'photos/İstanbul.jpg'), (2, 'photos/a.jpg')");
    }

    @Test
    void aQueryThatAdvancesASequenceFailsAndTheSequenceStaysWhereItWas() throws SQLException {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            mediaTable(db);
            db.execute("CREATE SEQUENCE upload_seq");
            QueryReference source = new QueryReference(db.dataSource(),
                    "SELECT path FROM media WHERE nextval('upload_seq') > 0", 1, 0);

            assertThatThrownBy(() -> stream(source)).isInstanceOf(ReferenceSourceException.class)
                    .hasMessageContaining("read-only transaction");
            assertThatThrownBy(() -> source.lookUp(List.of("photos/a.jpg"), false))
                    .isInstanceOf(ReferenceSourceException.class);

            assertThat(count(db, "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM upload_seq"))
                    .as("the sequence never advanced").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "MARIADB"})
    void aQueryThatLocksRowsForUpdateFails(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.create(temp)) {
            mediaTable(db);
            QueryReference source = new QueryReference(db.dataSource(), "SELECT path FROM media FOR UPDATE", 1, 0);

            assertThatThrownBy(() -> stream(source)).isInstanceOf(ReferenceSourceException.class)
                    .hasMessageContaining(kind == TestDatabase.Kind.POSTGRESQL ? "read-only transaction" : "READ ONLY");
            assertThatThrownBy(() -> source.lookUp(List.of("photos/a.jpg"), false))
                    .isInstanceOf(ReferenceSourceException.class);
        }
    }

    @Test
    void aPostgresFunctionThatInsertsFailsAndItsTableStaysEmpty() throws SQLException {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            mediaTable(db);
            db.execute("CREATE TABLE audit (at TIMESTAMP)",
                    "CREATE FUNCTION touch() RETURNS INT AS $$ BEGIN INSERT INTO audit VALUES (now()); RETURN 1; END $$ "
                            + "LANGUAGE plpgsql");
            QueryReference source = new QueryReference(db.dataSource(), "SELECT path FROM media WHERE touch() = 1", 1, 0);

            assertThatThrownBy(() -> stream(source)).isInstanceOf(ReferenceSourceException.class);
            assertThatThrownBy(() -> source.lookUp(List.of("photos/a.jpg"), false))
                    .isInstanceOf(ReferenceSourceException.class);

            assertThat(count(db, "SELECT COUNT(*) FROM audit")).isZero();
        }
    }

    @Test
    void aPostgresQueryWithATimeoutStillReadsEverything() throws ReferenceSourceException {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            mediaTable(db);
            QueryReference source = new QueryReference(db.dataSource(), "SELECT path FROM media", 1, 30);

            assertThat(stream(source)).containsExactlyInAnyOrder("photos/İstanbul.jpg", "photos/a.jpg");
            assertThat(source.lookUp(List.of("photos/a.jpg"), false)).containsExactly("photos/a.jpg");
        }
    }

    @Test
    void aMariaDbFunctionThatInsertsFailsDuringADryRunAndWritesNothing() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.MARIADB.create(temp)) {
            mediaTable(db);
            db.execute("CREATE TABLE audit (at TIMESTAMP)",
                    "CREATE FUNCTION touch() RETURNS INT MODIFIES SQL DATA NOT DETERMINISTIC "
                            + "BEGIN INSERT INTO audit VALUES (NOW()); RETURN 1; END");
            Path media = Files.createDirectories(temp.resolve("media"));
            Files.writeString(Files.createDirectories(media.resolve("photos")).resolve("a.jpg"), "a");

            SweepReport dryRun = MediaGc.configure().dataSource(db.dataSource())
                    .referenceQuery("SELECT path FROM media WHERE touch() = 1").store(LocalStore.at(media))
                    .load().sweep();

            assertThat(dryRun.outcome()).isEqualTo(SweepReport.Outcome.FAILED);
            assertThat(dryRun.reason()).contains("READ ONLY");
            assertThat(count(db, "SELECT COUNT(*) FROM audit")).as("rows the function wrote").isZero();

            QueryReference source = new QueryReference(db.dataSource(), "SELECT path FROM media WHERE touch() = 1", 1, 0);
            assertThatThrownBy(() -> source.lookUp(List.of("photos/a.jpg"), false))
                    .isInstanceOf(ReferenceSourceException.class);
            assertThat(count(db, "SELECT COUNT(*) FROM audit")).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aSecondStatementIsRefusedBeforeAnythingRuns(TestDatabase.Kind kind) throws SQLException {
        try (TestDatabase db = kind.create(temp)) {
            mediaTable(db);

            assertThatThrownBy(() -> MediaGc.configure().dataSource(db.dataSource())
                    .referenceQuery("SELECT path FROM media; DELETE FROM media")
                    .store(LocalStore.at(temp)).load())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("single statement").hasMessageContaining("position 23");

            assertThat(count(db, "SELECT COUNT(*) FROM media")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void readingLeavesNoTransactionOpenAndFindsEveryRow(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            mediaTable(db);
            ColumnReference source = new ColumnReference(db.dataSource(), dev.mediagc.internal.reference.SqlIdentifier.parseColumn("media.path"), 0);

            assertThat(stream(source)).containsExactlyInAnyOrder("photos/İstanbul.jpg", "photos/a.jpg");
            assertThat(source.lookUp(Set.of("photos/a.jpg", "photos/b.jpg"), false)).containsExactly("photos/a.jpg");

            db.execute("INSERT INTO media VALUES (3, 'photos/c.jpg')");
            assertThat(stream(source)).as("the application still writes after mediagc read").hasSize(3);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aQueryWithATrailingCommentStreamsAndLooksUp(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            mediaTable(db);
            for (String sql : List.of("SELECT path FROM media; -- the avatars", "SELECT path FROM media -- the avatars")) {
                QueryReference source = new QueryReference(db.dataSource(), sql, 1, 0);

                assertThat(stream(source)).as(sql).containsExactlyInAnyOrder("photos/İstanbul.jpg", "photos/a.jpg");
                assertThat(source.lookUp(Set.of("photos/a.jpg", "photos/b.jpg"), false)).as(sql)
                        .containsExactly("photos/a.jpg");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPooledConnectionGoesBackWritableAndInAutoCommit(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp); Connection pooled = db.connect()) {
            mediaTable(db);
            boolean autoCommit = pooled.getAutoCommit();
            boolean readOnly = pooled.isReadOnly();
            DataSource pool = singleConnection(pooled);

            stream(new QueryReference(pool, "SELECT path FROM media", 1, 0));
            new ColumnReference(pool, SqlIdentifier.parseColumn("media.path"), 0).lookUp(Set.of("photos/a.jpg"), false);

            assertThat(pooled.getAutoCommit()).isEqualTo(autoCommit);
            assertThat(pooled.isReadOnly()).isEqualTo(readOnly);
            try (Statement s = pooled.createStatement()) {
                s.executeUpdate("INSERT INTO media VALUES (3, 'photos/c.jpg')");
            }
            assertThat(count(db, "SELECT COUNT(*) FROM media")).as("the application's write, seen elsewhere").isEqualTo(3);
        }
    }

    /** A pool of one connection that it never resets, as some pools hand connections on. */
    private static DataSource singleConnection(Connection connection) {
        Connection unclosable = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        return unclosable;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
