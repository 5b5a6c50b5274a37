package dev.mediagc.internal.discover;

import dev.mediagc.ColumnFinding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code --sample-objects}, discovery lists stretches of the store's keys instead of all of
 * them, and judges only the values inside those stretches: it proposes the same columns as with
 * the whole listing, with ratios close to the whole listing's (not shrunk by the sampling rate),
 * and still never a decoy.
 */
class SampledStoreDiscoveryTest {

    private static final int FILES = 3000;
    private static final int SAMPLE = 400;

    @TempDir
    Path temp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void aSampleOfTheStoreProposesTheSameColumnsWithCloseRatiosAndNoDecoy(long seed) throws Exception {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), FILES, 17);
            ColumnDiscoveryTest.addDecoys(db, data);
            Map<String, String> before = MediaTree.snapshot(data.media());

            ColumnDiscovery.Result whole;
            ColumnDiscovery.Result sampled;
            try (LocalStore store = LocalStore.at(data.media())) {
                whole = new ColumnDiscovery(db.dataSource(), store).random(new Random(seed)).run();
                sampled = new ColumnDiscovery(db.dataSource(), store).random(new Random(seed)).sampleObjects(SAMPLE).run();
            }

            assertThat(sampled.keys().sampled()).isTrue();
            assertThat(sampled.keys().sampledRawKeys()).hasSizeLessThanOrEqualTo(SAMPLE).hasSizeGreaterThan(SAMPLE / 2);
            assertThat(sampled.keys().ranges()).hasSizeGreaterThan(5);
            assertThat(sampled.proposed()).extracting(ColumnDiscoveryTest::name)
                    .containsExactlyInAnyOrderElementsOf(whole.proposed().stream().map(ColumnDiscoveryTest::name).toList());
            assertThat(sampled.prefixes()).containsExactlyInAnyOrderElementsOf(whole.prefixes());
            Map<String, ColumnFinding> full = whole.findings().stream()
                    .collect(Collectors.toMap(ColumnDiscoveryTest::name, Function.identity()));
            for (ColumnFinding finding : sampled.proposed()) {
                ColumnFinding reference = full.get(ColumnDiscoveryTest.name(finding));
                assertThat(finding.hitRatio()).as(finding.reference() + " ratio, whole listing " + reference.hitRatio())
                        .isCloseTo(reference.hitRatio(), org.assertj.core.data.Offset.offset(0.15));
                assertThat(finding.sampled()).as(finding.reference() + " judged").isGreaterThanOrEqualTo(10)
                        .isLessThan(finding.read());
            }
            assertThat(sampled.findings()).filteredOn(f -> ColumnDiscoveryTest.name(f).startsWith("blog_post."))
                    .as("decoys").allSatisfy(f -> assertThat(f.hits()).isZero());
            assertThat(MediaTree.snapshot(data.media())).as("discovery changes nothing").isEqualTo(before);
        }
    }
}
