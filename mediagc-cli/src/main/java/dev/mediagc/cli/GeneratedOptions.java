package dev.mediagc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Adds the flags made from declarations elsewhere to a command, as its mixins ask: the engine's
 * settings for {@link SettingOptions}, the store types' options for {@link StoreOptions}. One
 * transformer for both, because picocli keeps one per command, whichever mixin names it.
 */
final class GeneratedOptions implements CommandLine.IModelTransformer {

    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof SettingOptions) {
                SettingOptions.addTo(spec);
            } else if (mixin.userObject() instanceof StoreOptions) {
                StoreOptions.addTo(spec);
            }
        }
        return spec;
    }
}
