package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/** --list-orphans-format from the command line: what each format holds, and wrong uses. */
@Tag("fast")
class OrphanListFormatCommandTest {

    @TempDir
    Path temp;

    @Test
    void theLineListLeavesOutNamesWithLineSeparatorsAndSaysSoWhileNulHoldsThemAll() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 3, 0)) {
            List<String> orphans = List.of("avatars/old\nlogo.png", "avatars/old\u2028logo.png", "caf\u00e9.jpg");
            orphans.forEach(key -> app.write(key, Duration.ofDays(10)));
            Map<String, String> before = MediaTree.snapshot(app.media);
            Path lines = temp.resolve("orphans.txt");
            Path nul = temp.resolve("orphans.nul");

            CliRun lineRun = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar", "--store",
                    app.media.toString(), "--list-orphans", lines.toString());
            CliRun nulRun = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar", "--store",
                    app.media.toString(), "--list-orphans", nul.toString(), "--list-orphans-format", "nul");

            assertThat(lineRun.exit()).as(lineRun.err()).isZero();
            assertThat(lineRun.out()).contains("2 orphan(s) are not in the orphan list", "nul and jsonl");
            assertThat(Files.readString(lines, StandardCharsets.UTF_8)).isEqualTo("caf\u00e9.jpg\n");
            assertThat(nulRun.exit()).as(nulRun.err()).isZero();
            assertThat(Files.readString(nul, StandardCharsets.UTF_8))
                    .isEqualTo("avatars/old\nlogo.png\0avatars/old\u2028logo.png\0caf\u00e9.jpg\0");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void anUnknownFormatOrAFormatWithoutAListIsAUsageError() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 3, 2)) {
            CliRun unknown = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar", "--store",
                    app.media.toString(), "--list-orphans", temp.resolve("o.txt").toString(), "--list-orphans-format", "csv");
            CliRun alone = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar", "--store",
                    app.media.toString(), "--list-orphans-format", "nul");

            assertThat(unknown.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(unknown.err()).contains("lines, nul or jsonl, not 'csv'");
            assertThat(alone.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(alone.err()).contains("only takes effect with --list-orphans");
        }
    }
}
