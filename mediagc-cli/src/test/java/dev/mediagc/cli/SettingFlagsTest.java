package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Setting;
import dev.mediagc.Settings;
import dev.mediagc.internal.config.StoreOptionCatalog;
import dev.mediagc.spi.StoreOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The sweep's flags and config file keys are the engine's settings and the store types' options,
 * by the same names and with the same defaults: neither is declared here a second time.
 */
class SettingFlagsTest {

    @TempDir
    Path temp;

    private static OptionSpec sweepOption(String name) {
        return MediagcCommand.commandLine().getSubcommands().get("sweep").getCommandSpec().findOption("--" + name);
    }

    @Test
    void everySettingIsAFlagThatStatesTheEnginesDefault() {
        String help = CliRun.of("sweep", "--help").out();
        for (Setting setting : Settings.all()) {
            OptionSpec option = sweepOption(setting.name());
            assertThat(option).as(setting.name()).isNotNull();
            assertThat(help).contains("--" + setting.name());
            if (setting.kind() != Setting.Kind.FLAG && setting.kind() != Setting.Kind.LIST) {
                assertThat(String.join(" ", option.description())).as(setting.name())
                        .endsWith("Default: " + setting.defaultText() + ".");
            }
        }
        for (StoreOption storeOption : StoreOptionCatalog.all()) {
            assertThat(sweepOption(storeOption.name())).as(storeOption.name()).isNotNull();
            assertThat(MediagcCommand.commandLine().getSubcommands().get("restore").getCommandSpec()
                    .findOption("--" + storeOption.name())).as("restore opens the same stores").isNotNull();
        }
        assertThat(StoreOptionCatalog.all()).extracting(StoreOption::name)
                .contains("age-from-mtime", "s3-endpoint", "s3-region", "s3-path-style");
    }

    @Test
    void theConfigFileTakesEverySettingAndStoreOptionByItsName() throws IOException {
        StringBuilder yaml = new StringBuilder("db: jdbc:h2:mem:unused\nstore: " + temp + "\nref: profile.avatar\n");
        for (Setting setting : Settings.all()) {
            yaml.append(setting.name()).append(": ").append(switch (setting.kind()) {
                case FLAG -> "false";
                case LIST -> "[]";
                default -> setting.defaultValue() == null ? "7" : "'" + setting.defaultText() + "'";
            }).append('\n');
        }
        for (StoreOption option : StoreOptionCatalog.all()) {
            yaml.append(option.name()).append(": ").append(option.flag() ? "true" : "'http://localhost:9000'").append('\n');
        }
        Path config = Files.writeString(temp.resolve("every-key.yml"), yaml);

        SweepCommand sweep = parsed("--config", config.toString());

        assertThat(SweepCommand.builderFromConfig(config)).as("the file reads as a sweep reads it").isNotNull();
        assertThat(sweep.settings.given().keySet()).containsAll(Settings.all().stream()
                .filter(s -> !s.repeatable()).map(Setting::name).toList());
        assertThat(sweep.storeOptions.asMap()).containsKeys(StoreOptionCatalog.all().stream().map(StoreOption::name)
                .toArray(String[]::new));
    }

    @Test
    void theCommandLineBeatsTheFileWhichBeatsTheDefault() throws IOException {
        Path config = Files.writeString(temp.resolve("mediagc.yml"),
                "min-age: 6h\nmax-delete: 10\ns3-region: eu-west-1\nexclude: ['*.tmp']\n");

        SweepCommand sweep = parsed("--config", config.toString(), "--min-age", "12h", "--s3-endpoint", "http://minio:9000");
        Map<String, Object> given = sweep.settings.given();

        assertThat(given).containsEntry("min-age", "12h").containsEntry("max-delete", "10")
                .doesNotContainKey("batch-size");
        assertThat(sweep.storeOptions.asMap()).containsEntry("s3-region", "eu-west-1")
                .containsEntry("s3-endpoint", "http://minio:9000");
        assertThat(sweep.file().list("exclude")).containsExactly("*.tmp");
    }

    @Test
    void aFlagOnTheCommandLineStaysOnWhateverTheFileSays() throws IOException {
        Path config = Files.writeString(temp.resolve("mediagc.yml"), "force: true\nrebind: false\ns3-path-style: true\n");

        SweepCommand sweep = parsed("--force", "--rebind", "--config", config.toString(), "--ignore-case");

        assertThat(sweep.settings.given()).containsEntry("force", true).containsEntry("rebind", true)
                .containsEntry("ignore-case", true).doesNotContainKey("apply");
        assertThat(sweep.storeOptions.asMap()).containsEntry("s3-path-style", "true");
    }

    @Test
    void anUnknownKeyIsOneLineNamingTheNearestKey() throws IOException {
        Path config = Files.writeString(temp.resolve("typo.yml"), "min-age: 24h\ns3-endpont: http://minio:9000\n");

        CliRun run = CliRun.of("sweep", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("unknown key 's3-endpont' at line 2; did you mean 's3-endpoint'?");
        assertThat(run.err().lines().filter(l -> l.startsWith("mediagc:")).toList()).hasSize(1);
    }

    @Test
    void aListWhereOneValueBelongsIsRefusedRatherThanIgnored() throws IOException {
        Path config = Files.writeString(temp.resolve("list.yml"), "min-age: [1h, 48h]\n");

        CliRun run = CliRun.of("sweep", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).contains("'min-age' takes one value at line 1");
    }

    private static SweepCommand parsed(String... args) {
        SweepCommand sweep = new SweepCommand();
        new CommandLine(sweep).parseArgs(args);
        sweep.mergeTheFile();
        return sweep;
    }

}
