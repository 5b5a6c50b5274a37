package dev.mediagc.internal.reference;

import dev.mediagc.ReferenceSourceException;
import dev.mediagc.spi.ReferenceSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;

/**
 * A {@code --ref TABLE.COLUMN} becomes quoted SQL on every database, and a quoted name can only
 * ever be read as a name: a misspelt column fails the source instead of yielding text.
 */
@Tag("fast")
class ColumnNamesTest {

    @TempDir
    Path temp;

    private static List<String> streamed(ReferenceSource source) throws ReferenceSourceException {
        List<String> values = new ArrayList<>();
        source.stream(values::add);
        return values;
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aMisspeltColumnFailsTheSourceRatherThanYieldingItsNameAsText(TestDatabase.Kind kind) {
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE profile (id INT PRIMARY KEY, avatar VARCHAR(200))",
                    "INSERT INTO profile VALUES (1, 'a.png')");
            // SQLite reads a double-quoted name that matches no column as a string literal.
            for (String misspelt : List.of("profile.avatr", "profile.\"avatr\"")) {
                ColumnReference source = new ColumnReference(db.dataSource(), SqlIdentifier.parseColumn(misspelt), 0);

                assertThatThrownBy(() -> streamed(source)).as(misspelt).isInstanceOf(ReferenceSourceException.class);
                assertThatThrownBy(() -> source.lookUp(Set.of("avatr", "a.png"), false)).as(misspelt)
                        .isInstanceOf(ReferenceSourceException.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aColumnNamedKeyIsStreamedAndLookedUp(TestDatabase.Kind kind) throws ReferenceSourceException {
        try (TestDatabase db = kind.create(temp)) {
            String key = db.quote() + (kind == TestDatabase.Kind.H2 ? "KEY" : "key") + db.quote();
            db.execute("CREATE TABLE active_storage_blobs (id INT PRIMARY KEY, " + key + " VARCHAR(200))",
                    "INSERT INTO active_storage_blobs VALUES (1, 'x1'), (2, 'X2')");
            ColumnReference source = new ColumnReference(db.dataSource(),
                    SqlIdentifier.parseColumn("active_storage_blobs.key"), 0);

            assertThat(streamed(source)).containsExactlyInAnyOrder("x1", "X2");
            assertThat(source.lookUp(Set.of("X2", "x3"), false)).containsExactly("X2");
            assertThat(source.lookUp(Set.of("x2", "x3"), true)).as("ignore-case spellings come lower-cased")
                    .containsExactly("x2");
        }
    }
}
