package dev.mediagc.spark;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one job run needs, fixed before it starts; serializable, since the parts executors
 * use (normaliser settings, excludes, derived rules, the grace period) travel with the tasks and
 * are rebuilt there with core's own classes.
 *
 * @param jdbcUrl the database the references are read from
 * @param jdbcProperties user, password and other driver properties
 * @param sources the reference sources, read in parallel
 * @param store where the objects are: a Hadoop file system URI ({@code s3a://bucket/prefix},
 *     {@code abfs://...}, {@code gs://...}, {@code file:/srv/media})
 * @param storeLocation what the plan names as its store: what {@code ObjectStore.location()} of
 *     the store {@code mediagc apply} opens says; null to derive it from {@code store}
 * @param plan the plan file to write, a path on the driver
 * @param stripPrefixes as core's {@code strip-prefix}
 * @param ignoreCase as core's {@code ignore-case}
 * @param excludes as core's {@code exclude}
 * @param derivedRules as core's {@code derived}, as written
 * @param minAge the grace period
 * @param allowEmptySource whether a source without values is accepted
 * @param ageFromMtime for a {@code file:} store: ages count from the modification time alone,
 *     as the local store's {@code age-from-mtime} option
 * @param inventory the {@code manifest.json} of an S3 Inventory of {@code store} (an {@code s3a://}
 *     URL, or a local path or {@code file:} URI to a copy) to read the objects from instead of listing
 *     them; null to list the store
 * @param inventoryMaxAge an inventory older than this is refused, as by {@code sweep --inventory-max-age};
 *     null: any age
 */
public record SparkPlanSettings(
        String jdbcUrl,
        Map<String, String> jdbcProperties,
        List<ReferenceSpec> sources,
        String store,
        String storeLocation,
        String plan,
        List<String> stripPrefixes,
        boolean ignoreCase,
        List<String> excludes,
        List<String> derivedRules,
        Duration minAge,
        boolean allowEmptySource,
        boolean ageFromMtime,
        String inventory,
        Duration inventoryMaxAge) implements Serializable {

    /** Settings that list the store (no inventory). */
    public SparkPlanSettings(String jdbcUrl, Map<String, String> jdbcProperties, List<ReferenceSpec> sources, String store,
                             String storeLocation, String plan, List<String> stripPrefixes, boolean ignoreCase,
                             List<String> excludes, List<String> derivedRules, Duration minAge, boolean allowEmptySource,
                             boolean ageFromMtime) {
        this(jdbcUrl, jdbcProperties, sources, store, storeLocation, plan, stripPrefixes, ignoreCase, excludes,
                derivedRules, minAge, allowEmptySource, ageFromMtime, null, null);
    }

    public SparkPlanSettings {
        jdbcProperties = Map.copyOf(jdbcProperties);
        sources = List.copyOf(sources);
        stripPrefixes = List.copyOf(stripPrefixes);
        excludes = List.copyOf(excludes);
        derivedRules = List.copyOf(derivedRules);
    }
}
