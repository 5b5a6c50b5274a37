package dev.mediagc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives each single-value flag of {@code sweep} not on the command line its value from the config
 * file (and the presets beneath it), keyed by the flag's name: command line, then file, then
 * default. Lists are not defaults, they add up: {@link SweepCommand} adds the file's to the flags'.
 * Picocli asks once parsing is done, so {@code --config} and {@code --preset} are known.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || option.isMultiValue()
                || !(arg.command().userObject() instanceof SweepCommand sweep)) {
            return null;
        }
        try {
            return sweep.file().text(SweepCommand.keyOf(option));
        } catch (IllegalArgumentException e) {
            return null; // reported as a usage error when the command reads the file itself
        }
    }
}
