package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn package} ships, run as a user would after the build: the distribution archive
 * unpacked anywhere, the repository's launcher, and the published jars' manifests. Runs after
 * package (failsafe), against the real archive, never a stand-in.
 */
class DistributionIT {

    private static final String VERSION = System.getProperty("mediagc.version");
    private static final Path ARCHIVE = Path.of(System.getProperty("mediagc.dist.archive"));
    /** The repository's ./mediagc: the distribution's bin/mediagc on the built jar, without unpacking. */
    private static final String LAUNCHER = Path.of("..", "mediagc").toAbsolutePath().normalize().toString();

    @TempDir
    Path temp;

    @Test
    void theUnpackedArchivePrintsTheBuiltVersionNotADevelopmentBuild() throws Exception {
        Path home = unpack();
        Run run = run(temp, "bash", home.resolve("bin/mediagc").toString(), "--version");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("mediagc " + VERSION);
    }

    @Test
    void theUnpackedArchiveRunsTheDemoFromAnyFolder() throws Exception {
        Path home = unpack();
        Path elsewhere = Files.createDirectories(temp.resolve("somewhere else"));
        Run run = run(elsewhere, home.resolve("bin/mediagc").toString(), "demo");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("orphan");
        assertThat(elsewhere.resolve("mediagc-demo/orphans.txt")).isNotEmptyFile();
    }

    @Test
    void theArchiveHoldsTheLauncherTheJarTheLicenceAndTheReadme() throws Exception {
        Path home = unpack();
        assertThat(home.resolve("bin/mediagc")).isExecutable();
        assertThat(home.resolve("lib/mediagc.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License", "Version 2.0");
        assertThat(home.resolve("README.md")).isRegularFile();
    }

    @Test
    void theUnpackedArchiveHandsItsSparkJobJarToSparkSubmit() throws Exception {
        Path home = unpack();
        Path sparkHome = Files.createDirectories(temp.resolve("spark/bin"));
        Files.writeString(sparkHome.resolve("spark-submit"), "#!/bin/sh\nexit 0\n");
        sparkHome.resolve("spark-submit").toFile().setExecutable(true);

        Run run = run(temp, "env", "SPARK_HOME=" + sparkHome.getParent(), home.resolve("bin/mediagc").toString(),
                "spark-plan", "--print-command", "--db", "jdbc:postgresql://db/app", "--ref", "media.file",
                "--store", "s3a://bucket/media", "--plan", "p.jsonl.gz");

        assertThat(home.resolve("lib/mediagc-spark-job.jar")).isRegularFile();
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo(sparkHome.resolve("spark-submit") + " --class dev.mediagc.spark.SparkPlanJob "
                + home.resolve("lib/mediagc-spark-job.jar") + " --db jdbc:postgresql://db/app --ref media.file "
                + "--store s3a://bucket/media --plan p.jsonl.gz");
        try (java.util.jar.JarFile job = new java.util.jar.JarFile(home.resolve("lib/mediagc-spark-job.jar").toFile())) {
            assertThat(job.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.mediagc.spark.SparkPlanJob");
        }
    }

    @Test
    void theArchiveSaysWhatIsMissingWhenItsJarIsGone() throws Exception {
        Path home = unpack();
        Files.delete(home.resolve("lib/mediagc.jar"));
        Run run = run(temp, "bash", home.resolve("bin/mediagc").toString(), "--version");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.output()).contains("mediagc.jar is missing", "unpack the whole distribution archive");
    }

    @Test
    void theLauncherMakesAStartUpArchiveOnceAndThenStartsFromIt() throws Exception {
        Path cache = temp.resolve(".cache/mediagc");
        Path store = Files.createDirectories(temp.resolve("store"));

        Run version = run(temp, LAUNCHER, "--version");
        assertThat(version.output()).isEqualTo("mediagc " + VERSION + "\n");
        assertThat(cache).as("--version loads too few classes to be worth an archive").doesNotExist();

        Run first = run(temp, LAUNCHER, "runs", "--store", store.toString());
        assertThat(first.exit()).as(first.output()).isZero();
        assertThat(classLists(cache)).as("a working command records the classes it loads").hasSize(1);

        Run second = run(temp, LAUNCHER, "runs", "--store", store.toString());
        assertThat(second.output()).isEqualTo(first.output());
        Path archive = awaitArchive(cache);

        Run third = run(temp, "env", "MEDIAGC_JAVA_OPTS=-Xlog:class+load", LAUNCHER, "--version");
        assertThat(third.exit()).as(third.output()).isZero();
        assertThat(third.output()).as("the archive was mapped, not ignored: " + archive)
                .containsPattern("dev\\.mediagc\\.cli\\.Main source: shared objects file");
    }

    @Test
    void theLauncherRaisesTheOptimisingCompilersThresholdsAndAUsersOwnSettingWins() throws Exception {
        Run defaults = run(temp, "env", "MEDIAGC_CDS=off", "MEDIAGC_JAVA_OPTS=-XX:+PrintFlagsFinal", LAUNCHER, "--version");
        assertThat(defaults.exit()).as(defaults.output()).isZero();
        assertThat(defaults.output()).containsPattern("Tier4InvocationThreshold\\s+= 50000\\s")
                .containsPattern("Tier4BackEdgeThreshold\\s+= 400000\\s");

        Run own = run(temp, "env", "MEDIAGC_CDS=off",
                "MEDIAGC_JAVA_OPTS=-XX:Tier4InvocationThreshold=5000 -XX:+PrintFlagsFinal", LAUNCHER, "--version");
        assertThat(own.output()).containsPattern("Tier4InvocationThreshold\\s+= 5000\\s");
    }

    @Test
    void theLauncherStartsQuietlyWithoutAnUnusableArchive() throws Exception {
        Path cache = temp.resolve(".cache/mediagc");
        run(temp, LAUNCHER, "runs", "--store", Files.createDirectories(temp.resolve("store")).toString());
        String list = classLists(cache).get(0).getFileName().toString();
        Path archive = cache.resolve(list.substring(0, list.indexOf(".classlist")) + ".jsa");
        Files.writeString(archive, "not a class-data archive");

        Run run = run(temp, LAUNCHER, "--version");

        // -Xshare:auto: the JVM drops the archive and says nothing (it would say it on standard output).
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).isEqualTo("mediagc " + VERSION + "\n");
    }

    @Test
    void theLauncherStartsQuietlyWhenItsCacheFolderCannotBeWritten() throws Exception {
        Path readOnly = Files.createDirectories(temp.resolve("read-only cache"));
        readOnly.toFile().setWritable(false, false);
        Path underAFile = Files.writeString(temp.resolve("a file"), "").resolve("mediagc");
        try {
            for (Path folder : List.of(readOnly, underAFile)) {
                Run run = run(temp, "env", "MEDIAGC_CDS_DIR=" + folder, LAUNCHER, "runs", "--store", temp.toString());
                assertThat(run.exit()).as(run.output()).isZero();
                assertThat(run.output()).as(folder.toString()).isEqualTo("no quarantine runs in " + temp + "\n");
            }
            if (!"root".equals(System.getProperty("user.name"))) { // root writes anyway
                assertThat(readOnly).isEmptyDirectory();
            }
        } finally {
            readOnly.toFile().setWritable(true, false);
        }
    }

    private static List<Path> classLists(Path cache) throws IOException {
        try (var files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().contains(".classlist.")).toList();
        }
    }

    /** The archive is made by a detached process; waits for it (and its lock) so the temp folder can go. */
    private static Path awaitArchive(Path cache) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try (var files = Files.list(cache)) {
                List<String> names = files.map(f -> f.getFileName().toString()).toList();
                if (names.stream().noneMatch(n -> n.endsWith(".lock"))) {
                    assertThat(names).as("the archive is complete and nothing else is left").hasSize(1);
                    assertThat(names.get(0)).endsWith(".jsa");
                    return cache.resolve(names.get(0));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no start-up archive after 120 s in " + cache);
    }

    @Test
    void theRepositoryLauncherRunsTheBuiltJar() throws Exception {
        Run run = run(temp, "bash", Path.of("..", "mediagc").toAbsolutePath().normalize().toString(), "--version");
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output().strip()).isEqualTo("mediagc " + VERSION);
    }

    @Test
    void everyPublishedJarNamesItsModuleAndVersion() throws IOException {
        for (String[] module : new String[][] {{"mediagc-core", "dev.mediagc"}, {"mediagc-s3", "dev.mediagc.s3"},
                {"mediagc-s3-inventory", "dev.mediagc.s3.inventory"}, {"mediagc-spark", "dev.mediagc.spark"},
                {"mediagc-gcs", "dev.mediagc.gcs"}, {"mediagc-azure", "dev.mediagc.azure"}, {"mediagc-cli", "dev.mediagc.cli"}}) {
            Path jar = Path.of("..", module[0], "target", module[0] + "-" + VERSION + ".jar");
            try (JarFile file = new JarFile(jar.toFile())) {
                Manifest manifest = file.getManifest();
                assertThat(manifest.getMainAttributes().getValue("Automatic-Module-Name")).as(module[0]).isEqualTo(module[1]);
                assertThat(manifest.getMainAttributes().getValue("Implementation-Version")).as(module[0]).isEqualTo(VERSION);
            }
            assertThat(Path.of("..", module[0], "target", module[0] + "-" + VERSION + "-sources.jar")).as(module[0]).isRegularFile();
        }
    }

    @Test
    void theBomManagesEveryPublishedModuleAtTheBuiltVersion() throws IOException {
        String bom = Files.readString(Path.of("..", "mediagc-bom", "pom.xml"));
        assertThat(between(bom, "<artifactId>mediagc-bom</artifactId>", "</version>")).endsWith("<version>" + VERSION);
        List<String> managed = new ArrayList<>();
        java.util.regex.Matcher artifact = java.util.regex.Pattern.compile("<artifactId>(mediagc-[a-z0-9-]+)</artifactId>")
                .matcher(bom.substring(bom.indexOf("<dependencyManagement>")));
        while (artifact.find()) {
            managed.add(artifact.group(1));
        }
        assertThat(managed).containsExactlyInAnyOrder("mediagc-core", "mediagc-store-contract", "mediagc-s3", "mediagc-s3-inventory", "mediagc-gcs",
                "mediagc-azure", "mediagc-hibernate", "mediagc-spark", "mediagc-spring-boot-starter", "mediagc-cli");
        for (String module : managed) {
            assertThat(Path.of("..", module, "pom.xml")).as("a module the BOM names").isRegularFile();
        }
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from)).strip();
    }

    private Path unpack() throws Exception {
        Path into = Files.createDirectories(temp.resolve("unpacked"));
        Run run = run(into, "tar", "-xzf", ARCHIVE.toAbsolutePath().toString());
        assertThat(run.exit()).as(run.output()).isZero();
        return into.resolve("mediagc-" + VERSION);
    }

    private record Run(int exit, String output) {
    }

    /** Runs a command with only a PATH that finds the java these tests run on, as a fresh shell would. */
    private static Run run(Path folder, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(folder.toFile())
                .redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", Path.of(System.getProperty("java.home"), "bin") + File.pathSeparator
                + "/usr/bin" + File.pathSeparator + "/bin");
        builder.environment().put("HOME", folder.toString());
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
