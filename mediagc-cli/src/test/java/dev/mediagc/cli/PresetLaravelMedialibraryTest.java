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

/** The laravel-medialibrary preset on a medialibrary disk as the package leaves it, on PostgreSQL, against the truth. */
class PresetLaravelMedialibraryTest {

    @TempDir
    Path temp;
    MedialibraryApp app;

    @BeforeEach
    void app() throws IOException {
        app = new MedialibraryApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("public")),
                80, 6);
    }

    @AfterEach
    void dropApp() {
        app.close();
    }

    private List<String> sweep(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", app.db.url(), "--db-user", app.db.user(),
                "--store", app.disk.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void theOrphanListIsExactlyTheFilesNoRowNamesAndApplyingThenRestoringRoundTrips() throws IOException {
        Map<String, String> before = MediaTree.snapshot(app.disk);
        assertThat(before).as("a few hundred files").hasSizeGreaterThan(300);
        Path list = temp.resolve("orphans.txt");

        long start = System.nanoTime();
        CliRun dryRun = CliRun.of(sweep("--preset", "laravel-medialibrary", "--list-orphans", list.toString())
                .toArray(String[]::new));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("laravel-medialibrary preset: dry run over %d files (%d orphans) in %d ms%n", before.size(),
                app.orphans.size(), millis);

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        List<String> listed = Files.readAllLines(list);
        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(app.orphans);
        assertThat(listed).doesNotContainAnyElementsOf(app.derivedFiles).doesNotContainAnyElementsOf(app.applicationFiles);

        CliRun apply = CliRun.of(sweep("--preset", "laravel-medialibrary", "--preset-param", "disk=" + MedialibraryApp.DISK,
                "--apply").toArray(String[]::new));

        assertThat(apply.exit()).as("the derived-files guard lets the disk through: " + apply.out() + apply.err()).isZero();
        Map<String, String> expected = new HashMap<>(before);
        app.orphans.forEach(expected::remove);
        assertThat(MediaTree.snapshot(app.disk)).isEqualTo(expected);

        String runId = apply.out().lines().findFirst().orElseThrow().split(" ")[2];
        CliRun restore = CliRun.of("restore", runId, "--store", app.disk.toString());

        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(MediaTree.snapshot(app.disk)).isEqualTo(before);
    }

    @Test
    void withOnlyTheOriginalsReferencedApplyingIsRefusedAndNoConversionIsLost() {
        Map<String, String> before = MediaTree.snapshot(app.disk);

        CliRun run = CliRun.of(sweep("--ref-sql", "SELECT CONCAT(id, '/', file_name) FROM media", "--exclude", "*[!0-9]*/**",
                "--apply", "--max-orphan-ratio", "0.9").toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).contains("look derived");
        assertThat(MediaTree.snapshot(app.disk)).isEqualTo(before);
    }

    @Test
    void anotherDiskKeepsOnlyItsOwnRowsFilesAndNeedsNoResponsiveImages() throws IOException {
        // On s3, one row keeps its original and one its conversions; no row there has responsive images.
        Path list = temp.resolve("orphans.txt");

        CliRun run = CliRun.of(sweep("--preset", "laravel-medialibrary", "--preset-param", "disk=s3",
                "--list-orphans", list.toString(), "--max-orphan-ratio", "1").toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        Map<String, String> everyFile = new HashMap<>(MediaTree.snapshot(app.disk));
        app.applicationFiles.forEach(everyFile::remove);
        assertThat(Files.readAllLines(list)).as("none of the s3 rows' files is on this disk")
                .containsExactlyInAnyOrderElementsOf(everyFile.keySet());
    }

    @Test
    void aDiskNameThatCouldBreakTheSqlIsAUsageError() {
        CliRun run = CliRun.of(sweep("--preset", "laravel-medialibrary", "--preset-param", "disk=public' OR '1'='1")
                .toArray(String[]::new));

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("disk", "must match");
    }

    @Test
    void discoverRecognisesTheMediaTableChoosesTheDiskThisStoreHoldsAndItsProposalSweepsToTheTrueOrphans() throws IOException {
        Path config = temp.resolve("discovered.yml");

        CliRun discover = CliRun.of("discover", "--db", app.db.url(), "--db-user", app.db.user(), "--store", app.disk.toString(),
                "--out", config.toString());

        assertThat(discover.exit()).as(discover.out() + discover.err()).isZero();
        ConfigFile read = ConfigFile.read(config);
        assertThat(read.list("preset")).containsExactly("laravel-medialibrary");
        assertThat(read.map("preset-params")).containsExactly(Map.entry("disk", MedialibraryApp.DISK));
        assertThat(Files.readString(config)).contains("media.disk: 'public' on ").contains("also 's3' on 1 row(s), 0 of 1 sampled");
        assertThat(read.list("ref")).noneMatch(ref -> ref.startsWith("media."));

        Path list = temp.resolve("orphans.txt");
        CliRun dryRun = CliRun.of(sweep("--config", config.toString(), "--list-orphans", list.toString())
                .toArray(String[]::new));

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(Files.readAllLines(list)).containsExactlyInAnyOrderElementsOf(app.orphans);
    }
}
