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

    @Test
    void anAppliedRunSavesItsReportInTheStateAndADryRunSavesNone() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 30, 7)) {
            Path reports = app.media.resolve(".mediagc/reports");

            SweepReport dry = app.sweep().load().sweep();
            assertThat(dry.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(reports).doesNotExist();

            SweepReport applied = app.sweep().apply(Action.QUARANTINE).load().sweep();
            assertThat(applied.outcome()).as(applied.reason()).isEqualTo(Outcome.APPLIED);
            SweepReport saved = dev.mediagc.internal.report.Json.mapper()
                    .readValue(reports.resolve(applied.runId() + ".json").toFile(), SweepReport.class);
            assertThat(saved).isEqualTo(applied);

            app.sweep().load().sweep();
            try (var files = Files.list(reports)) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactly(applied.runId() + ".json");
            }
        }
    }

    @Test
    void aRefusedRunSavesItsReportSoTheHistoryShowsTheRefusal() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 30, 7)) {
            SweepReport refused = app.sweep().apply(Action.QUARANTINE).maxDelete(1).load().sweep();

            assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(app.media.resolve(".mediagc/reports/" + refused.runId() + ".json")).exists();
        }
    }
}
