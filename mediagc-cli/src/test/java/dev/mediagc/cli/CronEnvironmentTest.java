package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mediagc run as cron runs it: a child process with an empty environment (no LANG, no LC_*), where
 * Java would read file names as ASCII. Through the launcher the names are read right; started
 * with plain {@code java}, it refuses before touching anything.
 */
class CronEnvironmentTest {

    private static final List<String> REFERENCED = List.of("Stra\u00dfe.jpg", "caf\u00e9.jpg", "fotos/\u6771\u4eac.jpg");
    private static final List<String> ORPHANS = List.of("banner-2019.png", "fotos/\u00e9t\u00e9-vieux.jpg");

    @TempDir
    Path temp;
    TestDatabase db;
    Path media;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.Kind.SQLITE.create(temp);
        db.execute("CREATE TABLE photo (id INTEGER PRIMARY KEY, image TEXT)");
        for (String key : REFERENCED) {
            db.execute("INSERT INTO photo (image) VALUES ('" + key + "')");
        }
        media = Files.createDirectories(temp.resolve("media"));
        Instant old = Instant.now().minus(Duration.ofDays(40));
        for (String key : concat(REFERENCED, ORPHANS)) {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "content of " + key, StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(old));
        }
        before = MediaTree.snapshot(media);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theLauncherReadsNonAsciiNamesRightUnderAnEmptyEnvironment() throws Exception {
        Path launcher = installLauncher();
        Path list = temp.resolve("orphans.txt");

        Result run = runWithEmptyEnvironment(List.of("bash", launcher.toString(), "sweep", "--db", db.url(),
                "--ref", "photo.image", "--store", media.toString(), "--list-orphans", list.toString()));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactlyElementsOf(ORPHANS);
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    @Test
    void theLauncherReadsNonAsciiNamesRightWhenSshPassesOnALocaleThisHostLacks() throws Exception {
        Path launcher = installLauncher();
        Path list = temp.resolve("orphans.txt");

        Result run = runWithEmptyEnvironment(List.of("bash", launcher.toString(), "sweep", "--db", db.url(),
                "--ref", "photo.image", "--store", media.toString(), "--list-orphans", list.toString()),
                Map.of("LANG", "xx_YY.UTF-8"));

        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("a locale this host lacks");
        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactlyElementsOf(ORPHANS);
    }

    @Test
    void plainJavaWithoutALocaleRefusesToApplyAndChangesNothing() throws Exception {
        Result run = runWithEmptyEnvironment(javaCommand("sweep", "--db", db.url(), "--ref", "photo.image",
                "--store", media.toString(), "--apply", "--max-orphan-ratio", "1"));

        assertThat(run.exit()).as(run.output()).isEqualTo(ExitCode.ERROR);
        assertThat(run.output()).contains("not UTF-8", "LANG=C.UTF-8");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
        assertThat(media.resolve(".mediagc/quarantine")).doesNotExist();
    }

    @Test
    void plainJavaWithoutALocaleRefusesToPurgeOrRestore() throws Exception {
        Result purge = runWithEmptyEnvironment(javaCommand("purge", "--older-than", "1s", "--store", media.toString()));
        Result restore = runWithEmptyEnvironment(javaCommand("restore", "20261124T040512Z-3fa2", "--store", media.toString()));

        assertThat(purge.exit()).as(purge.output()).isEqualTo(ExitCode.ERROR);
        assertThat(purge.output()).contains("LANG=C.UTF-8");
        assertThat(restore.exit()).as(restore.output()).isEqualTo(ExitCode.ERROR);
        assertThat(restore.output()).contains("LANG=C.UTF-8");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    private record Result(int exit, String output) {
    }

    private Result runWithEmptyEnvironment(List<String> command) throws Exception {
        return runWithEmptyEnvironment(command, Map.of());
    }

    private Result runWithEmptyEnvironment(List<String> command, Map<String, String> variables) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(variables);
        // The fixtures age files by their modification time (see LocalStore.MTIME_ONLY_FOR_TESTS);
        // this switch has nothing to do with the locale under test.
        builder.environment().put(dev.mediagc.internal.store.LocalStore.MTIME_ONLY_FOR_TESTS_ENV, "true");
        // cron gives a PATH and nothing else; this one finds the same java the tests run on.
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + "/usr/bin" + File.pathSeparator + "/bin");
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The distribution's launcher (bin/mediagc, which the repository's ./mediagc also runs), next to
     * a stand-in for the built jar in lib/: a jar holding only a manifest that points at the test
     * class path, so the launcher runs unchanged without a package build.
     */
    private Path installLauncher() throws IOException {
        Path home = Files.createDirectories(temp.resolve("install"));
        Path launcher = Files.copy(Path.of("src", "dist", "bin", "mediagc"),
                Files.createDirectories(home.resolve("bin")).resolve("mediagc"));
        Path jar = Files.createDirectories(home.resolve("lib")).resolve("mediagc.jar");
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            String relative = jar.getParent().relativize(path).toString().replace(File.separatorChar, '/');
            classPath.append(relative.replace(" ", "%20")).append(Files.isDirectory(path) ? "/ " : " ");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
        return launcher;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
