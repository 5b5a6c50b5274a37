package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.report.ReportWriter;
import dev.mediagc.Settings;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.OrphanListFormat;
import dev.mediagc.ProgressListener;
import dev.mediagc.s3.inventory.Inventory;
import dev.mediagc.s3.inventory.InventoryListedStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        defaultValueProvider = ConfigFileDefaults.class,
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
class SweepCommand implements Callable<Integer> {

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

    @Option(names = "--inventory", paramLabel = "MANIFEST",
            description = "Read the s3:// store's listing from an S3 Inventory instead of listing the bucket: the "
                    + "manifest.json of one inventory, as s3://BUCKET/…/manifest.json or a local copy (CSV, ORC or "
                    + "Parquet). Objects written since the inventory are not in it and are never touched; the grace "
                    + "period counts from the inventory's date; each candidate is re-checked against the live bucket "
                    + "before acting.")
    String inventory;

    @Option(names = "--inventory-max-age", paramLabel = "DURATION",
            description = "Refuse an inventory older than this (e.g. 8d, 36h). Default: 8d (a weekly inventory and a day).")
    String inventoryMaxAge;

    /** The engine's settings (--min-age, --max-delete, …), made from its catalog. */
    @CommandLine.Mixin
    SettingOptions settings = new SettingOptions();

    @Option(names = "--list-orphans", paramLabel = "FILE",
            description = "Write every orphan's key to FILE, sorted (young orphans excluded): one per line unless "
                    + "--list-orphans-format says otherwise.")
    Path listOrphans;

    @Option(names = "--list-orphans-format", paramLabel = "lines|nul|jsonl",
            description = "How --list-orphans separates keys: lines (default; leaves out names holding a line "
                    + "separator, and says how many), nul (NUL-ended, for xargs -0; holds every name) or jsonl "
                    + "({\"key\":\"...\"} per line; holds every name).")
    String listOrphansFormat;

    @Option(names = "--plan", paramLabel = "FILE.jsonl.gz",
            description = "Write the candidates to FILE as a plan, to review ('mediagc plan show FILE', or zcat FILE | jq) "
                    + "and act on later with 'mediagc apply FILE' and the same settings. A dry run; FILE must not exist.")
    Path plan;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the full report as JSON.")
    Path report;

    @Option(names = "--report-html", paramLabel = "FILE.html",
            description = "Write the report as one self-contained web page to look at before applying: the outcome "
                    + "in plain words (and why a run was refused or failed), the key figures, orphans by folder (with "
                    + "drill-down) and by age, the guards' findings, dangling references, what was kept at the last "
                    + "moment, and a searchable table of every orphan. Open it in any browser, from disk or as an "
                    + "e-mail attachment: it makes no network request. Written for every run, refused and failed too.")
    Path reportHtml;

    @Option(names = "--config", paramLabel = "FILE.yml",
            description = "Read these settings from a YAML file: its keys are the flag names without the dashes (store "
                    + "options such as s3-endpoint too); single-value flags override it, list flags (--ref, --exclude, …) "
                    + "add to its lists.")
    Path config;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "Add a known application's references, derived rules and excludes (wordpress, activestorage, "
                    + "paperclip, laravel-medialibrary, drupal: 'mediagc presets' lists them, 'mediagc presets show NAME' "
                    + "prints the plain settings). Repeatable.")
    List<String> presets = new ArrayList<>();

    @Option(names = "--preset-param", paramLabel = "KEY=VALUE",
            description = "A preset's parameter, e.g. table-prefix=wp2_ (see 'mediagc presets'). Repeatable.")
    Map<String, String> presetParams = new LinkedHashMap<>();

    @Option(names = {"-v", "--verbose"}, description = "Log what each phase does on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        MediaGc.Builder builder = UsageException.beforeRun(this::configure);
        ProgressListener progress = ProgressPrinter.forTerminal();
        builder.progress(progress);

        SweepReport result;
        List<String> failureReasons;
        try (ObjectStore objectStore = UsageException.beforeRun(this::openStore)) {
            MediaGc sweep = UsageException.beforeRun(() -> builder.store(objectStore).load());
            result = run(sweep);
            failureReasons = result.failed().count() > 0 ? FailureReasons.of(objectStore, result.runId()) : List.of();
        }
        if (progress instanceof ProgressPrinter printer) {
            printer.clear();
        }
        String reportFile = report == null ? null : report.toString();
        if (reportFile != null) {
            ReportWriter.writeJson(result, Path.of(reportFile));
        }
        // The summary names settings as the engine does (`max-delete`); here they are flags (--max-delete).
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        ReportWriter.writeText(result, new PrintStream(text, true, java.nio.charset.StandardCharsets.UTF_8));
        PrintStream out = System.out;
        out.print(FlagWording.of(text.toString(java.nio.charset.StandardCharsets.UTF_8)));
        if (plan != null && result.outcome() == SweepReport.Outcome.DRY_RUN) {
            out.println("Plan written to " + plan + " (" + result.orphans().count() + " candidates). Review it with "
                    + "'mediagc plan show " + plan + "'; act on it with 'mediagc apply " + plan + "' and these settings.");
        }
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

    /** Runs the engine as this command asks: a sweep, or a dry run writing a plan. */
    SweepReport run(MediaGc engine) {
        return plan != null ? engine.plan(plan) : engine.sweep();
    }

    /** Whether this command acts whatever --apply says (apply does). */
    boolean impliesApply() {
        return false;
    }

    /** Settings of a subcommand beyond the sweep's, added to the builder last. */
    void configureMore(MediaGc.Builder builder) {
    }

    private ConfigFile configFile;

    /** The config file with the presets (named on the command line or in it) beneath it; read once. */
    ConfigFile file() {
        if (configFile == null) {
            ConfigFile read = config == null ? ConfigFile.EMPTY : ConfigFile.read(config);
            List<String> keys = fileKeys();
            read.requireKnownKeys(keys);
            for (CommandLine.Model.OptionSpec option : spec.options()) {
                if (!option.isMultiValue()) {
                    read.text(keyOf(option)); // a list where one value belongs is refused here, not ignored
                }
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (read.map("preset-params") != null) {
                params.putAll(read.map("preset-params"));
            }
            params.putAll(presetParams);
            Set<String> names = new LinkedHashSet<>(presets);
            if (read.list("preset") != null) {
                names.addAll(read.list("preset"));
            }
            for (String name : names) {
                Presets.Preset preset = Presets.named(name);
                read = read.withPreset(name, preset.settingsWith(paramsOf(preset, params)), keys);
            }
            configFile = read;
        }
        return configFile;
    }

    /** The config file's keys: every flag's name without the dashes, but those about the file or the run itself. */
    private List<String> fileKeys() {
        List<String> keys = new ArrayList<>();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String key = keyOf(option);
            if (!Set.of("config", "preset-param", "help", "version", "verbose", "plan").contains(key)) {
                keys.add(key);
            }
        }
        keys.add("preset-params");
        if (!keys.contains("max-plan-age")) {
            keys.add("max-plan-age"); // apply's, in the config file sweep and apply share
        }
        return keys;
    }

    static String keyOf(CommandLine.Model.OptionSpec option) {
        return option.longestName().replaceFirst("^--", "");
    }

    private boolean fileMerged;

    /**
     * Adds the config file's lists and flags to the command line's. A list flag adds to the
     * file's list (and a preset's) rather than replacing it: every list here keeps files
     * (references, rules, excludes) or finds more of them (prefixes), so dropping an entry
     * silently could lose live files. A flag on the command line is on; otherwise the file says.
     * Single values came from the file already, as defaults ({@link ConfigFileDefaults}).
     */
    void mergeTheFile() {
        if (fileMerged) {
            return;
        }
        fileMerged = true;
        ConfigFile file = file();
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        for (CommandLine.Model.OptionSpec option : spec.options()) {
            String key = keyOf(option);
            if (option.isMultiValue() && List.class.isAssignableFrom(option.type()) && file.list(key) != null) {
                List<String> given = option.getValue();
                Set<String> both = new LinkedHashSet<>(given == null ? List.of() : given);
                both.addAll(file.list(key));
                option.setValue(new ArrayList<>(both));
            } else if (option.arity().max() == 0 && option.type() == Boolean.class && file.text(key) != null
                    && (parsed == null || !parsed.hasMatchedOption(option))) {
                option.setValue(flagValue(key, file.text(key)));
            }
        }
    }

    /** The given parameters a preset declares (several presets may share a parameter name, or not). */
    private static Map<String, String> paramsOf(Presets.Preset preset, Map<String, String> given) {
        Map<String, String> own = new LinkedHashMap<>();
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

    private static Boolean flagValue(String key, String text) {
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("config file: '" + key + "' is true or false, not '" + text + "'");
        }
        return Boolean.parseBoolean(text);
    }

    /** Reads the flags and config file into a builder; every problem found here is a usage error. */
    private MediaGc.Builder configure() {
        mergeTheFile();
        if (db == null) {
            throw new IllegalArgumentException("missing --db JDBC_URL (the application's database)");
        }
        if (store == null) {
            throw new IllegalArgumentException("missing --store DIR (the media folder to sweep)");
        }
        if (refs.isEmpty() && refSqls.isEmpty() && !extractOptions.any()) {
            throw new IllegalArgumentException("name at least one reference: --ref TABLE.COLUMN or --ref-sql \"SELECT ...\"");
        }
        Map<String, Object> given = new LinkedHashMap<>(settings.given());
        if (plan != null && impliesApply()) {
            throw new IllegalArgumentException("--plan belongs to 'mediagc sweep'; 'mediagc apply PLAN' acts on a plan");
        }
        if (plan != null && Boolean.TRUE.equals(given.get("apply"))) {
            throw new IllegalArgumentException("--plan writes a plan in a dry run; drop --apply (or 'apply: true' from the "
                    + "config file), and act on the plan later with 'mediagc apply FILE'");
        }
        if (impliesApply()) {
            given.put("apply", Boolean.TRUE);
        }
        if (!Boolean.TRUE.equals(given.get("apply"))
                && (settings.onCommandLine("action") || settings.onCommandLine("remove-empty-dirs"))) {
            throw new IllegalArgumentException("--action and --remove-empty-dirs only take effect with --apply; "
                    + "add --apply to act, or drop them for a dry run");
        }
        MediaGc.Builder builder = MediaGc.configure()
                .dataSource(new JdbcUrlDataSource(db, dbUser, password(dbPasswordEnv)));
        Settings.applyTo(builder, given);
        refs.forEach(builder::reference);
        refSqls.forEach(builder::referenceQuery);
        extractOptions.applyTo(builder);
        if (listOrphans != null) {
            builder.orphanList(listOrphans,
                    listOrphansFormat == null ? OrphanListFormat.LINES : OrphanListFormat.parse(listOrphansFormat));
        } else if (listOrphansFormat != null) {
            throw new IllegalArgumentException("--list-orphans-format only takes effect with --list-orphans FILE; "
                    + "add it, or drop the format");
        }
        if (reportHtml != null) {
            builder.reportHtml(reportHtml);
        }
        configureMore(builder);
        return builder;
    }

    @CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    /** The store, listed from its S3 Inventory when --inventory names one. */
    private ObjectStore openStore() {
        if (inventory == null) {
            if (inventoryMaxAge != null) {
                throw new IllegalArgumentException("--inventory-max-age only takes effect with --inventory MANIFEST; "
                        + "add it, or drop the limit");
            }
            return storeOptions.open(store);
        }
        Duration maxAge = DurationParser.parse(inventoryMaxAge == null ? "8d" : inventoryMaxAge);
        if (!store.startsWith("s3://")) {
            throw new IllegalArgumentException("--inventory reads an S3 Inventory, which only an s3:// store has; "
                    + "drop it for " + store);
        }
        Inventory read = Inventory.open(inventory, storeOptions.asMap());
        ObjectStore live = null;
        try {
            live = storeOptions.open(store);
            return InventoryListedStore.over(live, read, maxAge, Clock.systemUTC());
        } catch (RuntimeException e) {
            read.close();
            if (live != null) {
                try {
                    live.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    @CommandLine.Mixin
    ExtractOptions extractOptions = new ExtractOptions();

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
}
