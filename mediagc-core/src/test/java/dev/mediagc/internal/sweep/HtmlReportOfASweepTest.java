package dev.mediagc.internal.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.testing.ForwardingStore;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.PageOrphanList;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep writes its HTML page at the end of every run, whatever the outcome, and never fails a run for it. */
class HtmlReportOfASweepTest {

    @TempDir
    Path temp;
    SmallApp app;

    @BeforeEach
    void setUp() throws IOException {
        app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 20, 7);
    }

    @AfterEach
    void tearDown() {
        app.close();
    }

    @Test
    void aDryRunsPageHoldsExactlyItsCandidates() throws IOException {
        Path page = temp.resolve("report.html");

        SweepReport report = app.sweep().reportHtml(page).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.DRY_RUN);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<h2 id=\"outcome-title\">Dry run</h2>", report.runId());
        assertThat(embeddedKeys(html)).containsExactlyInAnyOrderElementsOf(app.orphans);
    }

    @Test
    void aRefusedRunsPageSaysWhyAndStillShowsTheCandidates() throws IOException {
        Path page = temp.resolve("refused.html");
        Map<String, String> before = MediaTree.snapshot(app.media);

        SweepReport report = app.sweep().apply(Action.QUARANTINE).maxDelete(1).reportHtml(page).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<h2 id=\"outcome-title\">Refused</h2>", "nothing was changed");
        assertThat(embeddedKeys(html)).containsExactlyInAnyOrderElementsOf(app.orphans);
    }

    @Test
    void aFailedRunsPageSaysWhyAndShowsNoOrphans() throws IOException {
        Path page = temp.resolve("failed.html");

        SweepReport report = app.sweep().reference("no_such_table.file").reportHtml(page).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("<h2 id=\"outcome-title\">Failed</h2>", "no_such_table");
        assertThat(embeddedKeys(html)).isEmpty();
    }

    @Test
    void aRunThatFailedWhileListingShowsNoOrphansRatherThanSome() throws IOException {
        Path page = temp.resolve("failed.html");
        ForwardingStore listingBreaksOff = new ForwardingStore(LocalStore.at(app.media)) {
            @Override
            public void list(ListingVisitor visitor) throws IOException {
                super.list(visitor); // every candidate spooled, but the listing never ends well
                throw new IOException("the listing broke off");
            }
        };

        SweepReport report = app.sweep().store(listingBreaksOff).reportHtml(page).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).contains("the listing broke off", "data-rows=\"0\"");
        assertThat(embeddedKeys(html)).isEmpty();
    }

    @Test
    void aPageThatCannotBeWrittenIsAWarningAndLeavesTheOutcomeAsItWas() throws IOException {
        Path page = temp.resolve("no-such-folder").resolve("report.html");
        Map<String, String> before = MediaTree.snapshot(app.media);

        SweepReport report = app.sweep().apply(Action.QUARANTINE).reportHtml(page).load().sweep();

        assertThat(report.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(report.quarantined().count()).isEqualTo(app.orphans.size());
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).startsWith("the HTML report was not written to "));
        assertThat(MediaTree.snapshot(app.media)).isNotEqualTo(before);
    }

    private static List<String> embeddedKeys(String html) throws IOException {
        return PageOrphanList.keys(html);
    }
}
