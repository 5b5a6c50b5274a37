package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path temp;

    @Test
    void theDemoFindsItsOrphansKeepsTheYoungOneAndPrintsTheApplyCommand() throws IOException {
        Path dir = temp.resolve("demo");

        CliRun run = CliRun.of("demo", dir.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("orphans.txt"))).containsExactly(
                "avatars/alice-old.png", "avatars/bob-2021.png", "banner-2019.png", "docs/2023/draft v1.pdf",
                "photos/2023/11/IMG_0042.jpg", "photos/2023/11/IMG_0043.jpg");
        assertThat(run.out()).contains("photos/2024/06/just-uploaded.jpg", "avatars/erin-missing.png",
                "outcome: DRY_RUN", "--apply");
        assertThat(dir.resolve("media/banner-2019.png")).exists();
    }

    @Test
    void theDemoRefusesAFolderItDidNotMake() throws IOException {
        Path dir = Files.createDirectories(temp.resolve("precious"));
        Files.writeString(dir.resolve("thesis.pdf"), "years of work");

        CliRun run = CliRun.of("demo", dir.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(dir.resolve("thesis.pdf")).hasContent("years of work");
    }

    @Test
    void runningTheDemoTwiceRebuildsIt() {
        Path dir = temp.resolve("demo");
        assertThat(CliRun.of("demo", dir.toString()).exit()).isZero();
        assertThat(CliRun.of("demo", dir.toString()).exit()).isZero();
    }

    @Test
    void theDemoFindsItsOrphansAsAUserRunsItWithoutTheTestSuitesAgeSwitch() throws Exception {
        Path dir = temp.resolve("demo");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "demo", dir.toString())
                .redirectErrorStream(true);
        builder.environment().remove(dev.mediagc.internal.store.LocalStore.MTIME_ONLY_FOR_TESTS_ENV);
        Process demo = builder.start();
        String output = new String(demo.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertThat(demo.waitFor()).as(output).isZero();
        assertThat(output).doesNotContain("test switch");
        assertThat(Files.readAllLines(dir.resolve("orphans.txt"))).as(output).hasSize(6);
    }
}
