package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.testing.DerivedApp;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --derived} and the {@code derived:} config key end to end, on SQLite and real folders. */
class DerivedCommandTest {

    @TempDir
    Path temp;

    private static String[] sweep(DerivedApp app, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", app.db.url(), "--ref", app.column,
                "--store", app.media.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private DerivedApp paperclip() throws IOException {
        return DerivedApp.paperclip(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")),
                100, 12);
    }

    @Test
    void applyingWithOnlyOriginalsReferencedIsRefusedWithTheRuleThatKeepsTheStyles() throws IOException {
        try (DerivedApp app = paperclip()) {
            Map<String, String> before = MediaTree.snapshot(app.media);

            CliRun run = CliRun.of(sweep(app, "--apply", "--max-orphan-ratio", "0.9"));

            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCode.REFUSED);
            assertThat(run.out()).contains("outcome: REFUSED", "--derived '{path}/{style}/{name} <- {path}/original/{name}'");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void withThePaperclipRuleTheOrphanListIsTheTruthAndTheReportCountsWhatTheRuleKept() throws IOException {
        try (DerivedApp app = paperclip()) {
            Path list = temp.resolve("orphans.txt");
            Path report = temp.resolve("report.json");
            Map<String, String> expected = new HashMap<>(MediaTree.snapshot(app.media));
            app.orphans.forEach(expected::remove);

            CliRun run = CliRun.of(sweep(app, "--derived", app.rules.get(0), "--list-orphans", list.toString(),
                    "--report", report.toString(), "--apply", "--action", "delete"));

            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(app.orphans);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(expected);
            JsonNode json = new ObjectMapper().readTree(report.toFile());
            assertThat(json.at("/keptDerived/count").asLong()).isEqualTo(app.liveDerived.size());
            assertThat(json.get("keptDerivedByRule").get(app.rules.get(0)).get("count").asLong())
                    .isEqualTo(app.liveDerived.size());
            assertThat(run.out()).contains("derived (kept)", app.liveDerived.size() + " kept by --derived '"
                    + app.rules.get(0) + "'");
        }
    }

    @Test
    void aConfigFileListsDerivedRulesAndTheSizeRuleKeepsLiveThumbnailsOnly() throws IOException {
        try (DerivedApp app = DerivedApp.cms(TestDatabase.Kind.SQLITE.create(temp),
                Files.createDirectories(temp.resolve("media")), 60, 8)) {
            Path config = temp.resolve("mediagc.yml");
            Files.writeString(config, "derived:\n  - '" + app.rules.get(0) + "'\n  - 'va/ri/variants/{key}/** <- {key}'\n"
                    + "max-orphan-ratio: 0.9\n");
            Path list = temp.resolve("orphans.txt");
            Map<String, String> before = MediaTree.snapshot(app.media);

            CliRun refused = CliRun.of(sweep(app, "--apply", "--max-orphan-ratio", "0.9"));
            CliRun run = CliRun.of(sweep(app, "--config", config.toString(), "--list-orphans", list.toString()));

            assertThat(refused.exit()).isEqualTo(ExitCode.REFUSED);
            assertThat(refused.out()).contains("--derived '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}'");
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(app.orphans);
        }
    }

    @Test
    void aRuleThatCannotBeReadIsAOneLineUsageError() throws IOException {
        try (DerivedApp app = paperclip()) {
            CliRun flag = CliRun.of(sweep(app, "--derived", "{path}/{style}/{name}"));
            Path config = temp.resolve("bad.yml");
            Files.writeString(config, "derived: ['{dir}/{stem}-*.{ext} <- {dir}/*.{ext}']\n");
            CliRun file = CliRun.of(sweep(app, "--config", config.toString()));

            assertThat(flag.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(flag.err().strip()).startsWith("mediagc:").contains("needs exactly one '<-'").doesNotContain("\n");
            assertThat(file.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(file.err().strip()).startsWith("mediagc:").contains("cannot hold * or **").doesNotContain("\n");
        }
    }
}
