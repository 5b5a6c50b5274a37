package dev.mediagc;

import dev.mediagc.internal.config.NearestName;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every setting of a sweep, each declared once with its type, default, description and check, so
 * the command line, its config file and the Spring Boot starter offer the same settings under the
 * same names with the same defaults. Values are applied to a {@link MediaGc.Builder} by name:
 *
 * <pre>{@code
 * Settings.applyTo(MediaGc.configure(), Map.of("min-age", "6h", "max-delete", 1000L, "exclude", List.of("*.tmp")));
 * }</pre>
 *
 * <p>References, the database and the store are not settings: each front end names them its own way.
 */
public final class Settings {

    private Settings() {
    }

    /** Every setting, in the order usage text lists them. */
    public static List<Setting> all() {
        return SettingCatalog.settings();
    }

    public static Optional<Setting> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The value of setting {@code name} read from {@code value}: text as written on a command line
     * or in a config file ({@code "6h"}), or a value already of the setting's type (a
     * {@link java.time.Duration}, a list). Checked as the engine checks it.
     *
     * @throws IllegalArgumentException naming the setting as {@code `name`}, or naming the setting
     *                                  nearest an unknown name
     */
    public static Object parse(String name, Object value) {
        return SettingCatalog.parse(name, value);
    }

    /**
     * Applies the given values, by setting name, to {@code builder}; a setting not given keeps its
     * default. {@code apply} acts with {@code action} (default quarantine).
     *
     * @throws IllegalArgumentException for an unknown name or a value the setting refuses, naming it
     */
    public static MediaGc.Builder applyTo(MediaGc.Builder builder, Map<String, ?> values) {
        return SettingCatalog.applyTo(builder, values);
    }

    /** The name in {@code known} closest to {@code name}, for "did you mean" hints; empty when none is close. */
    public static Optional<String> nearest(String name, java.util.Collection<String> known) {
        return NearestName.of(name, known);
    }
}
