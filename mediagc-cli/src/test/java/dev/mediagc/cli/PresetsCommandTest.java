package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Presets: listed, shown as plain settings that sweep reads as they are, and added to a user's own. */
@Tag("fast")
class PresetsCommandTest {

    @TempDir
    Path temp;
    Path media;
    String url;

    @BeforeEach
    void app() throws IOException, SQLException {
        media = Files.createDirectories(temp.resolve("media"));
        for (String key : List.of("photos/sea.jpg", "people/ann.png", "cache/x.bin", "photos/orphan.jpg", "legacy/kept.jpg")) {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, key);
            Files.setLastModifiedTime(file, FileTime.fromMillis(0));
        }
        url = "jdbc:sqlite:" + temp.resolve("app.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE wp2_photo (id INT, path TEXT)");
            s.execute("INSERT INTO wp2_photo VALUES (1, '/media/photos/sea.jpg')");
            s.execute("CREATE TABLE wp2_person (id INT, avatar TEXT)");
            s.execute("INSERT INTO wp2_person VALUES (1, 'people/ann.png')");
            s.execute("CREATE TABLE legacy (id INT, file TEXT)");
            s.execute("INSERT INTO legacy VALUES (1, 'legacy/kept.jpg')");
        }
    }

    @Test
    void presetsListsEachPresetWithItsParameters() {
        CliRun run = CliRun.of("presets");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("gallery-fixture", "--preset-param table-prefix=VALUE", "(default: 'app_')");
    }

    @Test
    void aShownPresetIsPlainConfigurationThatSweepReadsAsItIs() throws IOException {
        CliRun show = CliRun.of("presets", "show", "gallery-fixture", "--preset-param", "table-prefix=wp2_");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("wp2_photo.path", "SELECT avatar FROM wp2_person").doesNotContain("${");
        Path config = temp.resolve("mediagc.yml");
        Files.writeString(config, show.out() + "db: " + url + "\nstore: " + media + "\n");
        Path orphans = temp.resolve("orphans.txt");

        CliRun sweep = CliRun.of("sweep", "--config", config.toString(), "--ref", "legacy.file",
                "--list-orphans", orphans.toString());

        assertThat(sweep.exit()).as(sweep.err()).isZero();
        assertThat(Files.readAllLines(orphans)).as("the preset's references, its exclude, and the flag's reference")
                .containsExactly("photos/orphan.jpg");
    }

    @Test
    void aPresetAddsToTheUsersOwnReferencesWhetherNamedByFlagOrInTheFile() throws IOException {
        Path config = temp.resolve("mediagc.yml");
        Files.writeString(config, "preset: gallery-fixture\npreset-params:\n  table-prefix: wp2_\nref: legacy.file\n");
        Path orphans = temp.resolve("orphans.txt");

        CliRun sweep = CliRun.of("sweep", "--config", config.toString(), "--db", url, "--store", media.toString(),
                "--list-orphans", orphans.toString());
        assertThat(sweep.exit()).as(sweep.err()).isZero();
        assertThat(Files.readAllLines(orphans)).containsExactly("photos/orphan.jpg");

        CliRun byFlag = CliRun.of("sweep", "--preset", "gallery-fixture", "--preset-param", "table-prefix=wp2_",
                "--ref", "legacy.file", "--db", url, "--store", media.toString(), "--list-orphans", orphans.toString());
        assertThat(byFlag.exit()).as(byFlag.err()).isZero();
        assertThat(Files.readAllLines(orphans)).containsExactly("photos/orphan.jpg");
    }

    @Test
    void anUnknownPresetOrParameterOrAValueThatCouldBreakTheSqlIsAUsageError() {
        CliRun unknown = CliRun.of("sweep", "--preset", "wordpres", "--db", url, "--store", media.toString());
        assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("unknown preset 'wordpres'", "gallery-fixture");

        CliRun injected = CliRun.of("presets", "show", "gallery-fixture", "--preset-param", "table-prefix=x; DROP TABLE y");
        assertThat(injected.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(injected.err()).contains("table-prefix", "must match");

        CliRun stray = CliRun.of("presets", "show", "gallery-fixture", "--preset-param", "prefix=wp2_");
        assertThat(stray.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(stray.err()).contains("no parameter 'prefix'");
    }

    @Test
    void theListSaysWhichTablesAndColumnsDiscoverRecognisesEachPresetBy() {
        CliRun list = CliRun.of("presets");

        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("'mediagc discover' proposes it for a schema with ${table-prefix}posts (ID, "
                + "post_content, post_type, post_mime_type, guid) and ${table-prefix}postmeta (post_id, meta_key, meta_value)")
                .contains("'mediagc discover' proposes it for a schema with ${table-prefix}file_managed (");
    }
}
