package dev.mediagc;

import dev.mediagc.Setting.Kind;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.config.NearestName;
import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.guard.SafetySettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The one declaration of every sweep setting: name, kind, default, description, the check its
 * value must pass and the builder call it makes. The command line generates its flags from it, the
 * config file's keys are those flags, and the Spring Boot starter binds its properties through it.
 */
final class SettingCatalog {

    /** A setting with what the engine does with its value. */
    private record Entry(Setting setting, Set<String> choices, Consumer<Object> check,
                         BiConsumer<MediaGc.Builder, Object> apply) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        list("strip-prefix", "P", "Removed from the front of references before matching, e.g. /media/ or "
                + "https://cdn.example.com/media/.", (b, v) -> b.stripPrefix(strings(v)));
        flag("ignore-case", "Match ignoring letter case. A local store on a case-folding file system (macOS, Windows) is matched so without it.", MediaGc.Builder::ignoreCase);
        list("exclude", "GLOB", "Never treat matching objects as orphans: without / a glob matches the file name at "
                + "any depth ('*.tmp'), with / the whole key ('cache/**').",
                (b, v) -> b.exclude(strings(v)));
        declare(new Setting("derived", Kind.LIST, "RULE", "Keep files derived from referenced ones: "
                        + "'DERIVED <- OWNER', e.g. '{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}' (thumbnail sizes) or "
                        + "'{path}/{style}/{name} <- {path}/original/{name}' (style folders). A file matching DERIVED is "
                        + "kept while OWNER is referenced; see README 'Derived files'.", List.of(), "none"),
                Set.of(), v -> List.of(strings(v)).forEach(DerivedRule::parse), (b, v) -> List.of(strings(v)).forEach(b::derived));
        declare(new Setting("min-age", Kind.DURATION, "D", "Grace period: objects younger than this are kept "
                        + "(uploads in flight), e.g. 90s, 15m, 6h, 7d. Under 1h needs `force`.",
                        MediaGc.DEFAULT_MIN_AGE, "24h"),
                Set.of(), v -> atLeast("min-age", (Duration) v, Duration.ZERO), (b, v) -> b.minAge((Duration) v));
        flag("apply", "Act on the orphans. Without it nothing changes: a dry run.", null);
        declare(new Setting("action", Kind.CHOICE, "quarantine|delete", "With `apply`: quarantine (move under "
                        + "STORE/.mediagc/quarantine/RUN_ID/, undo with 'mediagc restore') or delete. Either way "
                        + "candidates are first moved out of place, then a second complete mark puts back any a row "
                        + "names now; delete then removes the rest.", "quarantine", "quarantine"),
                Set.of("quarantine", "delete"), v -> { }, null);
        flag("remove-empty-dirs", "With `apply`: remove folders left empty, and empty folders older than `min-age`; "
                + "never the root.",
                MediaGc.Builder::removeEmptyFolders);
        flag("allow-empty-source",
                "Accept a reference source that returns no values (normally a sign of the wrong database).",
                MediaGc.Builder::allowEmptySource);
        declare(new Setting("query-timeout", Kind.DURATION, "D",
                        "Fail the run if one reference query takes longer than this; 0 for no limit.", Duration.ZERO, "0"),
                Set.of(), v -> atLeast("query-timeout", (Duration) v, Duration.ZERO),
                (b, v) -> b.queryTimeout((Duration) v));
        declare(new Setting("max-orphan-ratio", Kind.NUMBER, "R",
                        "Refuse to act (exit 3) when orphans exceed this share of all objects.",
                        SafetySettings.DEFAULT_MAX_ORPHAN_RATIO, "0.5"),
                Set.of(), v -> {
                    double ratio = (Double) v;
                    if (!(ratio > 0 && ratio <= 1)) {
                        throw new IllegalArgumentException("`max-orphan-ratio` must be above 0 and at most 1, not " + ratio);
                    }
                }, (b, v) -> b.maxOrphanRatio((Double) v));
        declare(new Setting("max-delete", Kind.COUNT, "N", "Refuse to act (exit 3) when there are more than N orphans.",
                        null, "no limit"),
                Set.of(), v -> atLeast("max-delete", (Long) v, 0), (b, v) -> b.maxDelete((Long) v));
        flag("force", "Act although a source yields under half its keys of the last run, orphans jumped, or "
                + "`min-age` is under 1h. Only after a human looked at the orphan list.", MediaGc.Builder::force);
        flag("rebind", "Act although this store was first swept against another database, and bind it to this one.",
                MediaGc.Builder::rebind);
        declare(new Setting("batch-size", Kind.COUNT, "N",
                        "Orphans re-verified and acted on per batch (and per journal sync).",
                        (long) MediaGc.DEFAULT_BATCH_SIZE, String.valueOf(MediaGc.DEFAULT_BATCH_SIZE)),
                Set.of(), v -> {
                    atLeast("batch-size", (Long) v, 1);
                    if ((Long) v > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException("`batch-size` is " + v + "; use e.g. 500");
                    }
                }, (b, v) -> b.batchSize(((Long) v).intValue()));
        declare(new Setting("lease-duration", Kind.DURATION, "D",
                        "How long the store's sweep lock lasts without a heartbeat; at least 10s.",
                        SafetySettings.DEFAULT_LEASE, "60s"),
                Set.of(), v -> atLeast("lease-duration", (Duration) v, Duration.ofSeconds(10)),
                (b, v) -> b.leaseDuration((Duration) v));
    }

    private SettingCatalog() {
    }

    private static void declare(Setting setting, Set<String> choices, Consumer<Object> check,
                                BiConsumer<MediaGc.Builder, Object> apply) {
        ENTRIES.put(setting.name(), new Entry(setting, choices, check, apply));
    }

    private static void flag(String name, String description, BiConsumer<MediaGc.Builder, Boolean> apply) {
        declare(new Setting(name, Kind.FLAG, "", description, false, "off"), Set.of(), v -> { },
                apply == null ? null : (b, v) -> apply.accept(b, (Boolean) v));
    }

    private static void list(String name, String label, String description, BiConsumer<MediaGc.Builder, Object> apply) {
        declare(new Setting(name, Kind.LIST, label, description, List.of(), "none"), Set.of(), v -> { }, apply);
    }

    public static List<Setting> settings() {
        return ENTRIES.values().stream().map(Entry::setting).toList();
    }

    public static Object parse(String name, Object value) {
        Entry entry = entry(name);
        Object typed = typed(entry, value);
        entry.check().accept(typed);
        return typed;
    }

    public static MediaGc.Builder applyTo(MediaGc.Builder builder, Map<String, ?> values) {
        Map<String, Object> parsed = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                parsed.put(name, parse(name, value));
            }
        });
        parsed.forEach((name, value) -> {
            BiConsumer<MediaGc.Builder, Object> apply = ENTRIES.get(name).apply();
            if (apply != null) {
                apply.accept(builder, value);
            }
        });
        if (Boolean.TRUE.equals(parsed.get("apply"))) {
            String action = (String) parsed.getOrDefault("action", entry("action").setting().defaultValue());
            builder.apply(Action.valueOf(action.toUpperCase(Locale.ROOT)));
        }
        return builder;
    }

    private static Entry entry(String name) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("no setting is called `" + name + "`"
                    + NearestName.of(name, ENTRIES.keySet()).map(n -> "; did you mean `" + n + "`?").orElse(""));
        }
        return entry;
    }

    /** Text as written on a command line or in a file, or a value of the setting's type already. */
    private static Object typed(Entry entry, Object value) {
        String name = entry.setting().name();
        String text = value instanceof String s ? s.strip() : null;
        try {
            return switch (entry.setting().kind()) {
                case FLAG -> {
                    if (value instanceof Boolean b) {
                        yield b;
                    }
                    if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                        yield Boolean.parseBoolean(text);
                    }
                    throw new IllegalArgumentException("`" + name + "` is true or false, not '" + value + "'");
                }
                case DURATION -> value instanceof Duration d ? d : DurationParser.parse(String.valueOf(value));
                case NUMBER -> value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value));
                case COUNT -> value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).strip());
                case CHOICE -> {
                    String choice = String.valueOf(value).strip().toLowerCase(Locale.ROOT);
                    if (!entry.choices().contains(choice)) {
                        throw new IllegalArgumentException("`" + name + "` must be "
                                + String.join(" or ", entry.setting().paramLabel().split("\\|")) + ", not '" + value + "'");
                    }
                    yield choice;
                }
                case LIST -> value instanceof Collection<?> c ? c.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("`" + name + "` takes a number, not '" + value + "'");
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.contains("`" + name + "`") ? message : "`" + name + "`: " + message, e);
        }
    }

    private static String[] strings(Object list) {
        @SuppressWarnings("unchecked")
        List<String> strings = (List<String>) list;
        return strings.toArray(String[]::new);
    }

    private static void atLeast(String name, Duration value, Duration least) {
        if (value.compareTo(least) < 0) {
            throw new IllegalArgumentException("`" + name + "` must be at least " + DurationParser.format(least)
                    + ", not " + value);
        }
    }

    private static void atLeast(String name, long value, long least) {
        if (value < least) {
            throw new IllegalArgumentException("`" + name + "` must be at least " + least + ", not " + value);
        }
    }

}
