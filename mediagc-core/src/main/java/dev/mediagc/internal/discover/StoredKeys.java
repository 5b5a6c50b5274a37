package dev.mediagc.internal.discover;

import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import dev.mediagc.spi.OrderedListing;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The store's keys in their matching form (the sweep's own normalisation, without prefixes), up
 * to a cap: enough to tell whether a database value names a stored object. Past the cap the
 * listing is still counted but no longer kept, so a hit ratio is then a lower bound, and the
 * result says so.
 */
public final class StoredKeys {

    private final Set<String> keys;
    private final long listed;
    private final int cap;

    /** The stretches listed when the store was sampled; one whole range for a complete listing. */
    private final List<KeyRange> ranges;
    /** The raw keys of a sample, in key order; empty for a complete listing, which keeps none. */
    private final List<String> rawKeys;
    /** Raw keys for the coverage step: every listed key, or a uniform sample of them. */
    private final List<String> coverageKeys;
    private final boolean coverageKeysComplete;

    /** How many raw keys a complete listing keeps, uniformly sampled, for the coverage step. */
    public static final int DEFAULT_COVERAGE_KEYS = 100_000;

    private StoredKeys(Set<String> keys, long listed, int cap, List<String> coverageKeys, boolean coverageKeysComplete) {
        this(keys, listed, cap, List.of(new KeyRange(null, null)), List.of(), coverageKeys, coverageKeysComplete);
    }

    private StoredKeys(Set<String> keys, long listed, int cap, List<KeyRange> ranges, List<String> rawKeys) {
        this(keys, listed, cap, ranges, rawKeys, rawKeys, rawKeys.isEmpty());
    }

    private StoredKeys(Set<String> keys, long listed, int cap, List<KeyRange> ranges, List<String> rawKeys,
            List<String> coverageKeys, boolean coverageKeysComplete) {
        this.keys = keys;
        this.listed = listed;
        this.cap = cap;
        this.ranges = List.copyOf(ranges);
        this.rawKeys = List.copyOf(rawKeys);
        this.coverageKeys = List.copyOf(coverageKeys);
        this.coverageKeysComplete = coverageKeysComplete;
    }

    /**
     * Lists about {@code objects} keys of {@code store} as complete stretches of its key order
     * (see {@link KeyRangeSample} for why stretches and where they start). A store that holds
     * fewer keys ends up listed whole, and {@link #sampled()} then says false.
     *
     * @throws IllegalArgumentException if the store cannot list stretches ({@link OrderedListing})
     */
    public static StoredKeys sample(ObjectStore store, KeyNormalizer normalizer, int objects, Random random) throws IOException {
        if (objects < 1) {
            throw new IllegalArgumentException("`sample-objects` must be at least 1, not " + objects);
        }
        if (!(store instanceof OrderedListing ordered)) {
            throw new IllegalArgumentException("the store " + store.location() + " cannot list stretches of its keys, "
                    + "so it cannot be sampled: leave out `sample-objects` to list it whole");
        }
        KeyRangeSample.Taken taken = KeyRangeSample.take(ordered, objects, random);
        Set<String> forms = new HashSet<>();
        for (String key : taken.keys()) {
            String form = normalizer.normalize(key);
            if (form != null) {
                forms.add(form);
            }
        }
        return new StoredKeys(forms, taken.keys().size(), Math.max(objects, taken.keys().size()), taken.ranges(),
                taken.whole() ? List.of() : taken.keys());
    }

    /** Lists {@code store}, keeping at most {@code cap} keys. */
    public static StoredKeys list(ObjectStore store, KeyNormalizer normalizer, int cap) throws IOException {
        return list(store, normalizer, cap, new Random(), DEFAULT_COVERAGE_KEYS);
    }

    /**
     * Lists {@code store}, keeping at most {@code cap} keys, and beside them at most
     * {@code coverageKeys} raw keys, a uniform sample (reservoir sampling) once the store holds
     * more: the coverage step then judges those instead of listing a big store a second time.
     */
    public static StoredKeys list(ObjectStore store, KeyNormalizer normalizer, int cap, Random random, int coverageKeys)
            throws IOException {
        if (cap < 1) {
            throw new IllegalArgumentException("the key cap must be at least 1, not " + cap);
        }
        if (coverageKeys < 1) {
            throw new IllegalArgumentException("the coverage sample must be at least 1 key, not " + coverageKeys);
        }
        Set<String> keys = new HashSet<>();
        List<String> reservoir = new java.util.ArrayList<>();
        long[] listed = {0};
        dev.mediagc.internal.store.ManagedStore.of(store).list(new ListingVisitor() {
            @Override
            public boolean acceptWithoutAttributes(String key) {
                keep(key);
                return true; // discovery needs names only, never sizes or times
            }

            @Override
            public void object(StoredObject object) {
                keep(object.key());
            }

            private void keep(String key) {
                if (reservoir.size() < coverageKeys) {
                    reservoir.add(key);
                } else {
                    long slot = random.nextLong(listed[0] + 1);
                    if (slot < coverageKeys) {
                        reservoir.set((int) slot, key);
                    }
                }
                listed[0]++;
                if (keys.size() < cap) {
                    String form = normalizer.normalize(key);
                    if (form != null) {
                        keys.add(form);
                    }
                }
            }
        });
        return new StoredKeys(keys, listed[0], cap, reservoir, listed[0] <= coverageKeys);
    }

    /** Whether {@code matchingForm} (already normalised) is a kept key. */
    public boolean contains(String matchingForm) {
        return matchingForm != null && keys.contains(matchingForm);
    }

    /** How many objects the listing reported, kept or not. */
    public long listed() {
        return listed;
    }

    /** How many distinct keys were kept. */
    public int kept() {
        return keys.size();
    }

    /** Whether the listing held more keys than the cap: misses may then be stored objects not kept. */
    public boolean capped() {
        return listed > cap;
    }

    public int cap() {
        return cap;
    }

    /**
     * Whether only stretches of the store's keys were listed ({@code --sample-objects}): a value
     * then tells something only if the key it names falls {@linkplain #withinListedRanges within}
     * one of them.
     */
    public boolean sampled() {
        return !(ranges.size() == 1 && ranges.get(0).whole());
    }

    /** The listed stretches of the key order, merged, in order; one whole range when nothing was left out. */
    public List<KeyRange> ranges() {
        return ranges;
    }

    /**
     * Whether {@code key} falls where every stored key was listed, so that its absence means it
     * is not stored. Always true for a complete listing. Ranges are in raw key order, and a
     * matching form may sort a little differently (NFD names, percent-encoding), which can only
     * matter for a value right at a range's edge.
     */
    public boolean withinListedRanges(String key) {
        if (!sampled()) {
            return true;
        }
        for (KeyRange range : ranges) {
            if (range.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The raw keys a sample listed, in key order, at most the {@code --sample-objects} asked for:
     * for estimating what the references leave unexplained. Empty for a complete listing, which
     * keeps matching forms only.
     */
    public List<String> sampledRawKeys() {
        return rawKeys;
    }

    /**
     * Raw keys to measure coverage on: all the listed ones when {@link #coverageKeysComplete()},
     * else a uniform sample of the listing (or the listed stretches of a sampled store).
     */
    public List<String> coverageKeys() {
        return coverageKeys;
    }

    /** Whether {@link #coverageKeys()} holds every key the store listed. */
    public boolean coverageKeysComplete() {
        return coverageKeysComplete;
    }
}
