package dev.mediagc.internal.reference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** COPY streaming gives back every value exactly as stored, whatever characters it holds. */
@Tag("fast")
class PostgresCopyTest {

    @TempDir
    Path temp;

    @Test
    void valuesWithEscapesControlCharactersAndUnicodeComeBackExactly() throws Exception {
        List<String> values = Arrays.asList("plain/a.jpg", "back\\slash.jpg", "tab\there.jpg", "new\nline.jpg",
                "cr\rhere", "\\N", "N", "caf\u00e9/\u6771\u4eac.jpg", "", null, "ends with backslash\\", "\u0001\u007f");
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            db.execute("CREATE TABLE media (id INT, path TEXT, other TEXT)");
            try (Connection c = db.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO media VALUES (?, ?, 'x\ty')")) {
                for (int i = 0; i < values.size(); i++) {
                    insert.setInt(1, i);
                    insert.setString(2, values.get(i));
                    insert.executeUpdate();
                }
            }
            List<String> streamed = new ArrayList<>();
            try (Connection c = db.dataSource().getConnection()) {
                assertThat(PostgresCopy.usableOn(c)).isTrue();
                c.setAutoCommit(false);
                PostgresCopy.stream(c, "SELECT path, other FROM media ORDER BY id", 0, streamed::add);
                c.rollback();
            }
            assertThat(streamed).containsExactlyElementsOf(values);

            List<String> viaSource = new ArrayList<>();
            new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn("media.path"), 0).stream(viaSource::add);
            assertThat(viaSource).containsExactlyInAnyOrderElementsOf(values.stream().filter(v -> v != null).toList());
        }
    }

    @Test
    void otherDatabasesKeepTheJdbcPath() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp); Connection c = db.dataSource().getConnection()) {
            assertThat(PostgresCopy.usableOn(c)).isFalse();
        }
    }
}
