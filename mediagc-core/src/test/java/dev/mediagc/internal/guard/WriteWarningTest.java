package dev.mediagc.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Every run's report says when the database user mediagc connects as could write. */
@Tag("fast")
class WriteWarningTest {

    @TempDir
    Path temp;

    @Test
    void aDryRunAsASuperuserWarnsAndRecommendsAReadOnlyUser() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp),
                Files.createDirectories(temp.resolve("media")), 3, 1)) {

            SweepReport report = app.sweep().load().sweep();

            assertThat(report.outcome()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(report.warnings()).anyMatch(w -> w.contains("superuser") && w.contains("read-only user"));
        }
    }
}
