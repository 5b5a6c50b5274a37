package dev.mediagc.internal.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.sweep.RunningReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The JSON report is read by scripts and dashboards: every field, its name, its order and its
 * spelling stay as they are. The expected text was written by the mutable report before the
 * report became immutable; a change here breaks readers.
 */
@Tag("fast")
class ReportJsonFormatTest {

    @Test
    void writesEveryFieldInItsFixedOrderAndSpelling() throws IOException {
        assertThat(ReportWriter.toJson(everyFieldSet())).isEqualTo(expected("every-field.json"));
    }

    @Test
    void leavesOutWhatARefusedRunNeverReached() throws IOException {
        assertThat(ReportWriter.toJson(refusedBeforeListing())).isEqualTo(expected("refused.json"));
    }

    static SweepReport everyFieldSet() {
        RunningReport report = new RunningReport("20240501T101500Z-ab12", "/var/www/media", true, "quarantine", "24h",
                Instant.parse("2024-05-01T10:15:00Z"));
        report.addSource(new SourceFigures("profile.avatar", 120, 100, 0.25));
        report.addSource(new SourceFigures("query #1", 7, 6, 1.5));
        report.setReferences(106);
        report.objects().add("a.jpg", 10);
        report.objects().addWithoutSize("b.jpg");
        report.referenced().add("a.jpg", 10);
        report.referencedLeniently().add("A.JPG", 3);
        report.orphans().add("c.jpg", 2048);
        report.youngOrphans().add("d.jpg", 1);
        report.excluded().add("e.tmp", 1);
        report.symlinks().add("f", 0);
        report.otherStores().add("g/", 0);
        report.unreadable().add("h.jpg", 0);
        report.danglingReferences().setCount(4);
        report.danglingReferences().addSample("missing.jpg");
        report.setDanglingReferencesBySource(List.of(DanglingBySource.ofSource("profile.avatar", 3, List.of("missing.jpg")),
                DanglingBySource.ofSource("query #1", 0, List.of()),
                new DanglingBySource(DanglingBySource.NamedBy.SEVERAL_SOURCES, null, 1, List.of())));
        report.emptyFolders().add("empty/", 0);
        report.keptDerived().add("a-150x150.jpg", 5);
        report.derivedRule("{stem}-*.{ext} <- {stem}.{ext}").add("a-150x150.jpg", 5);
        report.derivedRule("unused <- rule");
        report.derivedLooking().setCount(2);
        report.quarantined().add("c.jpg", 2048);
        report.deleted().add("x.jpg", 9);
        report.failed().add("y.jpg", 8);
        report.keptReferencedAgain().add("z.jpg", 7);
        report.keptChanged().add("w.jpg", 6);
        report.reReferenced().add("v.jpg", 5);
        report.putBackAfterFailure().add("u.jpg", 4);
        report.superseded().add("t.jpg", 3);
        report.setEmptyFoldersRemoved(1);
        report.setSecondMarkSeconds(0.5);
        report.warn("first warning");
        report.warn("second \"quoted\" warning");
        report.finish(SweepReport.Outcome.APPLIED, null, Instant.parse("2024-05-01T10:16:30Z"));
        return report.freeze();
    }

    static SweepReport refusedBeforeListing() {
        RunningReport report = new RunningReport("20240501T101500Z-cd34", "s3://bucket/media", true, "delete", "2d",
                Instant.parse("2024-05-01T10:15:00Z"));
        report.finish(SweepReport.Outcome.REFUSED, "another sweep holds the lock", Instant.parse("2024-05-01T10:15:01Z"));
        return report.freeze();
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = ReportJsonFormatTest.class.getResourceAsStream("/report-format/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
