package dev.mediagc.internal.sweep;

import dev.mediagc.Action;
import dev.mediagc.ProgressListener;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DerivedApp;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived file whose original gains its row after the first mark (real PostgreSQL): the
 * per-batch re-check looks up the owner's spellings too, and the second mark puts back a moved
 * derived file whose owner it names. Either way the thumbnails of a re-referenced original stay.
 */
class DerivedOwnerRaceTest {

    private static final String SIZE_RULE = "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}";

    @TempDir
    Path temp;
    DerivedApp app;
    String original;
    List<String> thumbnails;

    @BeforeEach
    void setUp() throws IOException {
        app = DerivedApp.cms(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 30, 6);
        // An original without a row, with spaces and Unicode in its name, and its sizes.
        original = app.orphans.stream().filter(k -> k.contains("Straße Foto") && !k.matches(".*-(\\d+x\\d+|scaled)\\.jpg"))
                .findFirst().orElseThrow();
        String stem = original.substring(0, original.length() - ".jpg".length());
        thumbnails = app.orphans.stream().filter(k -> k.startsWith(stem + "-")).toList();
        assertThat(thumbnails).hasSizeGreaterThanOrEqualTo(3);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aDerivedFileWhoseOwnerGetsARowBeforeItsBatchIsReCheckedIsKeptByTheReCheck() {
        ProgressListener commitsOnAct = new ProgressListener() {
            @Override
            public void phase(String name) {
                if (name.equals("act")) {
                    app.insert(900, original);
                }
            }
        };

        // One candidate a batch: the original is not looked up beside its thumbnails, only as their owner.
        SweepReport report = app.sweepWithRules().progress(commitsOnAct).maxOrphanRatio(0.9).batchSize(1)
                .apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        thumbnails.forEach(t -> assertThat(app.media.resolve(t)).exists());
        assertThat(app.media.resolve(original)).exists();
        assertThat(report.reReferenced().count()).as("nothing needed the second mark").isZero();
        assertThat(report.keptReferencedAgain().count()).isEqualTo(1 + thumbnails.size());
        assertThat(report.keptDerivedByRule().get(SIZE_RULE).count())
                .isEqualTo(report.keptDerived().count() + thumbnails.size());
        assertThat(report.deleted().count()).isEqualTo(app.orphans.size() - 1 - thumbnails.size());
    }

    @Test
    void aDerivedFileWhoseOwnerGetsARowAfterItsReCheckIsPutBackByTheSecondMark() {
        AtomicBoolean done = new AtomicBoolean();
        ForwardingStore store = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void quarantine(String key, String runId) throws IOException {
                if (done.compareAndSet(false, true)) {
                    app.insert(901, original);
                }
                super.quarantine(key, runId);
            }
        };

        SweepReport report = app.sweepWithRules().store(store).maxOrphanRatio(0.9).apply(Action.DELETE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
        thumbnails.forEach(t -> assertThat(app.media.resolve(t)).exists());
        assertThat(app.media.resolve(original)).exists();
        assertThat(report.reReferenced().count()).isEqualTo(1 + thumbnails.size());
        assertThat(report.deleted().count()).isEqualTo(app.orphans.size() - 1 - thumbnails.size());
    }
}
