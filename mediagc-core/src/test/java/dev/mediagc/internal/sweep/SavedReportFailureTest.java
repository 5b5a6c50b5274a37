package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving the run's report happens after acting: when it fails, the run's outcome stands and the report says so. */
@Tag("fast")
class SavedReportFailureTest {

    @TempDir
    Path temp;

    @Test
    void anAppliedRunWhoseReportCannotBeSavedKeepsItsOutcomeAndWarns() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 30, 7)) {
            // A file where the reports folder should be: saving the report fails.
            Files.createDirectories(app.media.resolve(".mediagc"));
            Files.writeString(app.media.resolve(".mediagc/reports"), "in the way");

            SweepReport report = app.sweep().apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(report.quarantined().count()).isEqualTo(7);
            assertThat(report.warnings()).anyMatch(w -> w.startsWith("the report was not saved in the store's state"));
        }
    }
}
