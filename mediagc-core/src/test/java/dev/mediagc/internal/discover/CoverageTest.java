package dev.mediagc.internal.discover;

import dev.mediagc.StoreCoverage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.Action;
import dev.mediagc.testing.DerivedFilesDataset;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Coverage judges every object as the sweep would (referenced, kept by a rule, excluded,
 * unexplained) and changes nothing; the leftover proposal finds the derived rules the unexplained
 * objects follow, proposes each only when the real rule explains enough of them, proposes an
 * exclude for the folder the database never names, and leaves the true orphans to the sweep.
 */
class CoverageTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"SQLITE", "H2"})
    void measuresWhatTheReferencesExplainAndProposesTheValidatedRulesAndTheCacheExclude(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 3);

            StoreCoverage before;
            try (LocalStore store = LocalStore.at(data.media())) {
                before = configured(db, data, store).load().coverage();
            }

            assertThat(before.sample()).isFalse();
            assertThat(before.objects()).isEqualTo(data.objects());
            assertThat(before.referenced()).isEqualTo(data.referenced().size());
            assertThat(before.derived()).isZero();
            assertThat(before.excluded()).isZero();
            assertThat(before.unexplainedCount()).isEqualTo(data.derived().size() + data.cache().size()
                    + data.expectedOrphans().size());
            assertThat(before.unexplainedByTopFolder()).containsEntry("cache/", (long) data.cache().size());

            LeftoverProposal proposal = LeftoverProposal.of(before);

            assertThat(proposal.derivedRules()).extracting(LeftoverProposal.ProposedRule::rule)
                    .containsExactlyInAnyOrder(DerivedFilesDataset.THUMBNAIL_RULE, DerivedFilesDataset.THUMB_STYLE_RULE,
                            DerivedFilesDataset.MEDIUM_STYLE_RULE, DerivedFilesDataset.WEBP_RULE,
                            DerivedFilesDataset.RESIZED_RULE);
            assertThat(proposal.derivedRules()).allSatisfy(rule -> {
                assertThat(rule.explained()).isGreaterThanOrEqualTo(LeftoverProposal.MIN_EXPLAINED);
                assertThat(rule.samples()).isNotEmpty().allSatisfy(sample -> assertThat(data.derived()).contains(sample));
                assertThat(rule.owners()).allSatisfy(owner -> assertThat(owner).isNotEqualTo("?"));
            });
            assertThat(explained(proposal, DerivedFilesDataset.THUMBNAIL_RULE)).isEqualTo(60);
            assertThat(explained(proposal, DerivedFilesDataset.THUMB_STYLE_RULE)).isEqualTo(12);
            assertThat(explained(proposal, DerivedFilesDataset.WEBP_RULE)).isEqualTo(6);
            assertThat(explained(proposal, DerivedFilesDataset.RESIZED_RULE)).isEqualTo(5);
            assertThat(proposal.excludes()).singleElement().satisfies(exclude -> {
                assertThat(exclude.glob()).isEqualTo("cache/**");
                assertThat(exclude.objects()).isEqualTo(data.cache().size());
            });
            assertThat(proposal.leftFolders()).extracting(LeftoverProposal.LeftFolder::folder)
                    .containsExactlyInAnyOrder("photos/", "items/", "resized/", Coverage.ROOT);

            Coverage after = proposal.after();
            assertThat(after.objects()).isEqualTo(data.objects());
            assertThat(after.referenced()).isEqualTo(data.referenced().size());
            assertThat(after.derived()).isEqualTo(data.derived().size());
            assertThat(after.excluded()).isEqualTo(data.cache().size());
            assertThat(after.unexplained()).extracting(Coverage.Unexplained::raw)
                    .containsExactlyInAnyOrderElementsOf(data.expectedOrphans());
            assertThat(after.summary()).startsWith(String.format(java.util.Locale.ROOT,
                    "the references explain %s of the %d objects", Coverage.percent(
                            (double) (data.referenced().size() + data.derived().size()) / data.objects()), data.objects()))
                    .contains("unexplained (" + data.expectedOrphans().size() + "), by folder: photos/ ");
        }
    }

    @Test
    void orphansNamedLikeDerivedFilesBelowTheThresholdMakeNoRuleAndStayOrphans() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 5);
            assertThat(data.decoys()).hasSize(2).allSatisfy(decoy -> assertThat(decoy).endsWith("-2.jpg"));

            LeftoverProposal proposal;
            try (LocalStore store = LocalStore.at(data.media())) {
                proposal = LeftoverProposal.of(configured(db, data, store).load().coverage());
            }

            assertThat(proposal.derivedRules()).extracting(LeftoverProposal.ProposedRule::rule)
                    .as("two x-2.jpg beside referenced photos are below the threshold")
                    .doesNotContain("{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}")
                    .allSatisfy(rule -> assertThat(rule).doesNotContain("-*.{ext}"));
            assertThat(proposal.after().unexplained()).extracting(Coverage.Unexplained::raw).containsAll(data.decoys());
        }
    }

    @Test
    void twoPatternsExplainingTheSameObjectsMakeOneRuleEachObjectCountedOnce() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            Path media = Files.createDirectories(temp.resolve("media"));
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY, path VARCHAR(200))");
            for (int i = 1; i <= 5; i++) {
                // thumbs/x.jpg beside a referenced x.jpg at the top: '{dir}/thumbs/{name}' and 'thumbs/{path}' both fit
                Files.writeString(media.resolve("poster-" + i + ".jpg"), "poster " + i);
                Files.createDirectories(media.resolve("thumbs"));
                Files.writeString(media.resolve("thumbs/poster-" + i + ".jpg"), "thumb " + i);
                db.execute("INSERT INTO upload VALUES (" + i + ", 'poster-" + i + ".jpg')");
            }

            LeftoverProposal proposal;
            try (LocalStore store = LocalStore.at(media)) {
                proposal = LeftoverProposal.of(MediaGc.configure().dataSource(db.dataSource()).reference("upload.path")
                        .store(store).load().coverage());
            }

            assertThat(proposal.derivedRules()).singleElement().satisfies(rule -> {
                assertThat(rule.rule()).isIn("{dir}/thumbs/{name} <- {dir}/{name}", "thumbs/{path} <- {path}");
                assertThat(rule.explained()).isEqualTo(5);
            });
            assertThat(proposal.excludes()).isEmpty();
            assertThat(proposal.after().unexplainedCount()).isZero();
        }
    }

    @Test
    void theProposalSweptListsExactlyTheTrueOrphans() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 7);
            LeftoverProposal proposal;
            try (LocalStore store = LocalStore.at(data.media())) {
                proposal = LeftoverProposal.of(configured(db, data, store).load().coverage());
            }
            Path orphans = temp.resolve("orphans.txt");

            SweepReport report;
            try (LocalStore store = LocalStore.at(data.media())) {
                MediaGc.Builder sweep = configured(db, data, store).orphanList(orphans);
                proposal.derivedRules().forEach(rule -> sweep.derived(rule.rule()));
                sweep.exclude(proposal.excludes().stream().map(LeftoverProposal.ProposedExclude::glob).toArray(String[]::new));
                report = sweep.load().sweep();
            }

            assertThat(report.outcome()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(orphans)).containsExactlyElementsOf(data.expectedOrphans());
            assertThat(report.keptDerived().count()).isEqualTo(data.derived().size());
            assertThat(report.excluded().count()).isEqualTo(data.cache().size());
        }
    }

    @Test
    void measuringChangesNothingInTheStoreEvenWhenTheConfigurationWouldApply() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 9);
            Map<String, String> before = dev.mediagc.testing.MediaTree.everything(data.media());

            StoreCoverage coverage;
            try (LocalStore store = LocalStore.at(data.media())) {
                coverage = configured(db, data, store).apply(Action.DELETE).removeEmptyFolders(true).load().coverage();
            }

            assertThat(coverage.unexplainedCount()).isPositive();
            assertThat(dev.mediagc.testing.MediaTree.everything(data.media())).as("no lock, binding, figures, journal or move: nothing")
                    .isEqualTo(before);
        }
    }

    @Test
    void aSampleOfKeysIsJudgedAsTheListingWouldBeAndSaysItIsASample() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 11);
            List<String> sample = Stream.of(data.referenced().subList(0, 10), data.cache().subList(0, 5),
                    data.derived().subList(0, 5)).flatMap(List::stream).toList();

            StoreCoverage coverage;
            try (LocalStore store = LocalStore.at(data.media())) {
                coverage = configured(db, data, store).derived(DerivedFilesDataset.THUMBNAIL_RULE).exclude("cache/**")
                        .load().coverage(sample);
            }

            assertThat(coverage.sample()).isTrue();
            assertThat(coverage.objects()).isEqualTo(20);
            assertThat(coverage.referenced()).isEqualTo(10);
            assertThat(coverage.excluded()).isEqualTo(5);
            assertThat(coverage.derived() + coverage.unexplainedCount()).isEqualTo(5);
            assertThat(coverage.derived()).isEqualTo(data.derived().subList(0, 5).stream()
                    .filter(key -> key.matches(".*-[0-9]+x[0-9]+\\.jpg")).count());
            assertThat(coverage.summary()).contains("of the 20 sampled objects (shares are estimates for the store)");
        }
    }

    @Test
    void aMonthFolderHoldingOnlyOrphansIsLeftToTheSweepWhileACacheIsExcluded() throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            Path media = Files.createDirectories(temp.resolve("media"));
            db.execute("CREATE TABLE upload (id INT PRIMARY KEY, path VARCHAR(200))");
            // Uploads filed by month, as Drupal and WordPress do: every upload of 2023-02 was deleted since.
            for (String month : List.of("2023-01", "2023-03", "2024-11")) {
                Files.createDirectories(media.resolve(month));
                Files.writeString(media.resolve(month + "/photo.jpg"), month);
                db.execute("INSERT INTO upload VALUES (" + month.hashCode() + ", '" + month + "/photo.jpg')");
            }
            List<String> orphans = List.of("2023-02/a.jpg", "2023-02/b.jpg", "2023-02/c.jpg", "2023-02/d.png",
                    "legal/terms-2019.pdf");
            List<String> cache = List.of("cache/1.bin", "cache/2.bin", "cache/3.bin", "cache/4.bin");
            for (String key : concat(orphans, cache)) {
                Files.createDirectories(media.resolve(key).getParent());
                Files.writeString(media.resolve(key), key);
            }

            LeftoverProposal proposal;
            try (LocalStore store = LocalStore.at(media)) {
                proposal = LeftoverProposal.of(MediaGc.configure().dataSource(db.dataSource()).reference("upload.path")
                        .store(store).load().coverage());
            }

            assertThat(proposal.excludes()).extracting(LeftoverProposal.ProposedExclude::glob)
                    .as("2023-02/ is named like the folders that hold uploads; legal/ holds one file, too few to judge")
                    .containsExactly("cache/**");
            assertThat(proposal.leftFolders()).extracting(LeftoverProposal.LeftFolder::folder)
                    .containsExactlyInAnyOrder("2023-02/", "legal/");
            assertThat(proposal.after().unexplained()).extracting(Coverage.Unexplained::raw)
                    .containsExactlyInAnyOrderElementsOf(orphans);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static MediaGc.Builder configured(TestDatabase db, DerivedFilesDataset data, LocalStore store) {
        MediaGc.Builder builder = MediaGc.configure().dataSource(db.dataSource()).stripPrefix("/media/").store(store);
        data.references().forEach(builder::reference);
        return builder;
    }

    private static long explained(LeftoverProposal proposal, String rule) {
        return proposal.derivedRules().stream().filter(r -> r.rule().equals(rule)).findFirst().orElseThrow().explained();
    }
}
