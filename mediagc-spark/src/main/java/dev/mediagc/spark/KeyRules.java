package dev.mediagc.spark;

import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.derive.DerivedRules;
import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.sweep.ExcludeRules;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The settings that decide what a key matches and whether an object may be a candidate, as they
 * travel to executors. Each task rebuilds core's own {@link KeyNormalizer}, {@link ExcludeRules}
 * and {@link DerivedRules} from them once: the job shares core's functions, it never copies them.
 */
final class KeyRules implements Serializable {

    private static final long serialVersionUID = 1L;

    private final List<String> stripPrefixes;
    private final boolean ignoreCase;
    private final List<String> excludes;
    private final List<String> derivedRules;
    private final Duration minAge;
    private final Instant listedAsOf;

    private transient KeyNormalizer normalizer;
    private transient ExcludeRules excludeRules;
    private transient DerivedRules derived;

    KeyRules(List<String> stripPrefixes, boolean ignoreCase, List<String> excludes, List<String> derivedRules,
             Duration minAge, Instant listedAsOf) {
        this.stripPrefixes = List.copyOf(stripPrefixes);
        this.ignoreCase = ignoreCase;
        this.excludes = List.copyOf(excludes);
        this.derivedRules = List.copyOf(derivedRules);
        this.minAge = minAge;
        this.listedAsOf = listedAsOf;
    }

    static KeyRules of(SparkPlanSettings settings, Instant listedAsOf) {
        return new KeyRules(settings.stripPrefixes(), settings.ignoreCase(), settings.excludes(),
                settings.derivedRules(), settings.minAge(), listedAsOf);
    }

    KeyNormalizer normalizer() {
        if (normalizer == null) {
            normalizer = KeyNormalizer.of(stripPrefixes, ignoreCase);
        }
        return normalizer;
    }

    ExcludeRules excludeRules() {
        if (excludeRules == null) {
            excludeRules = new ExcludeRules(excludes, ignoreCase);
        }
        return excludeRules;
    }

    DerivedRules derived() {
        if (derived == null) {
            derived = DerivedRules.of(derivedRules.stream().map(DerivedRule::parse).toList(), normalizer());
        }
        return derived;
    }

    /**
     * Whether an object last modified at {@code lastModified} is too young to be a candidate: its
     * time is unknown, or after the listing's time minus the grace period (the sweep's rule).
     */
    boolean young(Instant lastModified) {
        return lastModified == null || lastModified.isAfter(listedAsOf.minus(minAge));
    }

    Instant listedAsOf() {
        return listedAsOf;
    }

    Duration minAge() {
        return minAge;
    }

    List<String> stripPrefixes() {
        return stripPrefixes;
    }

    boolean ignoreCase() {
        return ignoreCase;
    }

    List<String> excludes() {
        return excludes;
    }

    List<String> derivedRuleTexts() {
        return derivedRules;
    }
}
