package dev.mediagc.internal.sweep;

import dev.mediagc.Action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.ReadOnlyStore;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** A dry run changes nothing, its own state included, so it runs with read-only access to the store. */
@Tag("fast")
class DryRunWritesNothingTest {

    @TempDir
    Path temp;

    @Test
    void aDryRunListsTheOrphansOfAStoreItMayOnlyRead() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 30, 7)) {
            ReadOnlyStore readOnly = new ReadOnlyStore(LocalStore.at(app.media));
            Path list = temp.resolve("orphans.txt");

            SweepReport report = app.sweep().store(readOnly).orphanList(list).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(app.orphans.stream().sorted().toList());
            assertThat(readOnly.refusedWrites()).isEmpty();
        }
    }

    @Test
    void aDryRunAfterAnAppliedRunLeavesTheBaselineAndTheStoreAsTheyWere() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 30, 7)) {
            assertThat(app.sweep().apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
            app.write("avatars/new-orphan.png", java.time.Duration.ofDays(3));
            Map<String, String> before = MediaTree.snapshot(app.media);
            ReadOnlyStore readOnly = new ReadOnlyStore(LocalStore.at(app.media));

            SweepReport report = app.sweep().store(readOnly).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
            assertThat(report.orphans().count()).isEqualTo(1);
            assertThat(readOnly.refusedWrites()).isEmpty();
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }
}
