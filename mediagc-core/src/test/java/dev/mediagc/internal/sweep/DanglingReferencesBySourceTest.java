package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.MediaGc;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep on a real PostgreSQL tells its dangling references by the table naming them: each once,
 * under the one source naming it or under several sources, the rows adding up to the total.
 */
class DanglingReferencesBySourceTest {

    @TempDir
    Path temp;

    private static void write(Path root, String... keys) throws IOException {
        for (String key : keys) {
            Files.writeString(root.resolve(key), "content of " + key);
        }
    }

    @Test
    void tellsEachTablesDanglingReferencesAndThoseBothTablesName() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.POSTGRESQL.create(temp)) {
            Path media = Files.createDirectories(temp.resolve("media"));
            write(media, "p-live.jpg", "shared-live.jpg", "d-live.pdf");
            db.execute("CREATE TABLE photo (id INT PRIMARY KEY, file VARCHAR(500))",
                    "CREATE TABLE document (id INT PRIMARY KEY, file VARCHAR(500))");
            db.insertNumbered("photo", List.of("p-live.jpg", "p-gone-1.jpg", "p-gone-2.jpg", "shared-gone.jpg",
                    "shared-live.jpg", "p-gone-1.jpg"));
            db.insertNumbered("document", List.of("d-gone.pdf", "/media/shared-gone.jpg", "/media/shared-live.jpg",
                    "d-live.pdf",
                    // Kept through its lenient spelling p-live.jpg, yet counted dangling (the application,
                    // reading its own spelling, may not find the file): the document table's alone.
                    "/media/p-live.jpg?v=2"));

            SweepReport report = MediaGc.configure()
                    .dataSource(db.dataSource())
                    .reference("photo.file")
                    .reference("document.file")
                    .store(LocalStore.at(media))
                    .stripPrefix("/media/")
                    .minAge(Duration.ofHours(1))
                    .reportHtml(temp.resolve("report.html"))
                    .load()
                    .sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            List<String> sources = report.sources().stream().map(SourceFigures::name).toList();
            assertThat(sources).hasSize(2);
            assertThat(report.danglingReferencesBySource()).containsExactly(
                    DanglingBySource.ofSource(sources.get(0), 2, List.of("p-gone-1.jpg", "p-gone-2.jpg")),
                    DanglingBySource.ofSource(sources.get(1), 2, List.of("/media/p-live.jpg?v=2", "d-gone.pdf")),
                    new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null, 1,
                            List.of("/media/shared-gone.jpg")));
            assertThat(report.danglingReferences().count()).isEqualTo(5);
            // One spelling per reference, so "and N more" beside the samples counts what is not shown.
            assertThat(report.danglingReferences().samples()).hasSize(5);
            assertThat(report.referenced().count()).isEqualTo(3);
            assertThat(Files.readString(temp.resolve("report.html"))).contains("<table id=\"dangling-by-source\">",
                    "<code>" + sources.get(0) + "</code></td><td class=\"num count\">2</td>",
                    "<em>named by several sources</em></td><td class=\"num count\">1</td>");
        }
    }
}
