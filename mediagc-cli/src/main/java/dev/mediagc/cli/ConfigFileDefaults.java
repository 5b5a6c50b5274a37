package dev.mediagc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives each option of {@code sweep} that takes one value, when it is not on the command line, its
 * value from the config file (and the presets beneath it), keyed by the option's name: command
 * line, then file, then default. Lists are not defaults, they add up, and flags can only be turned
 * on: {@link SweepCommand#mergeTheFile} does both. Picocli asks for these once parsing is done, so
 * {@code --config} and {@code --preset} are known.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {

    @Override
    public String defaultValue(ArgSpec arg) {
        // Picocli asks for a flag's default while matching it, to set it to the opposite: a file
        // saying `force: true` would turn --force off. Flags, like lists, are merged after parsing.
        if (!(arg instanceof OptionSpec option) || option.isMultiValue() || option.arity().max() == 0
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
