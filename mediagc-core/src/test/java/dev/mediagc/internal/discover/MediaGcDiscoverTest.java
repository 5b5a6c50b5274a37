package dev.mediagc.internal.discover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.Discovery;
import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code MediaGc.discover()}, the Java door to discovery: on a Django-style schema with decoy
 * columns it proposes exactly the file columns and their prefixes, in the form the sweep's builder
 * takes, so that the proposal (plus the two-column reference discover cannot see, which the user
 * adds on review) sweeps to the true orphan list.
 */
class MediaGcDiscoverTest {

    private static final List<String> FILE_COLUMNS = List.of("accounts_profile.avatar", "documents_document.file",
            "documents_document.thumbnail", "gallery_photo.image", "mediaitem.filepath");

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "H2"})
    void proposesTheFileColumnsOfADjangoStyleSchemaAndTheProposalSweepsToTheTrueOrphans(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 600, 23);
            ColumnDiscoveryTest.addDecoys(db, data);
            Map<String, String> before = MediaTree.snapshot(data.media());

            Discovery.Result found;
            try (LocalStore store = LocalStore.at(data.media())) {
                found = MediaGc.discover(db.dataSource(), store).schema(db.schema()).sampleRows(200).run();
            }

            assertThat(found.proposed()).extracting(ColumnDiscoveryTest::name).containsExactlyInAnyOrderElementsOf(FILE_COLUMNS);
            assertThat(found.prefixes()).containsExactlyInAnyOrderElementsOf(DjangoStyleDataset.STRIP_PREFIXES);
            assertThat(found.findings()).allSatisfy(finding -> assertThat(finding.sampled()).isLessThanOrEqualTo(200));
            assertThat(MediaTree.snapshot(data.media())).as("discovery changes nothing").isEqualTo(before);

            Path orphans = temp.resolve("orphans.txt");
            MediaGc.Builder sweep = MediaGc.configure()
                    .dataSource(db.dataSource())
                    .store(LocalStore.at(data.media()))
                    .stripPrefix(found.prefixes().toArray(String[]::new))
                    .referenceQuery(data.queryReference()) // folder + name: added on review, discover cannot see it
                    .exclude(DjangoStyleDataset.EXCLUDES.toArray(String[]::new))
                    .minAge(DjangoStyleDataset.MIN_AGE)
                    .orphanList(orphans);
            found.proposed().forEach(column -> sweep.reference(column.reference()));
            SweepReport report = sweep.load().sweep();

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(Files.readAllLines(orphans)).containsExactlyElementsOf(data.expectedOrphans());
        }
    }

    @Test
    void asksForBothTheDatabaseAndTheStore() {
        assertThatThrownBy(() -> MediaGc.discover(null, LocalStore.at(temp))).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("dataSource");
    }
}
