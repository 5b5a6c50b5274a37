package dev.mediagc;

/**
 * One setting of a sweep, as every front end offers it: named once, in kebab case, as the
 * command line's flag ({@code --max-delete}), the config file's key ({@code max-delete}), the
 * Spring Boot property ({@code mediagc.sweep.max-delete}) and the engine's messages
 * ({@code `max-delete`}). {@link Settings} lists them all and applies values to a {@link MediaGc.Builder}.
 *
 * @param name         the kebab-case name
 * @param kind         what values it takes, and so how a front end reads them
 * @param paramLabel   what a value looks like in usage text ({@code D}, {@code N}); empty for a flag
 * @param description  one or two sentences for usage text and documentation
 * @param defaultValue the value a sweep uses when none is given, typed as {@link Kind} says; null for none
 * @param defaultText  that default as a user writes it ({@code 24h}), or how its absence reads ({@code no limit})
 */
public record Setting(String name, Kind kind, String paramLabel, String description, Object defaultValue,
                      String defaultText) {

    /** The values a setting takes, and the Java type {@link Settings#parse} reads them into. */
    public enum Kind {
        /** On or off: {@link Boolean}; a flag without a value on the command line. */
        FLAG,
        /** A {@link java.time.Duration}, written {@code 90s}, {@code 15m}, {@code 6h}, {@code 7d} or ISO-8601. */
        DURATION,
        /** A {@link Double}. */
        NUMBER,
        /** A whole number: {@link Long}. */
        COUNT,
        /** One of a few words: {@link String}, lower case. */
        CHOICE,
        /** Several strings, {@code List<String>}; a repeatable flag, a YAML list. */
        LIST
    }

    /** Whether the setting takes several values. */
    public boolean repeatable() {
        return kind == Kind.LIST;
    }
}
