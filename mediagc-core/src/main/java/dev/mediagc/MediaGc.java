package dev.mediagc;

import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.internal.guard.DatabaseIdentity;
import dev.mediagc.internal.guard.SafetySettings;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.ExtractingReference;
import dev.mediagc.internal.reference.extract.JsonExtractor;
import dev.mediagc.internal.reference.extract.JsonPath;
import dev.mediagc.internal.reference.extract.PhpSerializedExtractor;
import dev.mediagc.internal.reference.extract.TextExtractor;
import dev.mediagc.spi.ValueExtractor;
import dev.mediagc.internal.reference.extract.WordPressAttachmentExtractor;
import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.internal.reference.SqlIdentifier;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.internal.sweep.SweepSettings;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.internal.sweep.Sweeper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The front door. Configure once, load, then sweep (a dry run unless told to apply):
 *
 * <pre>{@code
 * SweepReport report = MediaGc.configure()
 *         .dataSource(dataSource)
 *         .reference("profile", "avatar")
 *         .referenceQuery("SELECT CONCAT(folder, '/', name) FROM media")
 *         .store(Stores.local(Path.of("/var/www/media")))
 *         .minAge(Duration.ofHours(24))
 *         .load()
 *         .sweep();
 * }</pre>
 */
public final class MediaGc {

    /** The grace period: objects younger than this may be uploads whose row has not committed yet. */
    public static final Duration DEFAULT_MIN_AGE = Duration.ofHours(24);
    /** Candidates verified and acted on per batch (and per journal sync). */
    public static final int DEFAULT_BATCH_SIZE = 500;

    private final SweepSettings settings;
    /** The application's database, when references are read from one: asked whether mediagc could write. */
    private final DataSource dataSource;

    /** How old a plan may be when applied; see {@link Builder#maxPlanAge(Duration)}. */
    private Duration maxPlanAge = Sweeper.DEFAULT_MAX_PLAN_AGE;

    private MediaGc(SweepSettings settings, DataSource dataSource) {
        this.settings = settings;
        this.dataSource = dataSource;
    }

    public static Builder configure() {
        return new Builder();
    }

    /**
     * Proposes the reference columns, before there is a configuration: set the schema, the rows
     * read per column and the keys kept, then {@code run()}. It reads only (read-only
     * transactions, a listing of the store) and changes nothing; what it returns is a proposal to
     * review, since it cannot see references built from several columns, keys inside JSON or HTML,
     * or derived files:
     *
     * <pre>{@code
     * Discovery.Result found = MediaGc.discover(dataSource, Stores.local(Path.of("/var/www/media")))
     *         .schema("public")
     *         .sampleRows(1000)
     *         .run();
     * found.proposed();   // each with reference(), hitRatio(), sampled(), samples(); weak() the doubtful ones
     * found.prefixes();   // for stripPrefix(...)
     * }</pre>
     */
    public static Discovery discover(DataSource dataSource, ObjectStore store) {
        return new Discovery(new ColumnDiscovery(Objects.requireNonNull(dataSource, "dataSource"),
                Objects.requireNonNull(store, "store")));
    }

    /** The settings the engine runs with; package-private, so the catalog's tests can read them. */
    SweepSettings settings() {
        return settings;
    }

    /** Runs one sweep. Never throws for a failed run: the report's outcome and reason say why. */
    public SweepReport sweep() {
        return finish(new Sweeper(settings));
    }

    private SweepReport finish(Sweeper sweeper) {
        return sweeper.beforeReporting(this::lastWarnings).runStillOpen().freeze();
    }

    private void lastWarnings(RunningReport report) {
        if (dataSource != null && report.outcome() != SweepReport.Outcome.FAILED) {
            dev.mediagc.internal.reference.DatabaseAccess.writeWarning(dataSource).ifPresent(report::warn);
        }
    }

    /**
     * A dry run that also writes its candidates to {@code planFile} (gzip-compressed JSON Lines, see
     * the README's "Plan and apply"), for people to review and for {@link #apply(Path)} to act on.
     * Whatever action is configured, nothing in the store changes. The file must not exist yet.
     */
    public SweepReport plan(Path planFile) {
        Objects.requireNonNull(planFile, "planFile");
        return finish(new Sweeper(settings.withAction(null)).writingPlan(planFile));
    }

    /**
     * Acts on exactly the candidates of {@code planFile}, with the configured action (quarantine
     * when none is configured). Refuses a plan made for another store, database or settings, or
     * older than {@code max-plan-age}; each candidate is looked up in a fresh complete mark,
     * re-statted (kept when it changed since the plan), and then verified and acted on as a sweep
     * would, behind the same guards, lease and journal. Never throws for a failed run.
     */
    public SweepReport apply(Path planFile) {
        Objects.requireNonNull(planFile, "planFile");
        SweepSettings acting = settings.dryRun() ? settings.withAction(Action.QUARANTINE) : settings;
        return finish(new Sweeper(acting).applyingPlan(planFile, maxPlanAge));
    }

    /**
     * Writes plan {@code planFile} as the HTML page a sweep writes with {@link Builder#reportHtml}: its
     * candidates as the orphans of the dry run that made it, by folder and age, and the figures and
     * warnings its header kept. Reads the whole plan, so a plan cut short fails here.
     */
    public static void writePlanPage(Path planFile, Path page) throws IOException {
        PlanPage.write(Objects.requireNonNull(planFile, "planFile"), Objects.requireNonNull(page, "page"));
    }

    /** What plan {@code planFile} holds: its header, counts, bytes, biggest folders and samples. */
    public static PlanSummary describePlan(Path planFile) throws IOException {
        return dev.mediagc.internal.plan.PlanSummaries.of(planFile);
    }

    /**
     * What this configuration explains of the store: each listed object judged as a sweep would,
     * into referenced, kept by a derived rule, excluded or unexplained. Marks and lists only: no
     * lock, binding, figures, journal or report is written, whatever the action configured.
     */
    public StoreCoverage coverage() throws IOException, dev.mediagc.MarkIncompleteException {
        return dev.mediagc.internal.discover.Coverage.measure(settings);
    }

    /** {@link #coverage()} over the given keys (a sample of the store's) instead of a listing. */
    public StoreCoverage coverage(Iterable<String> sampledKeys)
            throws dev.mediagc.MarkIncompleteException {
        return dev.mediagc.internal.discover.Coverage.measureSample(settings, sampledKeys);
    }

    /**
     * The quarantine runs of {@code store}, to list, restore or purge: no database, no references.
     */
    public static QuarantineRuns runs(ObjectStore store) {
        return new QuarantineRuns(store, Clock.systemUTC());
    }

    /**
     * The reports {@code store} keeps of its applied-mode runs, and the pages made from them (one
     * past run's, the trend across runs): no database, no references.
     */
    public static RunReports reports(ObjectStore store) {
        return new RunReports(store);
    }

    /** Puts back what quarantine run {@code runId} moved. */
    public RestoreResult restore(String runId) throws IOException {
        return new QuarantineRuns(settings.store(), settings.clock()).restore(runId);
    }

    /**
     * Deletes for good the quarantine runs older than {@code age}, under the sweep lock; runs whose
     * journal has no end record are left alone unless {@code includeUnfinished}.
     */
    public PurgeResult purge(Duration age, boolean includeUnfinished)
            throws IOException, dev.mediagc.GuardRefusal {
        return new QuarantineRuns(settings.store(), settings.clock()).purge(age, includeUnfinished);
    }

    /** Collects the settings of a sweep; every setting has a safe default. */
    public static final class Builder {
        private DataSource dataSource;
        private final List<Object> references = new ArrayList<>();
        private ObjectStore store;
        private final List<String> stripPrefixes = new ArrayList<>();
        private boolean ignoreCase;
        private final List<String> excludes = new ArrayList<>();
        private final List<DerivedRule> derivedRules = new ArrayList<>();
        private Duration minAge = DEFAULT_MIN_AGE;
        private Action action;
        private boolean removeEmptyFolders;
        private Path orphanList;
        private OrphanListFormat orphanListFormat = OrphanListFormat.LINES;
        private Path reportHtml;
        private boolean allowEmptySource;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration queryTimeout = Duration.ZERO;
        private ProgressListener progress = ProgressListener.NONE;
        private Clock clock = Clock.systemUTC();
        private double maxOrphanRatio = SafetySettings.DEFAULT_MAX_ORPHAN_RATIO;
        private long maxActions = -1;
        private boolean force;
        private boolean rebind;
        private Duration leaseDuration = SafetySettings.DEFAULT_LEASE;
        private final List<String> textPrefixes = new ArrayList<>();
        private boolean allowUnreadableValues;

        /** A column ({@code column}) or query ({@code sql}) whose values hold keys inside them. */
        private record Extracted(SqlIdentifier column, String sql, Function<List<String>, ValueExtractor> extractor) {
        }

        private Builder() {
        }

        /** The application's database; connections are opened read-only. */
        public Builder dataSource(DataSource dataSource) {
            this.dataSource = dataSource;
            return this;
        }

        /** Every value of {@code table.column} is a reference. */
        public Builder reference(String table, String column) {
            return reference(table + "." + column);
        }

        /** {@code TABLE.COLUMN} or {@code SCHEMA.TABLE.COLUMN}; quote mixed-case names: {@code "Media"."File"}. */
        public Builder reference(String qualifiedColumn) {
            references.add(SqlIdentifier.parseColumn(qualifiedColumn));
            return this;
        }

        /** The first column of every row of {@code sql} is a reference. */
        public Builder referenceQuery(String sql) {
            references.add(sql);
            return this;
        }

        /**
         * The keys a JSON path selects inside every value of a column holding JSON (text, json,
         * jsonb), e.g. {@code referenceJson("post.gallery", "$.images[*].path")}.
         */
        public Builder referenceJson(String qualifiedColumn, String jsonPath) {
            JsonPath path = JsonPath.parse(jsonPath);
            references.add(new Extracted(SqlIdentifier.parseColumn(qualifiedColumn), null, prefixes -> new JsonExtractor(path)));
            return this;
        }

        /** {@link #referenceJson} over the first column of every row of {@code sql}. */
        public Builder referenceQueryJson(String sql, String jsonPath) {
            JsonPath path = JsonPath.parse(jsonPath);
            references.add(new Extracted(null, sql, prefixes -> new JsonExtractor(path)));
            return this;
        }

        /** The strings under {@code key}, at any depth, inside every PHP-serialized value of a column. */
        public Builder referencePhpSerialized(String qualifiedColumn, String key) {
            PhpSerializedExtractor extractor = new PhpSerializedExtractor(key);
            references.add(new Extracted(SqlIdentifier.parseColumn(qualifiedColumn), null, prefixes -> extractor));
            return this;
        }

        /** {@link #referencePhpSerialized} over the first column of every row of {@code sql}. */
        public Builder referenceQueryPhpSerialized(String sql, String key) {
            PhpSerializedExtractor extractor = new PhpSerializedExtractor(key);
            references.add(new Extracted(null, sql, prefixes -> extractor));
            return this;
        }

        /**
         * Every file of the WordPress {@code _wp_attachment_metadata} values the query yields: the
         * upload and its sizes, named relative to its folder (see {@link WordPressAttachmentExtractor}).
         */
        public Builder referenceQueryWordPressAttachments(String sql) {
            references.add(new Extracted(null, sql, prefixes -> new WordPressAttachmentExtractor()));
            return this;
        }

        /** {@link #referenceQueryWordPressAttachments} over every value of a column. */
        public Builder referenceWordPressAttachments(String qualifiedColumn) {
            references.add(new Extracted(SqlIdentifier.parseColumn(qualifiedColumn), null,
                    prefixes -> new WordPressAttachmentExtractor()));
            return this;
        }

        /**
         * The media an HTML or Markdown body in every value of a column links to ({@code src},
         * {@code srcset}, {@code href}, CSS {@code url()}, Markdown links), under a
         * {@linkplain #textPrefix text prefix}.
         */
        public Builder referenceText(String qualifiedColumn) {
            references.add(new Extracted(SqlIdentifier.parseColumn(qualifiedColumn), null, TextExtractor::new));
            return this;
        }

        /** {@link #referenceText} over the first column of every row of {@code sql}. */
        public Builder referenceQueryText(String sql) {
            references.add(new Extracted(null, sql, TextExtractor::new));
            return this;
        }

        /**
         * Where the store's root is served, for text references: a URL or path in a body counts only
         * under one of these, e.g. {@code https://cdn.example.com/media/}. Default: the strip prefixes.
         */
        public Builder textPrefix(String... prefixes) {
            textPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /**
         * Skip values an extracting reference cannot read (bad JSON, a truncated serialization),
         * counting them in the report, instead of failing the mark. Files only they name are then
         * listed as orphans.
         */
        public Builder allowUnreadableValues(boolean allow) {
            this.allowUnreadableValues = allow;
            return this;
        }

        /** A reference source of the application's own, e.g. one derived from an ORM mapping. */
        public Builder referenceSource(ReferenceSource source) {
            references.add(Objects.requireNonNull(source));
            return this;
        }

        public Builder store(ObjectStore store) {
            this.store = store;
            return this;
        }

        /** Removed from the front of references and keys before matching, e.g. {@code /media/}. */
        public Builder stripPrefix(String... prefixes) {
            stripPrefixes.addAll(List.of(prefixes));
            return this;
        }

        /**
         * Match ignoring letter case, for stores that ignore it. A store that says it folds case
         * ({@code ObjectStore.letterCase()}, a local folder on macOS or Windows) is matched so
         * without it; this spares the probe.
         */
        public Builder ignoreCase(boolean ignoreCase) {
            this.ignoreCase = ignoreCase;
            return this;
        }

        /** Unreferenced objects matching the glob are kept ({@code *.tmp}, {@code cache/**}). */
        public Builder exclude(String... globs) {
            excludes.addAll(List.of(globs));
            return this;
        }

        /**
         * Keep files derived from referenced ones: {@code DERIVED <- OWNER}, e.g.
         * {@code {dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}} keeps {@code 2024/05/photo-150x150.jpg}
         * while {@code 2024/05/photo.jpg} is referenced. Repeatable. A rule only ever keeps files.
         *
         * @throws dev.mediagc.DerivedRuleException (an IllegalArgumentException) when the rule cannot be read
         */
        public Builder derived(String rule) {
            derivedRules.add(DerivedRule.parse(rule));
            return this;
        }

        public Builder minAge(Duration minAge) {
            if (minAge.isNegative()) {
                throw new IllegalArgumentException("min-age cannot be negative");
            }
            this.minAge = minAge;
            return this;
        }

        /** Act on orphans instead of only reporting them. */
        public Builder apply(Action action) {
            this.action = Objects.requireNonNull(action);
            return this;
        }

        /** After acting, remove folders left empty (never the root). */
        public Builder removeEmptyFolders(boolean remove) {
            this.removeEmptyFolders = remove;
            return this;
        }

        /** Write every orphan's raw key, one per line, sorted, to this file. */
        public Builder orphanList(Path file) {
            return orphanList(file, OrphanListFormat.LINES);
        }

        /** Write every orphan's raw key, sorted, to this file: one per line, NUL-ended, or as JSON Lines. */
        public Builder orphanList(Path file, OrphanListFormat format) {
            this.orphanList = file;
            this.orphanListFormat = Objects.requireNonNull(format);
            return this;
        }

        /**
         * Write the run's report to this file as one self-contained HTML page, for people deciding
         * whether to apply: the outcome in plain words, the key figures, orphans by folder and by
         * age, the guards' findings and a searchable table of every orphan. Written at the end of
         * every run, refused and failed ones too (the page says why). No network request, works
         * from {@code file://}.
         */
        public Builder reportHtml(Path file) {
            this.reportHtml = file;
            return this;
        }

        /** Accept a reference source that returns no values (normally a sign of the wrong database). */
        public Builder allowEmptySource(boolean allow) {
            this.allowEmptySource = allow;
            return this;
        }

        public Builder batchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be positive");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** A limit for each reference query; zero (the default) means none. */
        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = timeout;
            return this;
        }

        public Builder progress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Refuse to act when orphans exceed this share of all objects (default 0.5). */
        public Builder maxOrphanRatio(double ratio) {
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("max orphan ratio must be above 0 and at most 1, not " + ratio);
            }
            this.maxOrphanRatio = ratio;
            return this;
        }

        /** Refuse to act when there are more orphans than this (default: no limit). */
        public Builder maxDelete(long max) {
            if (max < 0) {
                throw new IllegalArgumentException("max delete cannot be negative");
            }
            this.maxActions = max;
            return this;
        }

        /** Act although the run differs sharply from the last one, or with a min-age under 1h. */
        public Builder force(boolean force) {
            this.force = force;
            return this;
        }

        /** Act although the store was bound to another database, and bind it to this one. */
        public Builder rebind(boolean rebind) {
            this.rebind = rebind;
            return this;
        }

        /** How long the sweep lock lasts without a heartbeat (default 60s). */
        public Builder leaseDuration(Duration duration) {
            this.leaseDuration = duration;
            return this;
        }

        private Duration maxPlanAge = Sweeper.DEFAULT_MAX_PLAN_AGE;

        /**
         * How old a plan may be when {@link MediaGc#apply(Path)} acts on it (default 7 days), counted
         * from the earlier of its listing and its writing.
         */
        public Builder maxPlanAge(Duration age) {
            if (age == null || age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("`max-plan-age` must be positive, e.g. 7d");
            }
            this.maxPlanAge = age;
            return this;
        }

        public MediaGc load() {
            if (minAge.compareTo(SafetySettings.MIN_AGE_FLOOR) < 0 && !force) {
                throw new IllegalStateException("a min-age under 1h (" + minAge.toSeconds() + "s) can remove uploads "
                        + "whose row has not committed yet; set `force` if you mean it");
            }
            if (store == null) {
                throw new IllegalStateException("no store configured; call store(Stores.local(path))");
            }
            if (references.isEmpty()) {
                throw new IllegalStateException("no reference configured; call reference(table, column) or referenceQuery(sql)");
            }
            int timeout = (int) Math.min(Integer.MAX_VALUE, queryTimeout.toSeconds());
            List<ReferenceSource> sources = new ArrayList<>();
            int queries = 0;
            for (Object reference : references) {
                if (reference instanceof ReferenceSource source) {
                    sources.add(source);
                } else if (reference instanceof Extracted extracted) {
                    ValueExtractor extractor = extracted.extractor().apply(textPrefixes.isEmpty() ? stripPrefixes : textPrefixes);
                    sources.add(extracted.column() != null
                            ? ExtractingReference.ofColumn(requireDataSource(), extracted.column(), extractor,
                                    allowUnreadableValues, timeout)
                            : ExtractingReference.ofQuery(requireDataSource(), extracted.sql(), "`ref-sql`", ++queries,
                                    extractor, allowUnreadableValues, timeout));
                } else if (reference instanceof SqlIdentifier column) {
                    sources.add(new ColumnReference(requireDataSource(), column, timeout));
                } else {
                    sources.add(new QueryReference(requireDataSource(), (String) reference, ++queries, timeout));
                }
            }
            KeyNormalizer normalizer = KeyNormalizer.of(stripPrefixes, ignoreCase);
            MediaGc loaded = new MediaGc(new SweepSettings(sources, store, normalizer, excludes,
                    minAge, action, removeEmptyFolders, orphanList, allowEmptySource, batchSize, progress, clock,
                    new SafetySettings(maxOrphanRatio, maxActions, force, rebind, leaseDuration),
                    dataSource == null ? null : () -> DatabaseIdentity.of(dataSource), orphanListFormat,
                    DerivedRules.of(derivedRules, normalizer), reportHtml), dataSource);
            loaded.maxPlanAge = maxPlanAge;
            return loaded;
        }

        private DataSource requireDataSource() {
            if (dataSource == null) {
                throw new IllegalStateException("table and query references need a dataSource(...)");
            }
            return dataSource;
        }
    }
}
