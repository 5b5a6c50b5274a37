package dev.mediagc.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mediagc presets}: the known applications, and the plain settings each stands for. */
@Command(name = "presets", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "List the presets: settings for applications whose schema and file layout are fixed.",
            "",
            "Use one with 'mediagc sweep --preset NAME' (or 'preset: NAME' in a --config file). A preset is plain",
            "configuration: 'mediagc presets show NAME' prints it as a --config file takes it, to read or adapt."},
        subcommands = {PresetsCommand.Show.class})
final class PresetsCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        for (String name : Presets.names()) {
            Presets.Preset preset = Presets.named(name);
            System.out.printf("%-22s %s%n", name, preset.description());
            for (Presets.Parameter p : preset.parameters()) {
                System.out.printf("%-22s   --preset-param %s=VALUE  %s (default: %s)%n", "", p.name(), p.description(),
                        p.defaultValue() == null ? "none" : "'" + p.defaultValue() + "'");
            }
            // How discover tells the application, for a user wondering why it was (or was not) proposed.
            List<String> tables = new ArrayList<>();
            for (Fingerprint.TableShape table : Fingerprint.of(Presets.fingerprint(name)).tables()) {
                tables.add(table.name() + " (" + String.join(", ", table.columns()) + ")");
            }
            if (!tables.isEmpty()) {
                System.out.printf("%-22s   'mediagc discover' proposes it for a schema with %s%n", "", String.join(" and ", tables));
            }
        }
        return ExitCode.OK;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Print a preset's settings, its parameters filled in, as YAML that 'mediagc sweep --config' reads.")
    static final class Show implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "The preset.")
        String name;

        @Option(names = "--preset-param", paramLabel = "KEY=VALUE", description = "A parameter's value. Repeatable.")
        Map<String, String> params = new LinkedHashMap<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Presets.Preset preset = UsageException.beforeRun(() -> Presets.named(name));
            String yaml = UsageException.beforeRun(() -> preset.plainYaml(params));
            System.out.println("# mediagc preset " + name + ": " + preset.description());
            System.out.print(yaml);
            return ExitCode.OK;
        }
    }
}
