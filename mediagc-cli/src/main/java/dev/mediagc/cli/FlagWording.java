package dev.mediagc.cli;

import java.util.regex.Pattern;

/**
 * The engine names a setting in its messages the same way for every front end, as
 * {@code `max-delete`}; on the command line that setting is the flag {@code --max-delete} (and the
 * config file's key {@code max-delete}), so messages printed here say the flag.
 */
final class FlagWording {

    private static final Pattern SETTING = Pattern.compile("`([a-z][a-z0-9]*(?:-[a-z0-9]+)*)`");

    private FlagWording() {
    }

    static String of(String message) {
        return message == null ? null : SETTING.matcher(message).replaceAll("--$1");
    }
}
