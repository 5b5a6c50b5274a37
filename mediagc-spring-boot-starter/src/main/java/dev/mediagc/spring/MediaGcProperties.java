package dev.mediagc.spring;

import dev.mediagc.internal.reference.QueryReference;
import dev.mediagc.internal.reference.SqlIdentifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.convert.Delimiter;

/** {@code mediagc.*} settings. */
@ConfigurationProperties("mediagc")
public class MediaGcProperties {

    private final Store store = new Store();
    private final Cleanup cleanup = new Cleanup();
    private final Sweep sweep = new Sweep();

    public Store getStore() {
        return store;
    }

    public Cleanup getCleanup() {
        return cleanup;
    }

    public Sweep getSweep() {
        return sweep;
    }

    /** Where the media lives: a local root, or an S3 bucket (needs mediagc-s3 on the class path). */
    public static class Store {
        /** Local media folder; made at startup when it does not exist yet. */
        private Path root;
        /** s3://BUCKET/PREFIX instead of a local root (needs mediagc-s3 on the class path). */
        private String s3;
        /**
         * Options of the store type, by the names its provider declares, e.g. s3-endpoint, s3-region,
         * s3-path-style (mediagc-s3) or age-from-mtime (a local root); handed to the store as they are.
         */
        private java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        /** Endpoint of an S3-compatible service (MinIO, R2, GCS interop). */
        private String s3Endpoint;
        /** Region of the bucket; the AWS SDK's default region chain when unset. */
        private String s3Region;
        /** Address the bucket in the path (endpoint/BUCKET/key), as MinIO and S3Proxy need. */
        private boolean s3PathStyle;

        /** Refuses, at startup, two stores at once: which one the sweep should read would be a guess. */
        public void validate() {
            if (root != null && s3 != null && !s3.isBlank()) {
                throw new IllegalStateException("mediagc.store.root and mediagc.store.s3 are both set; set one of them");
            }
        }

        public Path getRoot() { return root; }
        public void setRoot(Path root) { this.root = root; }
        public String getS3() { return s3; }
        public void setS3(String s3) { this.s3 = s3; }
        /**
         * The store options: {@code options} with the older s3-* properties beneath them. Every
         * name must be one a store type on the class path declares.
         */
        public java.util.Map<String, String> storeOptions() {
            java.util.Map<String, String> all = new java.util.LinkedHashMap<>();
            if (s3Endpoint != null) {
                all.put("s3-endpoint", s3Endpoint);
            }
            if (s3Region != null) {
                all.put("s3-region", s3Region);
            }
            if (s3PathStyle) {
                all.put("s3-path-style", "true");
            }
            all.putAll(options);
            try {
                dev.mediagc.internal.config.StoreOptionCatalog.requireKnown(all.keySet(), "mediagc.store.options.NAME");
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return all;
        }

        public java.util.Map<String, String> getOptions() { return options; }
        public void setOptions(java.util.Map<String, String> options) { this.options = options; }
        @DeprecatedConfigurationProperty(replacement = "mediagc.store.options.s3-endpoint")
        public String getS3Endpoint() { return s3Endpoint; }
        public void setS3Endpoint(String s3Endpoint) { this.s3Endpoint = s3Endpoint; }
        @DeprecatedConfigurationProperty(replacement = "mediagc.store.options.s3-region")
        public String getS3Region() { return s3Region; }
        public void setS3Region(String s3Region) { this.s3Region = s3Region; }
        @DeprecatedConfigurationProperty(replacement = "mediagc.store.options.s3-path-style")
        public boolean isS3PathStyle() { return s3PathStyle; }
        public void setS3PathStyle(boolean s3PathStyle) { this.s3PathStyle = s3PathStyle; }
    }

    /** Cleanup on change: delete a file after its row is deleted or its value replaced. */
    public static class Cleanup {
        /** Delete a file after the commit that dropped its row or replaced its value. */
        private boolean enabled = true;
        /** Delete on the committing thread instead of mediagc's cleanup thread. */
        private boolean inline;
        /** Removed from values to get store keys, e.g. /media/. */
        private List<String> stripPrefix = new ArrayList<>();
        /** Keys never deleted, e.g. defaults/**. */
        private List<String> protect = new ArrayList<>();
        /**
         * How long a released file waits before it is re-checked and deleted. A transaction that
         * gives the file to another row and commits within it keeps the file.
         */
        private Duration delay = Duration.ofMinutes(10);
        /** How often pending deletions are looked for. */
        private Duration pollInterval = Duration.ofSeconds(30);
        /** Where pending deletions wait: outbox (a table of the application's database, the default) or memory. */
        private String pending = "outbox";
        /** delete (default) or quarantine: move released files into a restorable cleanup run per day. */
        private String action = "delete";
        /** The outbox table. */
        private final Outbox outbox = new Outbox();

        /** Refuses, at startup, cleanup settings that cannot work, naming the property. */
        public void validate() {
            if (!java.util.Set.of("outbox", "memory").contains(String.valueOf(pending).toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalStateException("mediagc.cleanup.pending is '" + pending + "'; use outbox or memory");
            }
            if (!java.util.Set.of("delete", "quarantine").contains(String.valueOf(action).toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalStateException("mediagc.cleanup.action is '" + action + "'; use delete or quarantine");
            }
            if (delay == null || delay.isNegative()) {
                throw new IllegalStateException("mediagc.cleanup.delay must be zero or a positive duration, e.g. 10m");
            }
            if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
                throw new IllegalStateException("mediagc.cleanup.poll-interval must be a positive duration, e.g. 30s");
            }
            if (outbox.table == null || !outbox.table.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?")) {
                throw new IllegalStateException("mediagc.cleanup.outbox.table is '" + outbox.table
                        + "'; use a plain table name, optionally schema.table");
            }
        }

        public Duration getDelay() { return delay; }
        public void setDelay(Duration delay) { this.delay = delay; }
        public Duration getPollInterval() { return pollInterval; }
        public void setPollInterval(Duration pollInterval) { this.pollInterval = pollInterval; }
        public String getPending() { return pending; }
        public void setPending(String pending) { this.pending = pending; }
        public Outbox getOutbox() { return outbox; }
        public String getAction() { return action; }
        public void setAction(String action) { this.action = action; }

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public boolean isInline() { return inline; }
        public void setInline(boolean inline) { this.inline = inline; }
        public List<String> getStripPrefix() { return stripPrefix; }
        public void setStripPrefix(List<String> stripPrefix) { this.stripPrefix = stripPrefix; }
        public List<String> getProtect() { return protect; }
        public void setProtect(List<String> protect) { this.protect = protect; }
    }

    /** The table pending deletions wait in, written in the transaction that releases the file. */
    public static class Outbox {
        /** The outbox table, as name or schema.name. */
        private String table = "mediagc_pending_deletion";
        /** Create the table at startup when it is missing (CREATE TABLE IF NOT EXISTS). */
        private boolean create = true;

        public String getTable() { return table; }
        public void setTable(String table) { this.table = table; }
        public boolean isCreate() { return create; }
        public void setCreate(boolean create) { this.create = create; }
    }

    /** The scheduled sweep, with the references derived from the @MediaFile mapping and any listed here. */
    public static class Sweep {
        /** Spring cron expression for the scheduled sweep, e.g. "0 30 3 * * *"; empty or "-" for none. */
        private String cron;
        /** Act on orphans; false (the default) only reports them. */
        private boolean apply;
        /** Grace period: younger files are never orphans. Under 1h needs mediagc.sweep.force=true. */
        private Duration minAge = dev.mediagc.MediaGc.DEFAULT_MIN_AGE;
        /** quarantine (default) or delete. */
        private String action = "quarantine";
        /** Globs of keys the sweep never acts on, e.g. defaults/**. */
        private List<String> exclude = new ArrayList<>();
        /** Refuse to act when more than this share of the files would be orphans. */
        private double maxOrphanRatio = dev.mediagc.internal.guard.SafetySettings.DEFAULT_MAX_ORPHAN_RATIO;
        /** Act although the run differs sharply from the last one, or with a min-age under 1h. */
        private boolean force;
        /**
         * Columns outside the @MediaFile mapping whose values name files too, as TABLE.COLUMN or
         * SCHEMA.TABLE.COLUMN (a legacy table, a table another application writes). Read by the
         * sweep, and checked by cleanup on change before it deletes a file.
         */
        private List<String> references = new ArrayList<>();
        /**
         * SQL queries whose first column names files too, e.g. paths read out of a JSON column.
         * Read by the sweep, and checked by cleanup on change before it deletes a file. Never split
         * at commas (SQL is full of them): list several as reference-queries[0], [1], ... or in YAML.
         */
        @Delimiter(Delimiter.NONE)
        private List<String> referenceQueries = new ArrayList<>();
        /**
         * Derived rules, DERIVED <- OWNER: files the application derives from a referenced one
         * (thumbnails, styles, variants), kept while it is referenced.
         */
        @Delimiter(Delimiter.NONE)
        private List<String> derived = new ArrayList<>();
        /**
         * Also match references that differ from a file's name only in letter case. A local store on a
         * case-folding file system (macOS, Windows) is matched so without it.
         */
        private boolean ignoreCase;
        /** Remove folders an applied sweep leaves empty (never the root). */
        private boolean removeEmptyDirs;
        /** The older name of remove-empty-dirs; setting it sets remove-empty-dirs. */
        private boolean removeEmptyFolders;
        /** Candidates re-checked and acted on per batch. */
        private int batchSize = dev.mediagc.MediaGc.DEFAULT_BATCH_SIZE;
        /** A limit for each reference query; zero for none. */
        private Duration queryTimeout = Duration.ZERO;
        /** Refuse to act when there are more orphans than this; unset for no limit. */
        private Long maxDelete;
        /** Act although the store was bound to another database, and bind it to this one. */
        private boolean rebind;
        /** How long the sweep lock lasts without a heartbeat. */
        private Duration leaseDuration = dev.mediagc.internal.guard.SafetySettings.DEFAULT_LEASE;
        /**
         * Accept a reference column that holds no value, as a feature nobody has used yet leaves its
         * table empty. Off by default, as in the engine and on the command line: an empty column
         * refuses the sweep, since it is also what a wrong or freshly created database looks like.
         */
        private boolean allowEmptySource;
        /**
         * The file each sweep writes its report to as one self-contained HTML page, replaced by the
         * next sweep's, and served at /actuator/mediagc/html. A file in a temporary folder of its own
         * when unset.
         */
        private Path reportHtml;
        /**
         * Write each sweep's HTML page (true, the default). False saves its time and disk at every
         * sweep (about 1.5 s and 28 MB for a million orphans); /actuator/mediagc/html then answers
         * 404, and the JSON report is kept as ever.
         */
        private boolean reportHtmlEnabled = true;

        /**
         * Refuses, at startup, settings every scheduled sweep would fail on, naming the property
         * to change (the engine's own messages speak of command-line flags).
         */
        public void validate() {
            if (minAge == null) {
                throw new IllegalStateException("mediagc.sweep.min-age must be a positive duration, e.g. 24h");
            }
            if (minAge.compareTo(dev.mediagc.internal.guard.SafetySettings.MIN_AGE_FLOOR) < 0 && !force) {
                throw new IllegalStateException("mediagc.sweep.min-age is " + minAge + ", under 1h: uploads whose row has "
                        + "not committed yet could be swept. Raise it, or set mediagc.sweep.force=true if you mean it");
            }
            for (int i = 0; i < derived.size(); i++) {
                try {
                    dev.mediagc.internal.derive.DerivedRule.parse(String.valueOf(derived.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("mediagc.sweep.derived[" + i + "]: " + oneLine(e.getMessage()));
                }
            }
            for (int i = 0; i < references.size(); i++) {
                try {
                    SqlIdentifier.parseColumn(String.valueOf(references.get(i)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException("mediagc.sweep.references[" + i + "]: " + oneLine(e.getMessage()));
                }
            }
            for (int i = 0; i < referenceQueries.size(); i++) {
                try {
                    // Parsed exactly as the sweep and cleanup parse it: one SELECT, nothing after it.
                    new QueryReference(String.valueOf(referenceQueries.get(i)), "mediagc.sweep.reference-queries[" + i + "]", i + 1);
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(oneLine(e.getMessage()));
                }
            }
        }

        /** A startup failure reads best on one line, though the SQL it quotes may span several. */
        private static String oneLine(String message) {
            return message.replaceAll("\\s*\\R\\s*", " ");
        }

        public List<String> getDerived() { return derived; }
        public void setDerived(List<String> derived) { this.derived = derived; }
        public boolean isIgnoreCase() { return ignoreCase; }
        public void setIgnoreCase(boolean ignoreCase) { this.ignoreCase = ignoreCase; }
        public boolean isRemoveEmptyDirs() { return removeEmptyDirs; }
        public void setRemoveEmptyDirs(boolean removeEmptyDirs) { this.removeEmptyDirs = removeEmptyDirs; }
        @DeprecatedConfigurationProperty(replacement = "mediagc.sweep.remove-empty-dirs")
        public boolean isRemoveEmptyFolders() { return removeEmptyFolders; }
        public void setRemoveEmptyFolders(boolean removeEmptyFolders) {
            this.removeEmptyFolders = removeEmptyFolders;
            this.removeEmptyDirs = removeEmptyFolders;
        }
        public int getBatchSize() { return batchSize; }
        public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        public Duration getQueryTimeout() { return queryTimeout; }
        public void setQueryTimeout(Duration queryTimeout) { this.queryTimeout = queryTimeout; }
        public Long getMaxDelete() { return maxDelete; }
        public void setMaxDelete(Long maxDelete) { this.maxDelete = maxDelete; }
        public boolean isRebind() { return rebind; }
        public void setRebind(boolean rebind) { this.rebind = rebind; }
        public Duration getLeaseDuration() { return leaseDuration; }
        public void setLeaseDuration(Duration leaseDuration) { this.leaseDuration = leaseDuration; }
        public boolean isAllowEmptySource() { return allowEmptySource; }
        public void setAllowEmptySource(boolean allowEmptySource) { this.allowEmptySource = allowEmptySource; }
        public Path getReportHtml() { return reportHtml; }
        public void setReportHtml(Path reportHtml) { this.reportHtml = reportHtml; }
        public boolean isReportHtmlEnabled() { return reportHtmlEnabled; }
        public void setReportHtmlEnabled(boolean reportHtmlEnabled) { this.reportHtmlEnabled = reportHtmlEnabled; }
        public boolean isForce() { return force; }
        public void setForce(boolean force) { this.force = force; }
        public String getCron() { return cron; }
        public void setCron(String cron) { this.cron = cron; }
        public boolean isApply() { return apply; }
        public void setApply(boolean apply) { this.apply = apply; }
        public Duration getMinAge() { return minAge; }
        public void setMinAge(Duration minAge) { this.minAge = minAge; }
        public String getAction() { return action; }
        public void setAction(String action) { this.action = action; }
        public List<String> getExclude() { return exclude; }
        public void setExclude(List<String> exclude) { this.exclude = exclude; }
        public double getMaxOrphanRatio() { return maxOrphanRatio; }
        public List<String> getReferences() { return references; }
        public void setReferences(List<String> references) { this.references = references; }
        public List<String> getReferenceQueries() { return referenceQueries; }
        public void setReferenceQueries(List<String> referenceQueries) { this.referenceQueries = referenceQueries; }
        public void setMaxOrphanRatio(double maxOrphanRatio) { this.maxOrphanRatio = maxOrphanRatio; }
    }
}
