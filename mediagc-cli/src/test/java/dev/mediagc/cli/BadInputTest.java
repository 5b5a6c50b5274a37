package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** Wrong input of every kind: one clear line on standard error, a non-zero exit, nothing changed. */
@Tag("fast")
class BadInputTest {

    @TempDir
    Path temp;
    Path media;
    String url;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException, SQLException {
        media = Files.createDirectories(temp.resolve("media"));
        Files.writeString(media.resolve("orphan.jpg"), "x");
        Files.setLastModifiedTime(media.resolve("orphan.jpg"), java.nio.file.attribute.FileTime.fromMillis(0));
        url = "jdbc:sqlite:" + temp.resolve("app.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE profile (id INT, avatar TEXT)");
            s.execute("INSERT INTO profile VALUES (1, 'live.jpg')");
        }
        before = MediaTree.snapshot(media);
    }

    private CliRun sweep(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "sweep";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(all);
    }

    private void assertOneLineErrorAndNothingChanged(CliRun run, int exit, String mentions) {
        assertThat(run.exit()).isEqualTo(exit);
        assertThat(run.err()).contains(mentions);
        assertThat(run.err().lines().filter(l -> l.startsWith("mediagc:")).count()).isEqualTo(1);
        assertThat(run.err()).doesNotContain("\tat ");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    @Test
    void aMissingColumnFailsTheRunAndChangesNothing() {
        CliRun run = sweep("--db", url, "--ref", "profile.picture", "--store", media.toString(), "--apply");
        assertOneLineErrorAndNothingChanged(run, ExitCode.ERROR, "profile.picture");
    }

    @Test
    void aMissingTableFailsTheRunAndChangesNothing() {
        CliRun run = sweep("--db", url, "--ref", "users.avatar", "--store", media.toString(), "--apply");
        assertOneLineErrorAndNothingChanged(run, ExitCode.ERROR, "users.avatar");
    }

    @Test
    void aWrongJdbcUrlSaysWhichDriversShip() {
        CliRun run = sweep("--db", "jdbc:postgres://localhost/app", "--ref", "profile.avatar", "--store", media.toString(), "--apply");
        assertOneLineErrorAndNothingChanged(run, ExitCode.ERROR, "no JDBC driver understands");
    }

    @Test
    void aUrlThatIsNotJdbcIsAUsageError() {
        CliRun run = sweep("--db", "postgres://localhost/app", "--ref", "profile.avatar", "--store", media.toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "--db must be a JDBC URL");
    }

    @Test
    void theEnginesRefusalsNameTheFlagThatSettlesThem() throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE banner (id INT, image TEXT)");
        }
        CliRun run = sweep("--db", url, "--ref", "profile.avatar", "--ref", "banner.image", "--store", media.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
        // The engine says `allow-empty-source` to every front end; on the command line that is a flag.
        assertThat(run.out() + run.err()).contains("--allow-empty-source").doesNotContain("`");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    @Test
    void anUnreachableDatabaseFailsTheRun() {
        CliRun run = sweep("--db", "jdbc:postgresql://127.0.0.1:1/app", "--ref", "profile.avatar", "--store", media.toString(), "--apply");
        assertOneLineErrorAndNothingChanged(run, ExitCode.ERROR, "refused");
    }

    @Test
    void aMissingPasswordVariableIsAUsageError() {
        CliRun run = sweep("--db", url, "--db-password-env", "MEDIAGC_TEST_UNSET_VARIABLE", "--ref", "profile.avatar",
                "--store", media.toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "MEDIAGC_TEST_UNSET_VARIABLE");
    }

    @Test
    void aMissingStoreFolderIsAUsageError() {
        CliRun run = sweep("--db", url, "--ref", "profile.avatar", "--store", temp.resolve("nope").toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "does not exist");
    }

    @Test
    void aMalformedConfigFileSaysWhereItIsWrong() throws IOException {
        Path config = temp.resolve("bad.yml");
        Files.writeString(config, "db: [unclosed\nref: x\n");
        CliRun run = sweep("--config", config.toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "bad.yml");
    }

    @Test
    void anUnknownConfigKeyIsNamed() throws IOException {
        Path config = temp.resolve("typo.yml");
        Files.writeString(config, "db: " + url + "\nrefs: [profile.avatar]\nstore: " + media + "\n");
        CliRun run = sweep("--config", config.toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "unknown key 'refs'");
    }

    @Test
    void anUnknownFlagOrActionIsAUsageError() {
        assertThat(sweep("--db", url, "--ref", "profile.avatar", "--store", media.toString(), "--frobnicate").exit())
                .isEqualTo(ExitCode.USAGE);
        CliRun run = sweep("--db", url, "--ref", "profile.avatar", "--store", media.toString(), "--apply", "--action", "shred");
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "quarantine or delete");
    }

    @Test
    void anActionWithoutApplyIsRefusedRatherThanSilentlyIgnored() {
        CliRun run = sweep("--db", url, "--ref", "profile.avatar", "--store", media.toString(), "--action", "delete");
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "--apply");
    }

    @Test
    void aReferenceThatCouldInjectSqlIsRefused() {
        CliRun run = sweep("--db", url, "--ref", "profile.avatar;DROP TABLE profile", "--store", media.toString());
        assertOneLineErrorAndNothingChanged(run, ExitCode.USAGE, "not a plain identifier");
    }

    @Test
    void helpTeachesEveryFlag() {
        CliRun run = CliRun.of("sweep", "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("--db", "--ref", "--ref-sql", "--store", "--strip-prefix", "--ignore-case",
                "--exclude", "--min-age", "--apply", "--action", "--remove-empty-dirs", "--list-orphans", "--report",
                "--config", "Example");
    }
}
