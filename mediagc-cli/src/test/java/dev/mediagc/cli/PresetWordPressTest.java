package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wordpress preset on a WordPress site as WordPress leaves it, on MariaDB, against the truth. */
class PresetWordPressTest {

    @TempDir
    Path temp;
    WordPressSite site;

    @BeforeEach
    void site() throws IOException {
        site = new WordPressSite(TestDatabase.Kind.MARIADB.create(temp), Files.createDirectories(temp.resolve("uploads")),
                "wp_", 60, 12);
    }

    @AfterEach
    void dropSite() {
        site.close();
    }

    private List<String> sweep(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", site.db.url(), "--db-user", "root",
                "--store", site.uploads.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    private List<String> withPreset(String... extra) {
        List<String> args = sweep("--preset", "wordpress", "--preset-param", "uploads-url=" + WordPressSite.UPLOADS_URL);
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void theOrphanListIsExactlyTheFilesNoRowNamesAndApplyingThenRestoringRoundTrips() throws IOException {
        Map<String, String> before = MediaTree.snapshot(site.uploads);
        assertThat(before).as("a few hundred files").hasSizeGreaterThan(300);
        Path list = temp.resolve("orphans.txt");

        long start = System.nanoTime();
        CliRun dryRun = CliRun.of(withPreset("--list-orphans", list.toString()).toArray(String[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("wordpress preset: dry run over %d files (%d orphans) in %d ms%n", before.size(),
                site.orphans.size(), millis);

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        List<String> listed = Files.readAllLines(list);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(site.orphans);
        assertThat(listed).doesNotContainAnyElementsOf(site.namedOnlyByMetadata).doesNotContainAnyElementsOf(site.othersFiles);

        CliRun apply = CliRun.of(withPreset("--apply").toArray(String[]::new));

        assertThat(apply.exit()).as("the derived-files guard lets a real site through: " + apply.out() + apply.err()).isZero();
        Map<String, String> expected = new HashMap<>(before);
        site.orphans.forEach(expected::remove);
        assertThat(MediaTree.snapshot(site.uploads)).isEqualTo(expected);

        String runId = apply.out().lines().findFirst().orElseThrow().split(" ")[2];
        CliRun restore = CliRun.of("restore", runId, "--store", site.uploads.toString());

        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(MediaTree.snapshot(site.uploads)).isEqualTo(before);
    }

    @Test
    void withOnlyTheAttachedFilesReferencedApplyingIsRefusedAndNoThumbnailIsLost() {
        Map<String, String> before = MediaTree.snapshot(site.uploads);

        CliRun run = CliRun.of(sweep("--ref-sql", "SELECT meta_value FROM wp_postmeta WHERE meta_key = '_wp_attached_file'",
                "--apply", "--max-orphan-ratio", "0.9").toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).contains("--derived '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'");
        assertThat(MediaTree.snapshot(site.uploads)).isEqualTo(before);
    }

    @Test
    void aSiteWithAnotherTablePrefixAndNoEditedImagesOrPdfsIsSweptThroughTheParameter() throws IOException {
        // Two attachments: an image and a big (scaled) one; nothing fills _wp_attachment_backup_sizes.
        try (WordPressSite second = new WordPressSite(TestDatabase.Kind.MARIADB.create(temp),
                Files.createDirectories(temp.resolve("uploads-2")), "wp_2_", 2, 2)) {
            Path list = temp.resolve("orphans-2.txt");

            CliRun run = CliRun.of("sweep", "--db", second.db.url(), "--db-user", "root", "--store", second.uploads.toString(),
                    "--preset", "wordpress", "--preset-param", "table-prefix=wp_2_",
                    "--preset-param", "uploads-url=" + WordPressSite.UPLOADS_URL, "--list-orphans", list.toString());

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactlyInAnyOrderElementsOf(second.orphans);
        }
    }

    @Test
    void theUploadsUrlIsRequiredAndMustLookLikeOne() {
        CliRun missing = CliRun.of(sweep("--preset", "wordpress").toArray(String[]::new));
        CliRun quoted = CliRun.of(sweep("--preset", "wordpress", "--preset-param",
                "uploads-url=https://example.com/x'/").toArray(String[]::new));

        assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(missing.err()).contains("uploads-url", "must match");
        assertThat(quoted.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(quoted.err()).contains("uploads-url", "must match");
    }

    private CliRun discover(WordPressSite wp, Path config) {
        return CliRun.of("discover", "--db", wp.db.url(), "--db-user", "root", "--store", wp.uploads.toString(),
                "--out", config.toString());
    }

    @Test
    void discoverRecognisesTheSiteReadsItsUploadsUrlFromItsOptionsAndItsProposalSweepsToTheTrueOrphans() throws IOException {
        // wp_options as wp-admin/includes/schema.php creates it, with what the installer writes.
        site.db.execute("CREATE TABLE wp_options (option_id bigint(20) unsigned NOT NULL auto_increment, "
                        + "option_name varchar(191) NOT NULL default '', option_value longtext NOT NULL, "
                        + "autoload varchar(20) NOT NULL default 'yes', PRIMARY KEY (option_id), UNIQUE KEY option_name (option_name))",
                "INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'https://example.com'), "
                        + "('home', 'https://example.com'), ('upload_url_path', ''), ('blogname', 'Café « été »'), "
                        + "('upload_path', '')");
        Map<String, String> before = MediaTree.snapshot(site.uploads);
        Path config = temp.resolve("discovered.yml");

        CliRun discover = discover(site, config);

        assertThat(discover.exit()).as(discover.out() + discover.err()).isZero();
        assertThat(discover.out()).contains("preset   wordpress recognised by wp_posts, wp_postmeta; table-prefix=wp_; "
                + "uploads-url=" + WordPressSite.UPLOADS_URL);
        assertThat(MediaTree.snapshot(site.uploads)).as("discover changes nothing").isEqualTo(before);
        ConfigFile read = ConfigFile.read(config);
        assertThat(read.list("preset")).containsExactly("wordpress");
        assertThat(read.map("preset-params")).containsExactly(Map.entry("table-prefix", "wp_"),
                Map.entry("uploads-url", WordPressSite.UPLOADS_URL));
        assertThat(read.list("ref")).as("wp_posts and wp_postmeta are the preset's").isEmpty();
        assertThat(Files.readString(config))
                .contains("# wordpress uploads-url: wp_options row siteurl is 'https://example.com'")
                .contains("# Columns the preset(s) cover, left out of ref:", "#   wp_postmeta.meta_value: ");

        Path list = temp.resolve("orphans.txt");
        CliRun dryRun = CliRun.of(sweep("--config", config.toString(), "--list-orphans", list.toString())
                .toArray(String[]::new));

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(Files.readAllLines(list)).containsExactlyInAnyOrderElementsOf(site.orphans);
    }

    @Test
    void onANetworkDiscoverProposesTheMainSiteReadsItsUploadsUrlFromBodiesAndNamesTheOtherSitesPrefix() throws IOException {
        // Site 2 of the network: its own tables in the same database, its uploads under sites/2/.
        // (Not closed here: closing a site drops the database, which the main site's @AfterEach does.)
        WordPressSite second = new WordPressSite(site.db, Files.createDirectories(site.uploads.resolve("sites/2")),
                "wp_2_", 10, 3);
        Path config = temp.resolve("discovered.yml");

        CliRun discover = discover(site, config);

        assertThat(discover.exit()).as(discover.out() + discover.err()).isZero();
        ConfigFile read = ConfigFile.read(config);
        assertThat(read.list("preset")).containsExactly("wordpress");
        assertThat(read.map("preset-params")).containsExactly(Map.entry("table-prefix", "wp_"),
                Map.entry("uploads-url", WordPressSite.UPLOADS_URL));
        String yaml = Files.readString(config);
        assertThat(yaml).contains("#   also fits with table-prefix=wp_2_ (wp_2_posts, wp_2_postmeta)", "once per instance")
                .contains("no wp_options table; in ")
                .doesNotContain("wp_2_postmeta.meta_value'");
        assertThat(read.list("ref")).noneMatch(ref -> ref.startsWith("wp_"));

        Path list = temp.resolve("orphans.txt");
        CliRun dryRun = CliRun.of(sweep("--config", config.toString(), "--list-orphans", list.toString())
                .toArray(String[]::new));

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(Files.readAllLines(list)).as("site 2's files are under sites/, which the main site's sweep leaves alone")
                .containsExactlyInAnyOrderElementsOf(site.orphans);
        assertThat(second.orphans).isNotEmpty();
    }

    @Test
    void postsWithoutPostmetaAreNotRecognisedAndTheConfigSaysWhy() throws IOException {
        site.db.execute("DROP TABLE wp_postmeta");
        Path config = temp.resolve("discovered.yml");

        CliRun discover = discover(site, config);

        assertThat(discover.exit()).as(discover.out() + discover.err()).isZero();
        ConfigFile read = ConfigFile.read(config);
        assertThat(read.list("preset")).isNull();
        assertThat(read.map("preset-params")).isNull();
        assertThat(Files.readString(config)).contains("# Partly like wordpress, so not proposed: wp_posts, wp_postmeta is missing");
        assertThat(discover.out()).contains("partly   wordpress, not proposed");
    }
}
