package dev.mediagc.internal.sweep;

import dev.mediagc.Action;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.derive.DerivedLookingGuard;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.testing.DerivedApp;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Derived files (styles, sizes, variants) that no column names, on real folders and a real
 * database: a derived rule keeps them exactly while their original is referenced, and without the
 * rule the derived-files guard refuses to act rather than lose them.
 */
class DerivedFilesSweepTest {

    @TempDir
    Path temp;

    private DerivedApp paperclip() throws IOException {
        return DerivedApp.paperclip(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")),
                120, 15);
    }

    private DerivedApp cms() throws IOException {
        return DerivedApp.cms(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 80, 10);
    }

    private List<String> orphanList(DerivedApp app, boolean withRules) throws IOException {
        Path list = temp.resolve("orphans-" + withRules + ".txt");
        SweepReport report = (withRules ? app.sweepWithRules() : app.sweep()).orphanList(list).load().sweep();
        assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.DRY_RUN);
        return Files.readAllLines(list);
    }

    @Test
    void paperclipStylesAreNotLostWhenOnlyOriginalsAreReferenced() throws IOException {
        try (DerivedApp app = paperclip()) {
            Map<String, String> before = MediaTree.snapshot(app.media);

            SweepReport report = app.sweep().maxOrphanRatio(0.9).apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.reason()).contains("look derived from referenced files",
                    "`derived` '{path}/{style}/{name} <- {path}/original/{name}'", "/small/");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void withThePaperclipRuleTheOrphanListIsTheTruthAndApplyingRemovesExactlyIt() throws IOException {
        try (DerivedApp app = paperclip()) {
            assertThat(orphanList(app, true)).containsExactlyElementsOf(app.orphans);
            Map<String, String> expected = new HashMap<>(MediaTree.snapshot(app.media));
            app.orphans.forEach(expected::remove);

            SweepReport report = app.sweepWithRules().apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(expected);
            assertThat(report.keptDerived().count()).isEqualTo(app.liveDerived.size());
            assertThat(report.keptDerivedByRule().get(app.rules.get(0)).count()).isEqualTo(app.liveDerived.size());
            assertThat(report.derivedLooking().count()).isZero();
        }
    }

    @Test
    void cmsThumbnailsAreNotLostEvenUnderARaisedRatioCapAndTheRefusalNamesTheRule() throws IOException {
        try (DerivedApp app = cms()) {
            Map<String, String> before = MediaTree.snapshot(app.media);

            SweepReport report = app.sweep().maxOrphanRatio(0.9).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.reason()).contains("`derived` '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'", "-150x150.jpg");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void aDryRunWarnsWhatAnAppliedRunWouldRefuse() throws IOException {
        try (DerivedApp app = cms()) {
            SweepReport report = app.sweep().maxOrphanRatio(0.9).load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.DRY_RUN);
            assertThat(report.warnings()).anyMatch(w -> w.startsWith("an applied run would refuse: ")
                    && w.contains("{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}"));
            assertThat(report.derivedLooking().count()).isEqualTo(app.liveDerived.size());
        }
    }

    @Test
    void withTheSizeRuleOrphanedThumbnailsOfOrphanedOriginalsAreListedAndNothingElse() throws IOException {
        try (DerivedApp app = cms()) {
            List<String> orphans = orphanList(app, true);

            assertThat(orphans).containsExactlyElementsOf(app.orphans);
            assertThat(orphans).anyMatch(k -> k.endsWith("-150x150.jpg")).anyMatch(k -> k.contains("Straße Foto"));
            Map<String, String> expected = new HashMap<>(MediaTree.snapshot(app.media));
            app.orphans.forEach(expected::remove);

            SweepReport report = app.sweepWithRules().maxOrphanRatio(0.9).apply(Action.DELETE).load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(expected);
        }
    }

    @Test
    void activeStorageBlobsAndTheirVariantFoldersAreKeptByTwoRules() throws IOException {
        try (DerivedApp app = DerivedApp.activeStorage(TestDatabase.Kind.SQLITE.create(temp),
                Files.createDirectories(temp.resolve("media")), 60, 8)) {
            assertThat(orphanList(app, true)).containsExactlyElementsOf(app.orphans);

            SweepReport report = app.sweepWithRules().load().sweep();

            assertThat(report.keptDerivedByRule().get("va/ri/variants/{key}/** <- {key}").count())
                    .isEqualTo(app.liveDerived.stream().filter(k -> k.startsWith("va/ri/variants/")).count());
            assertThat(report.keptDerivedByRule().get("{a}/{b}/{a}{b}{rest} <- {a}{b}{rest}").count()).isEqualTo(60);
        }
    }

    @Test
    void withoutTheVariantRuleTheGuardNamesTheFolderRule() throws IOException {
        try (DerivedApp app = DerivedApp.activeStorage(TestDatabase.Kind.SQLITE.create(temp),
                Files.createDirectories(temp.resolve("media")), 60, 8)) {
            SweepReport report = app.sweep().derived(app.rules.get(0)).maxOrphanRatio(0.9).apply(Action.DELETE)
                    .load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.reason()).contains("`derived` 'va/ri/variants/{key}/** <- {key}'");
        }
    }

    @Test
    void forceOverridesTheGuardAndTheRatioCapThenNamesDerivedFilesAsACause() throws IOException {
        try (DerivedApp app = paperclip()) {
            SweepReport report = app.sweep().force(true).apply(Action.QUARANTINE).load().sweep();

            assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
            assertThat(report.warnings()).anyMatch(w -> w.startsWith("`force` overrode the derived-files guard"));
            assertThat(report.reason()).contains("over `max-orphan-ratio`", "references that miss derived files",
                    "`derived` rules");
        }
    }

    /** Copies beside live originals ("photo 0-copy.png") look derived; a handful is let through, more is refused. */
    @ParameterizedTest
    @ValueSource(ints = {5, 6})
    void aHandfulOfLookAlikesIsLetThroughAndOneMoreIsRefused(int lookAlikes) throws IOException {
        try (DerivedApp app = paperclip()) {
            List<String> originals = app.files.stream().filter(k -> k.contains("/original/") && !app.orphans.contains(k))
                    .limit(lookAlikes).toList();
            for (String original : originals) {
                Path copy = app.media.resolve(original.replaceAll("\\.(png|gif)$", "-copy.$1"));
                Files.copy(app.media.resolve(original), copy);
                Files.setLastModifiedTime(copy, Files.getLastModifiedTime(app.media.resolve(original)));
            }

            SweepReport report = app.sweepWithRules().apply(Action.DELETE).load().sweep();

            assertThat(report.derivedLooking().count()).isEqualTo(lookAlikes);
            if (lookAlikes <= DerivedLookingGuard.MAX_LOOKING) {
                assertThat(report.outcome()).as(report.reason()).isEqualTo(Outcome.APPLIED);
                assertThat(report.deleted().count()).isEqualTo(app.orphans.size() + lookAlikes);
            } else {
                assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
                assertThat(report.reason()).contains("6 of " + (app.orphans.size() + 6) + " orphan candidates",
                        "-copy.", "`derived` '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'", "`force`");
            }
        }
    }

    /**
     * The invariant "a derived rule only adds references": a file a row names stays referenced
     * whatever rule its key matches, and a sweep with rules lists a subset of the orphans of the
     * same sweep without them.
     */
    @Test
    void aDerivedRuleNeverTurnsAReferencedFileIntoAnOrphan() throws IOException {
        try (DerivedApp app = cms()) {
            String namedByARow = app.liveDerived.first();
            app.insert(10_000, namedByARow);
            app.db.execute("DELETE FROM attachment WHERE file = '"
                    + namedByARow.replaceAll("-(150x150|300x200|1024x768|scaled)\\.jpg$", ".jpg").replace("'", "''") + "'");

            List<String> withRules = orphanList(app, true);
            List<String> without = orphanList(app, false);

            assertThat(withRules).doesNotContain(namedByARow);
            assertThat(new TreeSet<>(without)).containsAll(withRules);
        }
    }
}
