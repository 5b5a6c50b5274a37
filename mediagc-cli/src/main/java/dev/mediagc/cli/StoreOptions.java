package dev.mediagc.cli;

import dev.mediagc.internal.config.StoreOptionCatalog;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import dev.mediagc.spi.StoreOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options of every store type on the class path, as their providers declare them
 * ({@link ObjectStoreProvider#options()}): a new store type brings its flags without an edit here.
 */
@CommandLine.Command(modelTransformer = GeneratedOptions.class)
final class StoreOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandSpec command;

    /** Adds the flags to {@code spec} (see {@link GeneratedOptions}). */
    static void addTo(CommandSpec spec) {
        for (StoreOption option : StoreOptionCatalog.all()) {
            OptionSpec.Builder flag = OptionSpec.builder("--" + option.name());
            if (option.flag()) {
                flag.type(Boolean.class).arity("0").description(FlagWording.of(option.description()));
            } else {
                flag.type(String.class).paramLabel(option.paramLabel()).description(FlagWording.of(option.description())
                        + (option.defaultValue() == null ? "" : " Default: " + option.defaultValue() + "."));
            }
            if (spec.findOption("--" + option.name()) == null) {
                spec.addOption(flag.build());
            }
        }
    }

    /** Opens {@code location} with these options; a store that cannot be opened is unchecked (a usage error). */
    ObjectStore open(String location) {
        try {
            return dev.mediagc.Stores.open(location, asMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options given, as the providers read them: text, a flag as {@code "true"}. */
    Map<String, String> asMap() {
        Map<String, String> options = new HashMap<>();
        for (StoreOption option : StoreOptionCatalog.all()) {
            Object value = command.findOption("--" + option.name()).getValue();
            if (value != null && !Boolean.FALSE.equals(value)) {
                options.put(option.name(), String.valueOf(value));
            }
        }
        return options;
    }
}
