package dev.mediagc.internal.sweep;

import dev.mediagc.Action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.ReferenceSourceException;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two complete marks around every deletion (real PostgreSQL): whatever a row says after its file
 * was re-checked, in whatever spelling, the second mark taken after the move puts the file back.
 * The store used here commits a row at the moment the first file leaves its place, which is after
 * every per-batch look-up, so only the second mark can save the file.
 */
class SecondMarkTest {

    @TempDir
    Path temp;
    SmallApp app;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 30, 12);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    /** A store that runs {@code onFirstMove} once, just before the run's first object is moved. */
    private ForwardingStore storeThatOnFirstMove(Runnable onFirstMove) {
        AtomicBoolean done = new AtomicBoolean();
        return new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                if (done.compareAndSet(false, true)) {
                    onFirstMove.run();
                }
                super.quarantine(key, runId);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void aReferenceCommittedAfterItsBatchWasReCheckedPutsTheFileBack(Action action) {
        String reused = app.orphans.get(5);
        String content = MediaTree.snapshot(app.media).get(reused);

        SweepReport report = app.sweep()
                .store(storeThatOnFirstMove(() -> app.db.execute("INSERT INTO profile VALUES (500, '" + reused + "')")))
                .apply(action).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(MediaTree.snapshot(app.media)).containsEntry(reused, content);
        assertThat(report.reReferenced().samples()).containsExactly(reused);
        Tally acted = action == Action.DELETE ? report.deleted() : report.quarantined();
        assertThat(acted.count()).isEqualTo(11);
        assertThat(report.warnings()).anyMatch(w -> w.contains("referenced again during the run"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"avatars/4//orphan-4.png", "avatars/4/./orphan-4.png", "avatars/x/../4/orphan-4.png",
        "  avatars/4/orphan-4.png ", "avatars/4/orphan-4.png\n", "/avatars//4/orphan-4.png"})
    void aSpellingThePointLookUpDoesNotTryStillKeepsTheFile(String spelling) {
        String reused = "avatars/4/orphan-4.png";
        assertThat(app.orphans).contains(reused);

        SweepReport report = app.sweep()
                .store(storeThatOnFirstMove(() -> insertProfile(501, spelling)))
                .apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(reused)).exists();
        assertThat(report.deleted().count()).isEqualTo(11);
    }

    @Test
    void aCaseSpellingWhoseSqlLowerDiffersFromJavasStillKeepsTheFile() {
        String key = "cities/İstanbul.jpg";
        app.write(key, Duration.ofDays(10));
        app.write("cities/ΟΔΟΣ 1.jpg", Duration.ofDays(10));

        SweepReport report = app.sweep().ignoreCase(true)
                .store(storeThatOnFirstMove(() -> {
                    insertProfile(502, "CITIES/İSTANBUL.JPG");
                    insertProfile(503, "cities/οδος 1.JPG");
                }))
                .apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(key)).exists();
        assertThat(app.media.resolve("cities/ΟΔΟΣ 1.jpg")).exists();
        assertThat(report.deleted().count()).isEqualTo(12);
    }

    @Test
    void aFileRewrittenAndGivenARowAfterItsReCheckIsPutBackWithItsNewContent() {
        String reused = app.orphans.get(7);

        SweepReport report = app.sweep()
                .store(storeThatOnFirstMove(() -> {
                    try {
                        Files.writeString(app.media.resolve(reused), "new upload under an old name");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    insertProfile(504, reused);
                }))
                .apply(Action.QUARANTINE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(MediaTree.snapshot(app.media)).containsKey(reused);
        assertThat(app.media.resolve(reused)).hasContent("new upload under an old name");
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void aKeyUploadedAgainWhileItsOldFileWasOutKeepsTheNewFileAndIsNoFailure(Action action) {
        AtomicBoolean done = new AtomicBoolean();
        String[] uploadedAgain = new String[1];
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                super.quarantine(key, runId);
                if (done.compareAndSet(false, true)) {
                    uploadedAgain[0] = key;
                    Files.writeString(app.media.resolve(key), "uploaded again under the same name");
                    insertProfile(506, key);
                }
            }
        };

        SweepReport report = app.sweep().store(store).apply(action).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(uploadedAgain[0])).hasContent("uploaded again under the same name");
        assertThat(report.superseded().samples()).containsExactly(uploadedAgain[0]);
        assertThat(report.failed().count()).isZero();
        Tally acted = action == Action.DELETE ? report.deleted() : report.quarantined();
        assertThat(acted.count()).isEqualTo(11);
    }

    @Test
    void deleteRemovesFromQuarantineOnlyWhatTheSecondMarkLeftUnreferenced() {
        String reused = app.orphans.get(0);

        SweepReport report = app.sweep()
                .store(storeThatOnFirstMove(() -> insertProfile(505, reused)))
                .apply(Action.DELETE).load().sweep();

        Map<String, String> left = MediaTree.snapshot(app.media);
        assertThat(left.keySet()).containsAll(app.live).contains(reused)
                .doesNotContainAnyElementsOf(app.orphans.subList(1, app.orphans.size()));
        assertThat(left.keySet()).noneMatch(k -> k.contains("quarantine/" + report.runId()));
    }

    @Test
    void restoringADeleteRunSaysWhatWasDeletedForGoodAndFailsNothing() throws IOException {
        SweepReport report = app.sweep().apply(Action.DELETE).load().sweep();

        var restore = new dev.mediagc.internal.quarantine.Quarantine(LocalStore.at(app.media)).restore(report.runId());

        assertThat(restore.deletedForGood()).isEqualTo(12);
        assertThat(restore.failed()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Action.class)
    void aSecondMarkThatFailsPutsEveryMovedFileBack(Action action) {
        Map<String, String> before = MediaTree.snapshot(app.media);
        FlakySource flaky = new FlakySource(2, false);

        SweepReport report = app.sweep().referenceSource(flaky).apply(action).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("second mark", "put back");
        assertThat(report.putBackAfterFailure().count()).isEqualTo(12);
        assertThat(withoutState(MediaTree.snapshot(app.media))).isEqualTo(withoutState(before));
    }

    @Test
    void aSourceThatShrinksBetweenTheMarksPutsEveryMovedFileBack() {
        Map<String, String> before = MediaTree.snapshot(app.media);
        FlakySource shrinking = new FlakySource(2, true);

        SweepReport report = app.sweep().referenceSource(shrinking).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("yielded 1 values in the second mark against 30");
        assertThat(withoutState(MediaTree.snapshot(app.media))).isEqualTo(withoutState(before));
    }

    @Test
    void aRunThatMovesNothingTakesNoSecondMark() {
        app.orphans.forEach(k -> insertProfile(600 + app.orphans.indexOf(k), k));
        FlakySource flaky = new FlakySource(2, false);

        SweepReport report = app.sweep().referenceSource(flaky).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(flaky.streams.get()).isEqualTo(1);
    }

    @Test
    void aRunThatFailsAfterMovingFilesPutsThemAllBack() {
        Map<String, String> before = MediaTree.snapshot(app.media);
        AtomicInteger lookUps = new AtomicInteger();
        ReferenceSource failingOnSecondLookUp = new FlakySource(99, false) {
            @Override
            public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException {
                if (lookUps.incrementAndGet() == 2) {
                    throw new ReferenceSourceException(name(), "canceling statement due to statement timeout", null);
                }
                return Set.of();
            }
        };

        SweepReport report = app.sweep().referenceSource(failingOnSecondLookUp).batchSize(5)
                .apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.putBackAfterFailure().count()).isEqualTo(5);
        assertThat(withoutState(MediaTree.snapshot(app.media))).isEqualTo(withoutState(before));
    }

    @Test
    void aStoreCallThatThrowsUnexpectedlyFailsOnlyItsKeyAndTheRunGoesOn() {
        String odd = app.orphans.get(4);
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                if (key.equals(odd)) {
                    throw new IllegalStateException("driver bug");
                }
                super.quarantine(key, runId);
            }
        };

        SweepReport report = app.sweep().store(store).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(report.failed().samples()).containsExactly(odd);
        assertThat(app.media.resolve(odd)).exists();
        assertThat(report.deleted().count()).isEqualTo(11);
    }

    @Test
    void aMoveThatReportsAnErrorButHappenedIsStillDecidedByTheSecondMark() {
        String reused = app.orphans.get(6);
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                super.quarantine(key, runId);
                if (key.equals(reused)) {
                    insertProfile(507, reused);
                    throw new IOException("InternalError: we encountered an internal error, please try again");
                }
            }
        };

        SweepReport report = app.sweep().store(store).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(reused)).exists();
        assertThat(report.reReferenced().samples()).containsExactly(reused);
    }

    @Test
    void aRunWhoseReReferencedFileCannotBePutBackKeepsItsQuarantineAndWritesNoEndRecord() throws IOException {
        String reused = app.orphans.get(8);
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                super.quarantine(key, runId);
                if (key.equals(reused)) {
                    insertProfile(508, reused);
                }
            }

            @Override
            public void restore(String key, String runId) throws IOException {
                throw new java.nio.file.AccessDeniedException(key);
            }
        };

        SweepReport report = app.sweep().store(store).apply(Action.DELETE).load().sweep();

        assertThat(report.failed().samples()).containsExactly(reused);
        assertThat(report.deleted().count()).as("nothing deleted while a put-back failed").isZero();
        dev.mediagc.internal.store.ManagedStore local = dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(app.media));
        assertThat(local.isQuarantined(reused, report.runId())).isTrue();
        assertThat(dev.mediagc.internal.quarantine.Journal.isFinished(local.state(), report.runId()))
                .as("purge must leave this run alone").isFalse();
    }

    private void insertProfile(int id, String value) {
        try (var c = app.db.connect(); var s = c.prepareStatement("INSERT INTO profile VALUES (?, ?)")) {
            s.setInt(1, id);
            s.setString(2, value);
            s.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withoutState(Map<String, String> tree) {
        Map<String, String> copy = new java.util.TreeMap<>(tree);
        copy.keySet().removeIf(k -> k.startsWith(".mediagc/"));
        return copy;
    }

    /**
     * The live keys of {@code profile} as a source of its own, which misbehaves from the
     * {@code from}-th stream on: it fails, or (when {@code shrink}) delivers a single value.
     */
    private class FlakySource implements ReferenceSource {
        final AtomicInteger streams = new AtomicInteger();
        private final int from;
        private final boolean shrink;

        FlakySource(int from, boolean shrink) {
            this.from = from;
            this.shrink = shrink;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public void stream(ReferenceSink sink) throws ReferenceSourceException {
            if (streams.incrementAndGet() >= from) {
                if (!shrink) {
                    throw new ReferenceSourceException(name(), "connection reset", null);
                }
                sink.accept(app.live.get(0));
                return;
            }
            app.live.forEach(sink::accept);
        }

        @Override
        public Set<String> lookUp(Collection<String> spellings, boolean ignoreCase) throws ReferenceSourceException {
            return Set.of();
        }
    }
}
