package dev.mediagc.discover;

import dev.mediagc.key.KeyNormalizer;
import dev.mediagc.store.ListingVisitor;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.StoredObject;
import java.io.IOException;
import java.util.HashSet;
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

    private StoredKeys(Set<String> keys, long listed, int cap) {
        this.keys = keys;
        this.listed = listed;
        this.cap = cap;
    }

    /** Lists {@code store}, keeping at most {@code cap} keys. */
    public static StoredKeys list(ObjectStore store, KeyNormalizer normalizer, int cap) throws IOException {
        if (cap < 1) {
            throw new IllegalArgumentException("the key cap must be at least 1, not " + cap);
        }
        Set<String> keys = new HashSet<>();
        long[] listed = {0};
        store.list(new ListingVisitor() {
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
                listed[0]++;
                if (keys.size() < cap) {
                    String form = normalizer.normalize(key);
                    if (form != null) {
                        keys.add(form);
                    }
                }
            }
        });
        return new StoredKeys(keys, listed[0], cap);
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
}
