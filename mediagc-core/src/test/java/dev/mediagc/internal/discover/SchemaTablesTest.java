package dev.mediagc.internal.discover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Tag;

/**
 * The schema as a known application is told by: every table of one schema with every column,
 * numbers and dates too, names as the database stores them; views and other schemas' tables left out.
 */
@Tag("fast")
class SchemaTablesTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void listsEveryTableWithAllItsColumnsAndNoView(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            db.execute("CREATE TABLE wp_posts (ID BIGINT PRIMARY KEY, post_content TEXT, post_date TIMESTAMP NULL, "
                            + "menu_order INT)",
                    "CREATE TABLE wp_2_posts (ID BIGINT PRIMARY KEY, post_content TEXT)",
                    "CREATE VIEW recent_posts AS SELECT ID, post_content FROM wp_posts");

            List<SchemaTables.Table> tables;
            try (Connection connection = db.connect()) {
                tables = SchemaTables.of(connection, SchemaTables.currentSchema(connection));
            }

            assertThat(tables).extracting(t -> t.name().toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrder("wp_posts", "wp_2_posts");
            SchemaTables.Table posts = tables.stream().filter(t -> t.name().equalsIgnoreCase("wp_posts")).findFirst().orElseThrow();
            assertThat(posts.columns()).extracting(c -> c.toLowerCase(Locale.ROOT))
                    .containsExactly("id", "post_content", "post_date", "menu_order");
            String expectedId = switch (kind) {
                case POSTGRESQL -> "id"; // folded on creation
                case H2 -> "ID";
                default -> "ID"; // MariaDB and SQLite keep what was written
            };
            assertThat(posts.columns().get(0)).isEqualTo(expectedId);
        }
    }
}
