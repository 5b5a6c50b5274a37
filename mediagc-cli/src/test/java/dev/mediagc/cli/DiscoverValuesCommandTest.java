package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.ContainedKeysDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code mediagc discover} on an application whose keys sit inside JSON, PHP-serialized, WordPress
 * metadata, HTML and Markdown values writes them under {@code ref-json}, {@code ref-php},
 * {@code ref-wp-attachment}, {@code ref-text} and {@code text-prefix}, spelled as the sweep reads
 * them, each after its evidence; {@code mediagc sweep --config} on that file, with nothing added,
 * lists exactly the files no value names.
 */
class DiscoverValuesCommandTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"POSTGRESQL", "SQLITE"})
    void theWrittenConfigReadsTheKeysInsideValuesAndSweepsToTheTrueOrphans(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = kind.create(temp)) {
            ContainedKeysDataset data = ContainedKeysDataset.generate(db, Files.createDirectories(temp.resolve("media")), 30);
            Map<String, String> before = MediaTree.snapshot(data.media());
            Path config = temp.resolve("discovered.yml");

            CliRun discover = CliRun.of(withUser(db, "discover", "--db", db.url(), "--store", data.media().toString(),
                    "--out", config.toString()));

            assertThat(discover.exit()).as(discover.err()).isZero();
            assertThat(discover.out()).contains("proposes 7 reference column(s)", "text prefix(es)",
                    "proposed gallery.images (ref-json $.images[*].path): 100.0% of 27",
                    "proposed article.body (ref-text): 66.7% of 30");
            ConfigFile read = ConfigFile.read(config);
            assertThat(read.list("ref")).containsExactly("media_file.path");
            assertThat(read.list("ref-json")).containsExactlyInAnyOrder("gallery.images=$.images[*].path", "widget.config=$");
            assertThat(read.list("ref-php")).containsExactly("product_meta.meta_value=images");
            assertThat(read.list("ref-wp-attachment")).containsExactly("attachment_meta.meta");
            assertThat(read.list("ref-text")).containsExactlyInAnyOrder("article.body", "page.body_md");
            assertThat(read.list("text-prefix")).containsExactlyInAnyOrder(ContainedKeysDataset.CDN, "/media/");
            assertThat(read.list("strip-prefix")).containsExactly("/media/");
            String yaml = Files.readString(config);
            assertThat(yaml).contains("  # 100.0% of 27 sampled values hold a stored key inside (27 values, 54 distinct keys "
                            + "found), read as ref-json 'gallery.images=$.images[*].path', behind /media/; e.g. '")
                    .contains("read as ref-text 'article.body' with text-prefix " + ContainedKeysDataset.CDN)
                    .contains("  # seen before stored keys in the links of article.body\n  - '" + ContainedKeysDataset.CDN + "'")
                    .doesNotContain("site_setting", "newsletter", "import_log", "gallery.title");
            assertThat(MediaTree.snapshot(data.media())).as("discover changes nothing").isEqualTo(before);

            Path orphans = temp.resolve("orphans.txt");
            CliRun sweep = CliRun.of(withUser(db, "sweep", "--config", config.toString(), "--list-orphans", orphans.toString()));

            assertThat(sweep.exit()).as(sweep.err() + sweep.out()).isZero();
            // Two kinds of orphan sit beside a referenced upload under a name derived from it: a size the
            // attachment metadata no longer lists, and an article's draft. The coverage step proposes a rule for
            // each (more than 3 such files, each beside its owner), which keeps them: a proposal errs towards
            // keeping, and its comments show what each rule keeps for the reviewer to drop.
            assertThat(ConfigFile.read(config).list("derived")).containsExactlyInAnyOrder(
                    "{dir}/{stem}-*x*.{ext} <- {dir}/{stem}.{ext}", "{dir}/{stem}-draft.{ext} <- {dir}/{stem}.{ext}");
            assertThat(Files.readAllLines(orphans)).containsExactlyElementsOf(data.expectedOrphans().stream()
                    .filter(orphan -> !keptBesideALiveOwner(orphan, data)).toList());
        }
    }

    /** Whether one of the two proposed rules keeps this orphan: its owner is a live upload. */
    private static boolean keptBesideALiveOwner(String orphan, ContainedKeysDataset data) {
        String owner = orphan.replaceFirst("-(draft|[0-9]+x[0-9]+)(\\.[a-z]+)$", "$2");
        return !owner.equals(orphan) && Files.exists(data.media().resolve(owner)) && !data.expectedOrphans().contains(owner);
    }

    private static String[] withUser(TestDatabase db, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (db.user() != null) {
            all.addAll(List.of("--db-user", db.user()));
        }
        return all.toArray(String[]::new);
    }
}
