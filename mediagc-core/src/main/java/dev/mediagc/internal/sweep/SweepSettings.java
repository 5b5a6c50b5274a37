package dev.mediagc.internal.sweep;

import dev.mediagc.Action;
import dev.mediagc.OrphanListFormat;
import dev.mediagc.ProgressListener;

import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.guard.DatabaseIdentity;
import dev.mediagc.internal.guard.SafetySettings;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.spi.ReferenceSource;
import dev.mediagc.spi.ObjectStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Everything one sweep needs, fixed before it starts. Built by {@code MediaGc.configure()}.
 *
 * @param action null for a dry run (the default); what to do with orphans otherwise
 * @param orphanList where to write every orphan's raw key, sorted, or null
 * @param orphanListFormat how the orphan list separates keys
 * @param databaseIdentity tells which database the sources read, to bind the store to it; null
 *     when the sources are not one JDBC database
 * @param derivedRules keys kept while their owner key is referenced (thumbnails, styles, variants)
 * @param reportHtml where to write the run's report as a self-contained HTML page, or null
 */
public record SweepSettings(
        List<ReferenceSource> sources,
        ObjectStore store,
        KeyNormalizer normalizer,
        List<String> excludes,
        Duration minAge,
        Action action,
        boolean removeEmptyFolders,
        Path orphanList,
        boolean allowEmptySource,
        int batchSize,
        ProgressListener progress,
        Clock clock,
        SafetySettings safety,
        java.util.concurrent.Callable<DatabaseIdentity> databaseIdentity,
        OrphanListFormat orphanListFormat,
        DerivedRules derivedRules,
        Path reportHtml) {

    public SweepSettings {
        sources = List.copyOf(sources);
        excludes = List.copyOf(excludes);
        orphanListFormat = orphanListFormat == null ? OrphanListFormat.LINES : orphanListFormat;
        derivedRules = derivedRules == null ? DerivedRules.NONE : derivedRules;
    }

    /** As the canonical constructor, without an HTML report. */
    public SweepSettings(List<ReferenceSource> sources, ObjectStore store, KeyNormalizer normalizer, List<String> excludes,
                         Duration minAge, Action action, boolean removeEmptyFolders, Path orphanList,
                         boolean allowEmptySource, int batchSize, ProgressListener progress, Clock clock,
                         SafetySettings safety, java.util.concurrent.Callable<DatabaseIdentity> databaseIdentity,
                         OrphanListFormat orphanListFormat, DerivedRules derivedRules) {
        this(sources, store, normalizer, excludes, minAge, action, removeEmptyFolders, orphanList, allowEmptySource,
                batchSize, progress, clock, safety, databaseIdentity, orphanListFormat, derivedRules, null);
    }

    /** As the canonical constructor, without derived rules. */
    public SweepSettings(List<ReferenceSource> sources, ObjectStore store, KeyNormalizer normalizer, List<String> excludes,
                         Duration minAge, Action action, boolean removeEmptyFolders, Path orphanList,
                         boolean allowEmptySource, int batchSize, ProgressListener progress, Clock clock,
                         SafetySettings safety, java.util.concurrent.Callable<DatabaseIdentity> databaseIdentity,
                         OrphanListFormat orphanListFormat) {
        this(sources, store, normalizer, excludes, minAge, action, removeEmptyFolders, orphanList, allowEmptySource,
                batchSize, progress, clock, safety, databaseIdentity, orphanListFormat, DerivedRules.NONE);
    }

    /** As the canonical constructor, with the orphan list (if any) written one key per line. */
    public SweepSettings(List<ReferenceSource> sources, ObjectStore store, KeyNormalizer normalizer, List<String> excludes,
                         Duration minAge, Action action, boolean removeEmptyFolders, Path orphanList,
                         boolean allowEmptySource, int batchSize, ProgressListener progress, Clock clock,
                         SafetySettings safety, java.util.concurrent.Callable<DatabaseIdentity> databaseIdentity) {
        this(sources, store, normalizer, excludes, minAge, action, removeEmptyFolders, orphanList, allowEmptySource,
                batchSize, progress, clock, safety, databaseIdentity, OrphanListFormat.LINES);
    }

    /** These settings with another action (null for a dry run). */
    public SweepSettings withAction(Action other) {
        return new SweepSettings(sources, store, normalizer, excludes, minAge, other, removeEmptyFolders, orphanList,
                allowEmptySource, batchSize, progress, clock, safety, databaseIdentity, orphanListFormat, derivedRules,
                reportHtml);
    }

    /**
     * These settings matching ignoring letter case, as {@code ignore-case} does: references and
     * keys compared lower-cased, the derived rules too, and the re-verification's look-up in the
     * database. For a store that folds case when the user did not ask.
     */
    public SweepSettings ignoringCase() {
        if (normalizer.ignoresCase()) {
            return this;
        }
        KeyNormalizer folding = KeyNormalizer.of(normalizer.stripPrefixes(), true);
        return new SweepSettings(sources, store, folding, excludes, minAge, action, removeEmptyFolders, orphanList,
                allowEmptySource, batchSize, progress, clock, safety, databaseIdentity, orphanListFormat,
                derivedRules.with(folding), reportHtml);
    }

    public boolean dryRun() {
        return action == null;
    }

    /** The {@code exclude} globs as this run matches them: ignoring letter case when its keys are. */
    public ExcludeRules excludeRules() {
        return new ExcludeRules(excludes, normalizer.ignoresCase());
    }
}
