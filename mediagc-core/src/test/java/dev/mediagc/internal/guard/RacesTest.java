package dev.mediagc.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Action;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What happens while a sweep runs: other sweeps, and rows committed mid-scan (real PostgreSQL). */
class RacesTest {

    /** A second source that takes a few seconds, so the test can act while it is being read. */
    private static final String SLOW_SOURCE = "SELECT image FROM banner CROSS JOIN (SELECT pg_sleep(3)) AS slow";

    @TempDir
    Path temp;
    SmallApp app;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 40, 10);
        app.db.execute("CREATE TABLE banner (id INT, image VARCHAR(200))", "INSERT INTO banner VALUES (1, 'banner.png')");
        app.write("banner.png", java.time.Duration.ofDays(30));
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aReferenceInsertedIntoOneSourceWhileAnotherIsStillReadSurvivesApply() throws Exception {
        String rescued = app.orphans.get(3);
        CountDownLatch profilesRead = new CountDownLatch(1);
        dev.mediagc.ProgressListener watch = new dev.mediagc.ProgressListener() {
            @Override
            public void sourceRead(String source, long values) {
                if (source.equals("profile.avatar")) {
                    profilesRead.countDown();
                }
            }
        };
        CompletableFuture<SweepReport> sweep = CompletableFuture.supplyAsync(
                () -> app.sweep().referenceQuery(SLOW_SOURCE).progress(watch).apply(Action.DELETE).load().sweep());
        assertThat(profilesRead.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(sweep).as("the slow source is still being read").isNotDone();
        app.db.execute("INSERT INTO profile VALUES (999, '" + rescued + "')");

        SweepReport report = sweep.get();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        assertThat(app.media.resolve(rescued)).exists();
        assertThat(report.keptReferencedAgain().samples()).containsExactly(rescued);
        assertThat(report.deleted().count()).isEqualTo(9);
    }

    @Test
    void aSourceThatTimesOutChangesNothing() {
        Map<String, String> before = MediaTree.snapshot(app.media);

        SweepReport report = app.sweep().referenceQuery(SLOW_SOURCE).queryTimeout(java.time.Duration.ofSeconds(1))
                .apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.reason()).contains("incomplete mark", "query #1");
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
    }

    @Test
    void twoSweepsStartedAtOnceOneActsAndTheOtherRefuses() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<SweepReport>> sweeps = List.of(1, 2).stream()
                .map(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return app.sweep().referenceQuery(SLOW_SOURCE).apply(Action.QUARANTINE).load().sweep();
                }))
                .toList();
        start.countDown();

        List<SweepReport> reports = sweeps.stream().map(CompletableFuture::join).toList();

        assertThat(reports).extracting(SweepReport::outcome).containsExactlyInAnyOrder(Outcome.APPLIED, Outcome.REFUSED);
        SweepReport refused = reports.stream().filter(r -> r.outcome() == Outcome.REFUSED).findFirst().orElseThrow();
        assertThat(refused.reason()).contains("holds this store's lock");
        SweepReport applied = reports.stream().filter(r -> r.outcome() == Outcome.APPLIED).findFirst().orElseThrow();
        assertThat(applied.quarantined().count()).isEqualTo(10);
        Map<String, String> left = MediaTree.snapshot(app.media);
        assertThat(left.keySet()).containsAll(app.live).doesNotContainAnyElementsOf(app.orphans);
    }
}
