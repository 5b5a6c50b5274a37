package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep, restore and purge commands end to end on embedded PostgreSQL and a media folder. */
class SweepCommandTest {

    @TempDir
    Path temp;
    TestDatabase db;
    DjangoStyleDataset data;
    Map<String, String> before;

    @BeforeEach
    void setUp() throws IOException {
        db = TestDatabase.Kind.POSTGRESQL.create(temp);
        data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 600, 7);
        before = MediaTree.snapshot(data.media());
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private List<String> sweepArgs(String... extra) {
        return List.of(DjangoStyleSweep.args(db, data, extra));
    }

    @Test
    void aDryRunListsTheOrphansWritesTheReportAndChangesNothing() throws IOException {
        Path list = temp.resolve("orphans.txt");
        Path report = temp.resolve("report.json");

        CliRun run = CliRun.of(sweepArgs("--list-orphans", list.toString(), "--report", report.toString()).toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(list)).containsExactlyElementsOf(data.expectedOrphans());
        assertThat(run.out()).contains("orphans", "too young (kept)", "dangling references", "outcome: DRY_RUN");
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.at("/orphans/count").asLong()).isEqualTo(data.expectedOrphans().size());
        assertThat(json.at("/youngOrphans/count").asLong()).isEqualTo(data.youngOrphans().size());
        assertThat(json.at("/danglingReferences/count").asLong()).isEqualTo(data.dangling().size());
        assertThat(json.at("/outcome").asText()).isEqualTo("DRY_RUN");
        assertThat(MediaTree.snapshot(data.media())).isEqualTo(before);
    }

    @Test
    void aConfigFileHoldsTheSameSettingsAndFlagsOverrideIt() throws IOException {
        Path config = temp.resolve("mediagc.yml");
        StringBuilder yaml = new StringBuilder();
        yaml.append("db: ").append(db.url()).append('\n');
        yaml.append("db-user: postgres\n");
        yaml.append("store: ").append(data.media()).append('\n');
        yaml.append("ref:\n");
        data.columnReferences().forEach(r -> yaml.append("  - '").append(r).append("'\n"));
        yaml.append("ref-sql: \"").append(data.queryReference()).append("\"\n");
        yaml.append("strip-prefix: [/media/, 'https://cdn.example.com/media/']\n");
        yaml.append("exclude: ['*.tmp', 'cache/**']\n");
        yaml.append("min-age: 1h\n");
        Files.writeString(config, yaml);
        Path list = temp.resolve("orphans.txt");

        CliRun run = CliRun.of("sweep", "--config", config.toString(), "--min-age", "24h", "--list-orphans", list.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.readAllLines(list)).containsExactlyElementsOf(data.expectedOrphans());
        assertThat(run.out()).contains("min-age 1d");
    }

    @Test
    void quarantineThenRestoreThroughTheCommandLine() throws IOException {
        CliRun sweep = CliRun.of(sweepArgs("--apply").toArray(String[]::new));
        assertThat(sweep.exit()).as(sweep.err()).isZero();
        assertThat(sweep.out()).contains("outcome: APPLIED");
        Map<String, String> expected = new HashMap<>(before);
        data.expectedOrphans().forEach(expected::remove);
        assertThat(MediaTree.snapshot(data.media())).isEqualTo(expected);
        String runId = sweep.out().lines().findFirst().orElseThrow().split(" ")[2];

        CliRun restore = CliRun.of("restore", runId, "--store", data.media().toString());

        assertThat(restore.exit()).as(restore.out() + restore.err()).isZero();
        assertThat(restore.out()).contains("restored " + data.expectedOrphans().size());
        assertThat(MediaTree.snapshot(data.media())).isEqualTo(before);
    }

    @Test
    void purgeEmptiesOnlyQuarantineRunsOlderThanAsked() throws IOException {
        Path quarantine = data.media().resolve(".mediagc/quarantine");
        Files.createDirectories(quarantine.resolve("20200101T000000Z-aaaa/photos"));
        Files.writeString(quarantine.resolve("20200101T000000Z-aaaa/photos/old.jpg"), "old");
        Files.createDirectories(data.media().resolve(".mediagc/journal"));
        Files.writeString(data.media().resolve(".mediagc/journal/20200101T000000Z-aaaa.jsonl"),
                "{\"run\":\"20200101T000000Z-aaaa\",\"op\":\"run\",\"phase\":\"end\"}\n");
        CliRun sweep = CliRun.of(sweepArgs("--apply").toArray(String[]::new));
        assertThat(sweep.exit()).isZero();
        String recent = sweep.out().lines().findFirst().orElseThrow().split(" ")[2];

        CliRun purge = CliRun.of("purge", "--older-than", "30d", "--store", data.media().toString());

        assertThat(purge.exit()).isZero();
        assertThat(purge.out()).contains("purged 1", "20200101T000000Z-aaaa");
        assertThat(quarantine.resolve("20200101T000000Z-aaaa")).doesNotExist();
        assertThat(quarantine.resolve(recent)).isDirectory();
        assertThat(MediaTree.snapshot(data.media())).hasSize(before.size() - data.expectedOrphans().size());
    }

    @Test
    void deleteWithEmptyFolderRemovalLeavesOnlyLiveFiles() {
        CliRun run = CliRun.of(sweepArgs("--apply", "--action", "delete", "--remove-empty-dirs").toArray(String[]::new));

        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, String> expected = new HashMap<>(before);
        data.expectedOrphans().forEach(expected::remove);
        assertThat(MediaTree.snapshot(data.media())).isEqualTo(expected);
        data.emptyFolders().forEach(f -> assertThat(data.media().resolve(f)).doesNotExist());
        assertThat(data.media()).isDirectory();
    }
}
