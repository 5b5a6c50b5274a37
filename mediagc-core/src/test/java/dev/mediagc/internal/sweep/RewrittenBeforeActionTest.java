package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Tally;
import dev.mediagc.internal.quarantine.Journal;
import dev.mediagc.internal.quarantine.JournalEntry;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.ManagedStore;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An orphan re-uploaded under its own name after its re-verification and before its move (real
 * SQLite, real local store): the move is conditional on the version the re-verification saw, so
 * the new file stays at its key, is journaled as kept, and is counted as changed.
 */
class RewrittenBeforeActionTest {

    @TempDir
    Path temp;
    SmallApp app;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 20, 8);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void aFileUploadedAgainAfterItsLastCheckStaysAtItsKey(Action action) throws IOException {
        String reuploaded = app.orphans.get(3);
        AtomicBoolean done = new AtomicBoolean();
        // Its batch has been re-verified by the time it is moved: the upload comes in between.
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                if (key.equals(reuploaded) && done.compareAndSet(false, true)) {
                    reupload(reuploaded);
                }
                super.quarantine(key, runId);
            }
        };

        SweepReport report = app.sweep().store(store).apply(action).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readString(app.media.resolve(reuploaded))).isEqualTo("a live file, uploaded again");
        assertThat(report.keptChanged().samples()).containsExactly(reuploaded);
        assertThat(report.failed().count()).isZero();
        Tally acted = action == Action.DELETE ? report.deleted() : report.quarantined();
        assertThat(acted.count()).isEqualTo(app.orphans.size() - 1);
        List<JournalEntry> journal = Journal.read(ManagedStore.of(LocalStore.at(app.media)).state(), report.runId());
        assertThat(journal).filteredOn(e -> reuploaded.equals(e.key()) && JournalEntry.KEPT.equals(e.phase()))
                .singleElement().satisfies(e -> assertThat(e.error()).contains("changed since verification"));
        assertThat(journal).filteredOn(e -> reuploaded.equals(e.key()))
                .extracting(JournalEntry::phase).doesNotContain(JournalEntry.DONE, JournalEntry.FAILED);
    }

    private void reupload(String key) {
        try {
            Files.writeString(app.media.resolve(key), "a live file, uploaded again");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
