package dev.mediagc.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.Action;
import dev.mediagc.ProgressListener;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each guard stops a run before its first action, and would let the damage through without it. */
class SafetyGuardsTest {

    @TempDir
    Path temp;
    SmallApp app;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 60, 20);
        before = MediaTree.snapshot(app.media);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    private void assertNothingChanged() {
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
    }

    @Test
    void deletesNothingWhenAReferenceSourceFails() {
        SweepReport report = app.sweep().reference("profile.no_such_column").apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("incomplete mark", "profile.no_such_column");
        assertNothingChanged();
    }

    @Test
    void deletesNothingWhenASourceIsEmptyUnlessThatIsDeclaredExpected() {
        app.db.execute("CREATE TABLE banner (id INT, image VARCHAR(100))");

        SweepReport refused = app.sweep().reference("banner.image").apply(Action.DELETE).load().sweep();
        assertThat(refused.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(refused.reason()).contains("banner.image returned no values", "`allow-empty-source`");
        assertNothingChanged();

        SweepReport allowed = app.sweep().reference("banner.image").allowEmptySource(true).apply(Action.DELETE).load().sweep();
        assertThat(allowed.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(allowed.deleted().count()).isEqualTo(app.orphans.size());
    }

    @Test
    void theOrphanRatioCapStopsTheRunBeforeItsFirstAction() {
        SweepReport report = app.sweep().maxOrphanRatio(0.2).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("`max-orphan-ratio`");
        assertThat(report.orphans().count()).as("the report is still complete").isEqualTo(20);
        assertThat(report.deleted().count()).isZero();
        assertNothingChanged();
    }

    @Test
    void theDefaultRatioCapCatchesAWrongDatabase() throws IOException {
        try (SmallApp staging = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("x")), 3, 0)) {
            SweepReport report = app.sweep().dataSource(staging.db.dataSource()).apply(Action.DELETE).load().sweep();
            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertNothingChanged();
        }
    }

    @Test
    void theDeleteCapStopsTheRunBeforeItsFirstAction() {
        SweepReport report = app.sweep().maxDelete(19).apply(Action.QUARANTINE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("`max-delete` 19");
        assertNothingChanged();
        assertThat(app.sweep().maxDelete(20).apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void aSourceYieldingUnderHalfOfLastRunStopsTheRunUntilForced() {
        assertThat(app.sweep().apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        app.db.execute("DELETE FROM profile WHERE id >= 25"); // 35 of 60 rows gone: their files now look orphaned
        Map<String, String> now = MediaTree.snapshot(app.media);

        SweepReport refused = app.sweep().maxOrphanRatio(1).apply(Action.DELETE).load().sweep();

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.reason()).contains("profile.avatar yields 25 values, under half of the 60", "`force`");
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(now);

        SweepReport forced = app.sweep().maxOrphanRatio(1).force(true).apply(Action.DELETE).load().sweep();
        assertThat(forced.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(forced.deleted().count()).isEqualTo(35);
    }

    @Test
    void anOrphanCountFarAboveLastRunStopsTheRunUntilForced() {
        assertThat(app.sweep().apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        for (int i = 0; i < 150; i++) {
            app.write("imported/old-" + i + ".jpg", Duration.ofDays(400));
        }
        Map<String, String> now = MediaTree.snapshot(app.media);

        SweepReport refused = app.sweep().maxOrphanRatio(1).apply(Action.DELETE).load().sweep();

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.reason()).contains("150 orphans, far above the 20");
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(now);
    }

    @Test
    void aDryRunComparesWithTheLastAppliedRunAndDoesNotMoveTheBaseline() {
        assertThat(app.sweep().apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        app.db.execute("DELETE FROM profile WHERE id >= 10");

        SweepReport dry = app.sweep().load().sweep();
        assertThat(dry.warnings()).anySatisfy(w -> assertThat(w).contains("under half"));

        SweepReport apply = app.sweep().maxOrphanRatio(1).apply(Action.DELETE).load().sweep();
        assertThat(apply.outcome()).as("the baseline is still the healthy run").isEqualTo(Outcome.REFUSED);
    }

    @Test
    void aStoreBoundToOneDatabaseRefusesAnotherUntilRebound() throws IOException {
        assertThat(app.sweep().apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        Map<String, String> afterFirst = MediaTree.snapshot(app.media);
        TestDatabase other = TestDatabase.Kind.SQLITE.create(temp);
        other.execute("CREATE TABLE profile (id INT PRIMARY KEY, avatar VARCHAR(500))");
        StringBuilder insert = new StringBuilder("INSERT INTO profile VALUES ");
        for (int i = 0; i < app.live.size(); i++) {
            insert.append(i == 0 ? "" : ",").append("(").append(i).append(", '").append(app.live.get(i)).append("')");
        }
        other.execute(insert.toString());
        app.write("late-orphan.png", Duration.ofDays(3));

        SweepReport refused = app.sweep().dataSource(other.dataSource()).apply(Action.DELETE).load().sweep();

        assertThat(refused.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(refused.reason()).contains("bound to", "`rebind`");
        assertThat(MediaTree.snapshot(app.media)).containsAllEntriesOf(afterFirst).containsKey("late-orphan.png");

        SweepReport rebound = app.sweep().dataSource(other.dataSource()).rebind(true).apply(Action.DELETE).load().sweep();
        assertThat(rebound.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(rebound.deleted().count()).isEqualTo(1);
    }

    @Test
    void aGracePeriodUnderAnHourNeedsForce() {
        assertThatThrownBy(() -> app.sweep().minAge(Duration.ofMinutes(10)).load())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("`force`");
        assertThat(app.sweep().minAge(Duration.ofMinutes(10)).force(true).load()).isNotNull();
    }

    @Test
    void anObjectWhoseTimeCannotBeReadCountsAsYoung() {
        ObjectStore timeless = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void list(ListingVisitor visitor) throws IOException {
                super.list(new ForwardingVisitor(visitor) {
                    @Override
                    public void object(StoredObject object) {
                        visitor.object(new StoredObject(object.key(), object.size(), null));
                    }
                });
            }
        };

        SweepReport report = app.sweep().store(timeless).apply(Action.DELETE).load().sweep();

        assertThat(report.orphans().count()).isZero();
        assertThat(report.youngOrphans().count()).isEqualTo(20);
        assertNothingChanged();
    }

    @Test
    void filesInAnUnreadableFolderAreCountedAndKept() {
        ObjectStore partlyUnreadable = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void list(ListingVisitor visitor) throws IOException {
                // What LocalStore reports when a folder cannot be opened: the folder, never its files.
                super.list(new ForwardingVisitor(visitor) {
                    boolean reported;

                    @Override
                    public void object(StoredObject object) {
                        if (object.key().startsWith("avatars/3/")) {
                            if (!reported) {
                                visitor.unreadable("avatars/3", "permission denied");
                                reported = true;
                            }
                            return;
                        }
                        visitor.object(object);
                    }
                });
            }
        };

        SweepReport report = app.sweep().store(partlyUnreadable).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.unreadable().samples()).containsExactly("avatars/3");
        assertThat(app.media.resolve("avatars/3/orphan-3.png")).exists();
        assertThat(app.media.resolve("avatars/4/orphan-4.png")).doesNotExist();
    }

    @Test
    void aFileRewrittenBetweenListingAndActingSurvives() throws IOException {
        Path rewritten = app.media.resolve(app.orphans.get(0));
        ProgressListener rewriteWhenActingStarts = new ProgressListener() {
            @Override
            public void phase(String name) {
                if (name.equals("act")) {
                    try {
                        Files.writeString(rewritten, "a fresh upload reusing the old name");
                        Files.setLastModifiedTime(rewritten, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofDays(10))));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };

        SweepReport report = app.sweep().progress(rewriteWhenActingStarts).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.keptChanged().samples()).containsExactly(app.orphans.get(0));
        assertThat(rewritten).hasContent("a fresh upload reusing the old name");
        assertThat(report.deleted().count()).isEqualTo(19);
    }

    @Test
    void aReferenceThatAppearsBeforeActingWins() {
        String saved = app.orphans.get(5);
        ProgressListener commitARowWhenActingStarts = new ProgressListener() {
            @Override
            public void phase(String name) {
                if (name.equals("act")) {
                    app.db.execute("INSERT INTO profile VALUES (1000, '/" + saved + "')");
                }
            }
        };

        SweepReport report = app.sweep().progress(commitARowWhenActingStarts).apply(Action.DELETE).load().sweep();

        assertThat(report.keptReferencedAgain().samples()).containsExactly(saved);
        assertThat(app.media.resolve(saved)).exists();
        assertThat(report.deleted().count()).isEqualTo(19);
    }

    @Test
    void aKeyWhoseMoveFailsIsReportedJournaledAndKept() throws IOException {
        String refused = app.orphans.get(2);
        ObjectStore failingOneKey = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                // A delete first moves the key out of its place; what S3 says when the copy is refused.
                if (key.equals(refused)) {
                    throw new java.nio.file.AccessDeniedException(key, null, "AccessDenied: Access Denied");
                }
                super.quarantine(key, runId);
            }
        };

        SweepReport report = app.sweep().store(failingOneKey).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.failed().samples()).containsExactly(refused);
        assertThat(report.deleted().count()).isEqualTo(19);
        assertThat(app.media.resolve(refused)).exists();
        assertThat(dev.mediagc.internal.quarantine.Journal.read(dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(app.media)).state(), report.runId()))
                .anySatisfy(e -> {
                    assertThat(e.key()).isEqualTo(refused);
                    assertThat(e.phase()).isEqualTo("failed");
                    assertThat(e.error()).contains("AccessDenied");
                });
    }

    @Test
    void aRunThatLosesItsLockStopsActingAtOnce() {
        ProgressListener stealTheLock = new ProgressListener() {
            @Override
            public void phase(String name) {
                if (name.equals("act")) {
                    try {
                        dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(app.media)).state().write("lock.json",
                                ("{\"owner\":\"thief\",\"host\":\"h\",\"pid\":1,\"expiresAt\":\""
                                        + Instant.now().plusSeconds(600) + "\"}").getBytes());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };

        SweepReport report = app.sweep().progress(stealTheLock).batchSize(5).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("lost the sweep lock");
        assertNothingChanged();
    }

    @Test
    void aStaleLockFromACrashedRunIsTakenOver() throws IOException {
        StateFolder state = dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(app.media)).state();
        state.write("lock.json", ("{\"owner\":\"crashed\",\"host\":\"h\",\"pid\":1,\"expiresAt\":\""
                + Instant.now().minusSeconds(5) + "\"}").getBytes());

        SweepReport report = app.sweep().apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(state.read("lock.json")).as("released at the end").isEqualTo(Optional.empty());
    }

    @Test
    void aLiveLockOfAnotherRunRefusesThisOne() throws IOException {
        dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(app.media)).state().write("lock.json", ("{\"owner\":\"other\",\"host\":\"h\",\"pid\":1,\"expiresAt\":\""
                + Instant.now().plusSeconds(60) + "\"}").getBytes());

        SweepReport report = app.sweep().apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(report.reason()).contains("holds this store's lock");
        assertNothingChanged();
    }

    /** A listing visitor that passes everything through. */
    static class ForwardingVisitor implements ListingVisitor {
        private final ListingVisitor delegate;

        ForwardingVisitor(ListingVisitor delegate) {
            this.delegate = delegate;
        }

        @Override public void object(StoredObject object) { delegate.object(object); }
        @Override public void symlink(String key) { delegate.symlink(key); }
        @Override public void unreadable(String key, String reason) { delegate.unreadable(key, reason); }
        @Override public void emptyFolder(String key, Instant lastModified) { delegate.emptyFolder(key, lastModified); }
    }
}
