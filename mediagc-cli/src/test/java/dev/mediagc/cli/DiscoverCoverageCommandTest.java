package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.discover.Coverage;
import dev.mediagc.testing.DerivedFilesDataset;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code mediagc discover} measures what its proposed references explain of the store, as a sweep
 * would read them, and proposes the rest: validated derived rules and an exclude for the folder
 * the database never names, with their evidence, and the coverage before and after in the header
 * and on the terminal. Swept as it is, the proposal lists exactly the true orphans; discover
 * changes nothing in the store.
 */
class DiscoverCoverageCommandTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "SQLITE"})
    void theProposalWithItsDerivedRulesAndExcludeSweepsToExactlyTheTrueOrphans(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            DerivedFilesDataset data = DerivedFilesDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30, 12, 3);
            Map<String, String> before = dev.mediagc.testing.MediaTree.everything(data.media());
            Path config = temp.resolve("discovered.yml");

            CliRun discover = CliRun.of(withUser(db, "discover", "--db", db.url(), "--store", data.media().toString(),
                    "--out", config.toString()));

            assertThat(discover.exit()).as(discover.err()).isZero();
            assertThat(dev.mediagc.testing.MediaTree.everything(data.media())).as("discover writes nothing into the store").isEqualTo(before);
            ConfigFile read = ConfigFile.read(config);
            assertThat(read.list("ref")).extracting(ref -> ref.toLowerCase(Locale.ROOT))
                    .containsExactlyInAnyOrder("gallery_photo.image", "catalog_item.picture");
            assertThat(read.list("derived")).containsExactlyInAnyOrder(DerivedFilesDataset.THUMBNAIL_RULE,
                    DerivedFilesDataset.THUMB_STYLE_RULE, DerivedFilesDataset.MEDIUM_STYLE_RULE,
                    DerivedFilesDataset.WEBP_RULE, DerivedFilesDataset.RESIZED_RULE);
            assertThat(read.list("exclude")).containsExactly("cache/**");

            long explainedBefore = data.referenced().size();
            long explainedAfter = explainedBefore + data.derived().size();
            String beforeLine = String.format(Locale.ROOT, "the references explain %s of the %d objects",
                    Coverage.percent((double) explainedBefore / data.objects()), data.objects());
            String afterLine = String.format(Locale.ROOT, "the references explain %s of the %d objects",
                    Coverage.percent((double) explainedAfter / data.objects()), data.objects());
            String yaml = Files.readString(config);
            assertThat(yaml).contains("#   with the references alone: " + beforeLine)
                    .contains("#   with the derived rules and excludes proposed below: " + afterLine)
                    .contains(String.format(Locale.ROOT, "unexplained (%d), by folder: ", data.expectedOrphans().size()))
                    .contains("  # keeps 60 unexplained objects, e.g. 'photos/")
                    .contains("  # 18 objects, none referenced or derived, e.g. 'cache/")
                    .contains("WARNING")
                    .contains("#   photos/ ");
            assertThat(yaml.indexOf("#   with the references alone")).as("the coverage is in the header")
                    .isLessThan(yaml.indexOf("\ndb: "));
            assertThat(discover.out()).contains("with the proposed references, " + beforeLine)
                    .contains("With the 5 derived rule(s) and 1 exclude(s) proposed in " + config + ": " + afterLine);

            Path orphans = temp.resolve("orphans.txt");
            CliRun sweep = CliRun.of(withUser(db, "sweep", "--config", config.toString(),
                    "--list-orphans", orphans.toString()));

            assertThat(sweep.exit()).as(sweep.err() + sweep.out()).isZero();
            assertThat(Files.readAllLines(orphans)).containsExactlyElementsOf(data.expectedOrphans())
                    .doesNotContainAnyElementsOf(data.derived());
        }
    }

    private static String[] withUser(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (db.user() != null) {
            all.addAll(List.of("--db-user", db.user()));
        }
        return all.toArray(String[]::new);
    }
}
