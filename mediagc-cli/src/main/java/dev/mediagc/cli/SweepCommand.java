package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.report.ReportWriter;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.Action;
import dev.mediagc.OrphanListFormat;
import dev.mediagc.ProgressListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Find orphaned files: a dry run unless --apply is given.",
            "",
            "Marks every file reference in the database, lists the store, and reports the objects no "
                + "reference names (orphans).",
            "",
            "Example:",
            "  mediagc sweep --db jdbc:postgresql://localhost/app --db-user app --db-password-env PGPASSWORD \\",
            "                --ref profile.avatar --ref document.file --store /var/www/media \\",
            "                --strip-prefix /media/ --list-orphans orphans.txt",
            ""},
        footer = {"",
            "Safety: nothing changes without --apply; objects younger than --min-age are never touched;",
            "if any reference source fails, nothing is changed; each candidate is re-checked against the",
            "database and the store just before acting; every move or delete is journaled in",
            "STORE/.mediagc/journal/, and 'mediagc restore RUN_ID' undoes a quarantine run.",
            ExitCode.SUMMARY})
final class SweepCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "JDBC_URL",
            description = "The application's database, e.g. jdbc:postgresql://host/app, jdbc:mariadb://host/app, "
                    + "jdbc:sqlite:/path/app.db, jdbc:h2:file:/path/app. Opened read-only.")
    String db;

    @Option(names = "--db-user", paramLabel = "U", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the database password (never pass it as a flag).")
    String dbPasswordEnv;

    @Option(names = "--ref", paramLabel = "TABLE.COLUMN",
            description = "A column holding file keys: TABLE.COLUMN or SCHEMA.TABLE.COLUMN; quote mixed case as "
                    + "'\"Media\".\"File\"'; reserved words (key, order) need no quotes. Repeatable.")
    List<String> refs = new ArrayList<>();

    @Option(names = "--ref-sql", paramLabel = "SELECT",
            description = "A query whose first column yields file keys, e.g. \"SELECT CONCAT(folder, '/', name) FROM media\" "
                    + "(CONCAT means the same on every database; || is OR on MySQL/MariaDB). Repeatable.")
    List<String> refSqls = new ArrayList<>();

    @Option(names = "--store", paramLabel = "DIR",
            description = "The media folder (its files' keys are their paths relative to it).")
    String store;

    @Option(names = "--strip-prefix", paramLabel = "P",
            description = "Removed from the front of references before matching, e.g. /media/ or "
                    + "https://cdn.example.com/media/. Repeatable.")
    List<String> stripPrefixes = new ArrayList<>();

    @Option(names = "--ignore-case", description = "Match case-insensitively (for case-insensitive stores).")
    Boolean ignoreCase;

    @Option(names = "--exclude", paramLabel = "GLOB",
            description = "Never treat matching objects as orphans: '*.tmp' (any folder), 'cache/**'. Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--derived", paramLabel = "RULE",
            description = "Keep files derived from referenced ones: 'DERIVED <- OWNER', e.g. "
                    + "'{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}' (thumbnail sizes) or "
                    + "'{path}/{style}/{name} <- {path}/original/{name}' (style folders). A file matching DERIVED is "
                    + "kept while OWNER is referenced. Repeatable; see README 'Derived files'.")
    List<String> derivedRules = new ArrayList<>();

    @Option(names = "--min-age", paramLabel = "D",
            description = "Grace period: objects younger than this are kept (uploads in flight). Default 24h. "
                    + "Examples: 90s, 15m, 6h, 7d.")
    String minAge;

    @Option(names = "--apply", description = "Act on the orphans. Without it nothing changes.")
    Boolean apply;

    @Option(names = "--action", paramLabel = "quarantine|delete",
            description = "With --apply: quarantine (default; move under STORE/.mediagc/quarantine/RUN_ID/, "
                    + "undo with 'mediagc restore') or delete. Either way candidates are first moved out of place, "
                    + "then a second complete mark puts back any a row names now; delete then removes the rest.")
    String action;

    @Option(names = "--remove-empty-dirs", description = "With --apply: remove folders left empty (never the root).")
    Boolean removeEmptyDirs;

    @Option(names = "--list-orphans", paramLabel = "FILE",
            description = "Write every orphan's key to FILE, sorted (young orphans excluded): one per line unless "
                    + "--list-orphans-format says otherwise.")
    Path listOrphans;

    @Option(names = "--list-orphans-format", paramLabel = "lines|nul|jsonl",
            description = "How --list-orphans separates keys: lines (default; leaves out names holding a line "
                    + "separator, and says how many), nul (NUL-ended, for xargs -0; holds every name) or jsonl "
                    + "({\"key\":\"...\"} per line; holds every name).")
    String listOrphansFormat;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the full report as JSON.")
    Path report;

    @Option(names = "--config", paramLabel = "FILE.yml",
            description = "Read these settings from a YAML file (keys are the flag names); single-value flags override "
                    + "it, list flags (--ref, --exclude, …) add to its lists.")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Add a known application's references, derived rules and excludes (wordpress, activestorage, "
                    + "paperclip, laravel-medialibrary, drupal: 'mediagc presets' lists them, 'mediagc presets show NAME' "
                    + "prints the plain settings). Repeatable.")
    List<String> presets = new ArrayList<>();

    @Option(names = "--preset-param", paramLabel = "KEY=VALUE",
            description = "A preset's parameter, e.g. table-prefix=wp2_ (see 'mediagc presets'). Repeatable.")
    java.util.Map<String, String> presetParams = new java.util.LinkedHashMap<>();

    @Option(names = "--allow-empty-source",
            description = "Accept a reference source that returns no values (normally a sign of the wrong database).")
    Boolean allowEmptySource;

    @Option(names = "--query-timeout", paramLabel = "D",
            description = "Fail the run if one reference query takes longer than this. Default: no limit.")
    String queryTimeout;

    @Option(names = "--max-orphan-ratio", paramLabel = "R",
            description = "Refuse to act (exit 3) when orphans exceed this share of all objects. Default 0.5.")
    Double maxOrphanRatio;

    @Option(names = "--max-delete", paramLabel = "N",
            description = "Refuse to act (exit 3) when there are more than N orphans. Default: no limit.")
    Long maxDelete;

    @Option(names = "--force",
            description = "Act although a source yields under half its keys of the last run, orphans jumped, "
                    + "or --min-age is under 1h. Only after a human looked at the orphan list.")
    Boolean force;

    @Option(names = "--rebind",
            description = "Act although this store was first swept against another database, and bind it to this one.")
    Boolean rebind;

    @Option(names = "--batch-size", paramLabel = "N",
            description = "Orphans re-verified and acted on per batch (and per journal sync). Default 500.")
    Integer batchSize;

    @Option(names = {"-v", "--verbose"}, description = "Log what each phase does on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        MediaGc.Builder builder = UsageException.beforeRun(this::configure);
        ProgressListener progress = ProgressPrinter.forTerminal();
        builder.progress(progress);

        SweepReport result;
        List<String> failureReasons;
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(first(store, file().store())))) {
            MediaGc sweep = UsageException.beforeRun(() -> builder.store(objectStore).load());
            result = sweep.sweep();
            failureReasons = result.failed().count() > 0 ? FailureReasons.of(objectStore, result.runId()) : List.of();
        }
        if (progress instanceof ProgressPrinter printer) {
            printer.clear();
        }
        String reportFile = first(report == null ? null : report.toString(), file().report());
        if (reportFile != null) {
            ReportWriter.writeJson(result, Path.of(reportFile));
        }
        // The summary names settings as the engine does (`max-delete`); here they are flags (--max-delete).
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        ReportWriter.writeText(result, new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
        PrintStream out = System.out;
        out.print(FlagWording.of(text.toString(java.nio.charset.StandardCharsets.UTF_8)));
        out.flush();
        return switch (result.outcome()) {
            case DRY_RUN -> ExitCode.OK;
            case APPLIED -> {
                if (result.failed().count() == 0) {
                    yield ExitCode.OK;
                }
                System.err.println("mediagc: applied, but " + result.failed().count() + " action(s) failed; those files "
                        + "are still in place. First reasons: " + String.join("; ", failureReasons));
                yield ExitCode.ACTIONS_FAILED;
            }
            case REFUSED -> ExitCode.REFUSED;
            case FAILED -> {
                System.err.println("mediagc: " + FlagWording.of(result.reason()));
                yield ExitCode.ERROR;
            }
        };
    }

    private ConfigFile configFile;

    private ConfigFile file() {
        if (configFile == null) {
            ConfigFile read = config == null ? ConfigFile.EMPTY : ConfigFile.read(config);
            java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
            if (read.presetParams() != null) {
                params.putAll(read.presetParams());
            }
            params.putAll(presetParams);
            java.util.Set<String> names = new java.util.LinkedHashSet<>(presets);
            if (read.preset() != null) {
                names.addAll(read.preset());
            }
            for (String name : names) {
                Presets.Preset preset = Presets.named(name);
                read = read.withPreset(name, preset.settingsWith(paramsOf(preset, params)));
            }
            configFile = read;
        }
        return configFile;
    }

    /** The given parameters a preset declares (several presets may share a parameter name, or not). */
    private static java.util.Map<String, String> paramsOf(Presets.Preset preset, java.util.Map<String, String> given) {
        java.util.Map<String, String> own = new java.util.LinkedHashMap<>();
        preset.parameters().forEach(p -> {
            if (given.containsKey(p.name())) {
                own.put(p.name(), given.get(p.name()));
            }
        });
        return own;
    }


    /**
     * The builder {@code mediagc sweep --config FILE} makes from {@code file} alone (no other flag):
     * discover measures its proposal through this very path, so what it measures is what a sweep
     * reads. No store is opened; a problem in the file is an IllegalArgumentException.
     */
    static MediaGc.Builder builderFromConfig(Path file) {
        SweepCommand command = new SweepCommand();
        new CommandLine(command).parseArgs("--config", file.toString());
        return command.configure();
    }

    /** Reads the flags and config file into a builder; every problem found here is a usage error. */
    private MediaGc.Builder configure() {
        ConfigFile file = file();
        String url = first(db, file.db());
        String storeLocation = first(store, file.store());
        List<String> columns = firstList(refs, file.ref());
        List<String> queries = firstList(refSqls, file.refSql());
        if (url == null) {
            throw new IllegalArgumentException("missing --db JDBC_URL (the application's database)");
        }
        if (storeLocation == null) {
            throw new IllegalArgumentException("missing --store DIR (the media folder to sweep)");
        }
        if (columns.isEmpty() && queries.isEmpty() && !extractOptions.any(file)) {
            throw new IllegalArgumentException("name at least one reference: --ref TABLE.COLUMN or --ref-sql \"SELECT ...\"");
        }
        boolean applying = Boolean.TRUE.equals(first(apply, file.apply()));
        Action chosenAction = parseAction(first(action, file.action()));
        if (!applying && (action != null || Boolean.TRUE.equals(removeEmptyDirs))) {
            throw new IllegalArgumentException("--action and --remove-empty-dirs only take effect with --apply; "
                    + "add --apply to act, or drop them for a dry run");
        }

        MediaGc.Builder builder = MediaGc.configure()
                .dataSource(new JdbcUrlDataSource(url, first(dbUser, file.dbUser()),
                        password(first(dbPasswordEnv, file.dbPasswordEnv()))))
                .stripPrefix(firstList(stripPrefixes, file.stripPrefix()).toArray(String[]::new))
                .ignoreCase(Boolean.TRUE.equals(first(ignoreCase, file.ignoreCase())))
                .exclude(firstList(excludes, file.exclude()).toArray(String[]::new))
                .minAge(DurationParser.parse(first(minAge, file.minAge(), "24h")))
                .queryTimeout(DurationParser.parse(first(queryTimeout, file.queryTimeout(), "0")))
                .allowEmptySource(Boolean.TRUE.equals(first(allowEmptySource, file.allowEmptySource())))
                .removeEmptyFolders(Boolean.TRUE.equals(first(removeEmptyDirs, file.removeEmptyDirs())))
                .force(Boolean.TRUE.equals(first(force, file.force())))
                .rebind(Boolean.TRUE.equals(first(rebind, file.rebind())))
                .maxOrphanRatio(first(maxOrphanRatio, file.maxOrphanRatio(), 0.5))
                .batchSize(first(batchSize, file.batchSize(), MediaGc.DEFAULT_BATCH_SIZE));
        Long deleteCap = first(maxDelete, file.maxDelete());
        if (deleteCap != null) {
            builder.maxDelete(deleteCap);
        }
        firstList(derivedRules, file.derived()).forEach(builder::derived);
        columns.forEach(builder::reference);
        queries.forEach(builder::referenceQuery);
        extractOptions.applyTo(builder, file);
        if (applying) {
            builder.apply(chosenAction);
        }
        String orphanList = first(listOrphans == null ? null : listOrphans.toString(), file.listOrphans());
        String orphanListFormat = first(listOrphansFormat, file.listOrphansFormat());
        if (orphanList != null) {
            builder.orphanList(Path.of(orphanList),
                    orphanListFormat == null ? OrphanListFormat.LINES : OrphanListFormat.parse(orphanListFormat));
        } else if (orphanListFormat != null) {
            throw new IllegalArgumentException("--list-orphans-format only takes effect with --list-orphans FILE; "
                    + "add it, or drop the format");
        }
        return builder;
    }

    @CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @CommandLine.Mixin
    ExtractOptions extractOptions = new ExtractOptions();

    private static Action parseAction(String text) {
        if (text == null) {
            return Action.QUARANTINE;
        }
        try {
            return Action.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--action must be quarantine or delete, not '" + text + "'");
        }
    }

    /** The password held by the environment variable {@code --db-password-env} names; never a flag's value. */
    static String password(String variable) {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new IllegalArgumentException("--db-password-env names " + variable
                    + ", but that environment variable is not set; export it first");
        }
        return value;
    }

    @SafeVarargs
    private static <T> T first(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * A list flag adds to the file's list (and a preset's) rather than replacing it: every list
     * here keeps files (references, rules, excludes) or finds more of them (prefixes), so
     * dropping an entry silently could lose live files.
     */
    static List<String> firstList(List<String> flags, List<String> fromFile) {
        java.util.LinkedHashSet<String> both = new java.util.LinkedHashSet<>(flags);
        if (fromFile != null) {
            both.addAll(fromFile);
        }
        return List.copyOf(both);
    }
}
