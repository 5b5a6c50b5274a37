package dev.mediagc.cli;

import dev.mediagc.Setting;
import dev.mediagc.Settings;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A flag for every sweep setting of the engine's catalog ({@link Settings}), made from it: its
 * name, value label, description and default are the catalog's, so a setting added there is a flag
 * (and a config file key) here without an edit.
 */
@CommandLine.Command(modelTransformer = GeneratedOptions.class)
final class SettingOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the flags to {@code spec} (see {@link GeneratedOptions}). */
    static void addTo(CommandSpec spec) {
        for (Setting setting : Settings.all()) {
            if (spec.findOption("--" + setting.name()) == null) {
                spec.addOption(optionFor(setting));
            }
        }
    }

    private static OptionSpec optionFor(Setting setting) {
        String description = FlagWording.of(setting.description());
        OptionSpec.Builder option = OptionSpec.builder("--" + setting.name());
        switch (setting.kind()) {
            case FLAG -> option.type(Boolean.class).arity("0");
            case LIST -> option.type(List.class).auxiliaryTypes(String.class).paramLabel(setting.paramLabel())
                    .description(description + " Repeatable.");
            default -> option.type(String.class).paramLabel(setting.paramLabel())
                    .description(description + " Default: " + setting.defaultText() + ".");
        }
        if (setting.kind() == Setting.Kind.FLAG) {
            option.description(description);
        }
        return option.build();
    }

    /**
     * The settings given on the command line or in the config file, by name; a setting given
     * nowhere is left out, so the engine's default applies.
     */
    Map<String, Object> given() {
        Map<String, Object> given = new LinkedHashMap<>();
        for (Setting setting : Settings.all()) {
            Object value = command.findOption("--" + setting.name()).getValue();
            if (value != null && !(value instanceof Collection<?> list && list.isEmpty())) {
                given.put(setting.name(), value);
            }
        }
        return given;
    }

    /** Whether {@code setting} was given on the command line itself. */
    boolean onCommandLine(String setting) {
        return command.commandLine().getParseResult().hasMatchedOption("--" + setting);
    }
}
