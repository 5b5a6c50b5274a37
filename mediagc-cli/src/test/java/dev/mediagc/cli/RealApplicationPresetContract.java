package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every preset for a real application must do, on that application's own tables (PostgreSQL)
 * and on-disk layout, with a ground truth written alongside: its dry run lists exactly the true
 * orphans, the derived-files guard lets it act, and what it quarantines comes back byte for byte
 * with {@code mediagc restore}. Without its derived rules the guard must refuse, which shows that
 * the rules are what keeps the application's derived files.
 */
abstract class RealApplicationPresetContract {

    @TempDir
    Path temp;
    TestDatabase db;
    Path media;
    /** The truth: every file the application would not miss, sorted as --list-orphans sorts. */
    final SortedSet<String> orphans = new TreeSet<>();
    /** Files no row names that the preset must keep because the application derived them from one. */
    final SortedSet<String> liveDerived = new TreeSet<>();

    abstract String preset();

    /** --preset-param values; the defaults where empty. */
    Map<String, String> params() {
        return Map.of();
    }

    /** Creates the application's tables and rows in {@link #db} and its files in {@link #media}. */
    abstract void buildApplication();

    @BeforeEach
    void application() throws IOException {
        db = TestDatabase.Kind.POSTGRESQL.create(temp);
        media = Files.createDirectories(temp.resolve("media"));
        buildApplication();
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    /** A file the application wrote, ten days ago; {@code orphan} is the truth about it. */
    void file(String key, boolean orphan) {
        try {
            Path file = media.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, ("bytes of " + key).getBytes(StandardCharsets.UTF_8));
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (orphan) {
            orphans.add(key);
        }
    }

    void live(String key) {
        file(key, false);
    }

    void liveDerived(String key) {
        file(key, false);
        liveDerived.add(key);
    }

    void orphan(String key) {
        file(key, true);
    }

    List<String> sweep(String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", db.url(), "--db-user", "postgres",
                "--store", media.toString()));
        args.addAll(List.of(extra));
        return args;
    }

    List<String> withPreset(String... extra) {
        List<String> args = sweep(extra);
        args.addAll(List.of("--preset", preset()));
        params().forEach((name, value) -> args.addAll(List.of("--preset-param", name + "=" + value)));
        return args;
    }

    @Test
    void theDryRunListsExactlyTheTrueOrphansAndApplyingThenRestoringGivesTheTreeBackByteForByte() throws IOException {
        assertThat(orphans).as("the fixture has true orphans").isNotEmpty();
        assertThat(liveDerived).as("the fixture has derived files to keep").isNotEmpty();
        Map<String, String> before = MediaTree.snapshot(media);
        Path list = temp.resolve("orphans.txt");
        Path report = temp.resolve("report.json");

        long started = System.nanoTime();
        CliRun dryRun = CliRun.of(withPreset("--list-orphans", list.toString(), "--report", report.toString())
                .toArray(String[]::new));
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        System.out.printf("preset %s: dry run over %d files (%d orphans, %d derived kept) took %d ms%n",
                preset(), before.size(), orphans.size(), liveDerived.size(), millis);

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactlyElementsOf(orphans);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/keptDerived/count").asLong()).as("every derived file is kept by a rule")
                .isEqualTo(liveDerived.size());
        assertThat(json.at("/derivedLooking/count").asLong()).as("no orphan looks derived from a live file").isZero();
        assertThat(json.at("/danglingReferences/count").asLong())
                .as("a reference whose files are stored under a layout or as derived files is not dangling")
                .isEqualTo(danglingReferences());
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);

        CliRun applied = CliRun.of(withPreset("--apply").toArray(String[]::new));

        assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
        Map<String, String> expected = new HashMap<>(before);
        orphans.forEach(expected::remove);
        assertThat(MediaTree.snapshot(media)).isEqualTo(expected);

        String runId = applied.out().lines().findFirst().orElseThrow().split(" ")[2];
        CliRun restore = CliRun.of("restore", runId, "--store", media.toString());

        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    @Test
    void withoutThePresetsDerivedRulesTheDerivedFilesGuardRefusesToAct() throws IOException {
        ObjectNode plain = (ObjectNode) Presets.named(preset()).settingsWith(params());
        assertThat(plain.has("derived")).isTrue();
        plain.remove("derived");
        Path config = temp.resolve("references-only.yml");
        Files.writeString(config, new ObjectMapper(new YAMLFactory()).writeValueAsString(plain));
        Map<String, String> before = MediaTree.snapshot(media);

        CliRun run = CliRun.of(sweep("--config", config.toString(), "--max-orphan-ratio", "1", "--apply")
                .toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
        assertThat(run.out()).contains("--derived '");
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    /** The parameters discover must read off this application; the test's own by default. */
    Map<String, String> discoveredParams() {
        return params();
    }

    @Test
    void discoverRecognisesThePresetInfersItsParametersAndItsProposalSweepsToTheTrueOrphans() throws IOException {
        Map<String, String> before = MediaTree.snapshot(media);
        Path config = temp.resolve("discovered.yml");

        long started = System.nanoTime();
        CliRun discover = CliRun.of("discover", "--db", db.url(), "--db-user", "postgres", "--store", media.toString(),
                "--out", config.toString());
        System.out.printf("preset %s: discover over %d files took %d ms and wrote:%n%s%n", preset(), before.size(),
                Duration.ofNanos(System.nanoTime() - started).toMillis(), Files.readString(config));

        assertThat(discover.exit()).as(discover.out() + discover.err()).isZero();
        assertThat(discover.out()).contains("preset   " + preset() + " recognised by");
        assertThat(MediaTree.snapshot(media)).as("discover changes nothing").isEqualTo(before);
        ConfigFile read = ConfigFile.read(config);
        assertThat(read.list("preset")).containsExactly(preset());
        assertThat(read.map("preset-params") == null ? Map.of() : read.map("preset-params"))
                .containsAllEntriesOf(discoveredParams());
        String yaml = Files.readString(config);
        assertThat(yaml).as("each inferred parameter comes with its evidence").contains("recognised by");
        Set<String> presetTables = coveredTables();
        assertThat(read.list("ref") == null ? List.<String>of() : read.list("ref"))
                .as("the preset's own tables are the preset's, not raw columns")
                .noneMatch(ref -> presetTables.stream().anyMatch(table -> ref.replace("\"", "").startsWith(table + ".")));

        Path list = temp.resolve("orphans-discovered.txt");
        CliRun dryRun = CliRun.of(sweep("--config", config.toString(), "--list-orphans", list.toString())
                .toArray(String[]::new));

        assertThat(dryRun.exit()).as(dryRun.out() + dryRun.err()).isZero();
        assertThat(Files.readAllLines(list, StandardCharsets.UTF_8)).containsExactlyElementsOf(orphans);
        assertThat(MediaTree.snapshot(media)).isEqualTo(before);
    }

    /** The tables of the application's fingerprint, which discover must leave to the preset. */
    Set<String> coveredTables() {
        Set<String> tables = new TreeSet<>();
        Presets.fingerprint(preset()).path("tables").fieldNames().forEachRemaining(name ->
                tables.add(name.replace("${table-prefix}", "").replace("${table}", params().getOrDefault("table",
                        "media_attachments"))));
        return tables;
    }

    /** References of the dataset whose files are really missing from the store. */
    protected long danglingReferences() {
        return 0;
    }
}
