package dev.mediagc.internal.discover;

import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.OrderedListing;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * A sample of a store's keys taken as whole stretches of its key order, so that judging stays
 * unbiased on a store too big to list ({@code --sample-objects N}).
 *
 * <p>Why ranges: with a plain sample of N keys, a database value naming a stored object that was
 * not sampled would count as a miss, and every ratio would shrink by the sampling rate, so real
 * file columns would look weak. Here the store lists complete stretches of its keys ("every key
 * after {@code a} up to {@code b}"), and a value is judged only when the key it names falls inside
 * a listed stretch: there, its hit or miss is exactly what the full listing would say. Values
 * outside every stretch are not judged at all, neither hit nor miss. Which values get judged
 * depends on where the stretches are, not on whether their object exists, so the ratio over the
 * judged values estimates the column's true ratio; its precision grows with the number judged,
 * which each finding reports.
 *
 * <p>Where the stretches start: one at the first key (if it reaches the end, the store was small
 * and is now listed whole), the others at points found by a random descent of the folder tree:
 * from the root, pick an entry of the folder's first page at random, an object counting once and a
 * folder as many times as the keys it likely holds (what earlier descents read of it, or, unread,
 * as many as the folder it is in); a folder is entered, an object (or a folder {@value #MAX_DEPTH}
 * levels down) is the point after which the stretch starts. A start inside an already listed
 * stretch is drawn again. The sample is therefore spread over the whole tree, roughly in
 * proportion to where the keys are, but not exactly: where exact shares matter (counting what the
 * references leave unexplained), count per stretch. Within a folder of more than
 * {@value #ENTRY_PAGE} entries the start points fall among its first {@value #ENTRY_PAGE}.
 *
 * <p>Cost: a stretch is {@code N / 16} keys (at most {@value #MAX_PAGE}: one S3 request), plus
 * one delimited listing per folder first met in a descent; stretches are drawn until N keys are
 * listed or {@value #MAX_ROUNDS_FACTOR} times the planned number of draws is spent (stretches that
 * overlap count once).
 */
final class KeyRangeSample {

    static final int MAX_DEPTH = 8;
    static final int ENTRY_PAGE = 1000;
    static final int MAX_PAGE = 1000;
    static final int MIN_RANGES = 16;
    static final int MAX_ROUNDS_FACTOR = 4;

    private final OrderedListing store;
    private final Random random;
    private final Map<String, List<String>> entriesSeen = new HashMap<>();

    private KeyRangeSample(OrderedListing store, Random random) {
        this.store = store;
        this.random = random;
    }

    /** The listed stretches (merged, in key order) and the distinct keys in them, at most {@code objects}. */
    record Taken(List<KeyRange> ranges, List<String> keys) {

        boolean whole() {
            return ranges.size() == 1 && ranges.get(0).whole();
        }
    }

    static Taken take(OrderedListing store, int objects, Random random) throws IOException {
        return new KeyRangeSample(store, random).take(objects);
    }

    private Taken take(int objects) throws IOException {
        int page = Math.max(1, Math.min(MAX_PAGE, objects / MIN_RANGES));
        TreeSet<String> keys = new TreeSet<>(KeyOrder.COMPARATOR);
        List<KeyRange> ranges = new ArrayList<>();
        String start = null;
        int rounds = MAX_ROUNDS_FACTOR * (objects / page + 1);
        for (int round = 0; round < rounds && keys.size() < objects; round++) {
            if (round > 0) {
                start = randomStart();
                if (start == null || within(ranges, start)) {
                    continue; // already listed there: draw again, for free
                }
            }
            List<String> listed = store.keysAfter(start, Math.min(page, objects - keys.size()));
            boolean toTheEnd = listed.size() < Math.min(page, objects - keys.size());
            keys.addAll(listed);
            ranges.add(new KeyRange(start, toTheEnd || listed.isEmpty() ? null : listed.get(listed.size() - 1)));
            List<KeyRange> merged = merged(ranges);
            if (merged.size() == 1 && merged.get(0).whole()) {
                break;
            }
        }
        return new Taken(merged(ranges), List.copyOf(keys));
    }

    /**
     * The point after which a stretch starts, by a random descent of the folders, each entry
     * weighted by the keys it likely leads to; null for the very start.
     */
    private String randomStart() throws IOException {
        String folder = "";
        for (int depth = 0; depth < MAX_DEPTH; depth++) {
            List<String> entries = entries(folder);
            if (entries.isEmpty()) {
                break;
            }
            double[] weights = new double[entries.size()];
            double total = 0;
            for (int i = 0; i < weights.length; i++) {
                String entry = entries.get(i);
                weights[i] = entry.endsWith("/") ? estimatedKeys(folder + entry, entries.size()) : 1;
                total += weights[i];
            }
            double pick = random.nextDouble() * total;
            int chosen = 0;
            while (chosen < weights.length - 1 && pick >= weights[chosen]) {
                pick -= weights[chosen++];
            }
            String entry = entries.get(chosen);
            if (!entry.endsWith("/")) {
                return folder + entry;
            }
            folder = folder + entry;
        }
        return folder.isEmpty() ? null : folder;
    }

    private List<String> entries(String folder) throws IOException {
        List<String> entries = entriesSeen.get(folder);
        if (entries == null) {
            entries = store.entries(folder, ENTRY_PAGE);
            entriesSeen.put(folder, entries);
        }
        return entries;
    }

    /**
     * How many keys {@code folder} likely holds: its objects and what its subfolders likely hold,
     * as far as descents have read them; a folder not read yet is guessed as big as its parent's
     * page ({@code parentEntries}), so a folder of folders is not outweighed by loose files beside it.
     */
    private double estimatedKeys(String folder, int parentEntries) {
        List<String> entries = entriesSeen.get(folder);
        if (entries == null) {
            return Math.max(1, parentEntries);
        }
        double keys = 0;
        for (String entry : entries) {
            keys += entry.endsWith("/") ? estimatedKeys(folder + entry, entries.size()) : 1;
        }
        return Math.max(1, keys);
    }

    private static boolean within(List<KeyRange> ranges, String key) {
        return ranges.stream().anyMatch(range -> range.contains(key));
    }

    /** Overlapping or touching ranges joined, in key order. */
    static List<KeyRange> merged(List<KeyRange> ranges) {
        List<KeyRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparing(KeyRange::after, Comparator.nullsFirst(KeyOrder.COMPARATOR)));
        List<KeyRange> merged = new ArrayList<>();
        for (KeyRange range : sorted) {
            KeyRange last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (last.through() == null || range.after() == null
                    || KeyOrder.compare(range.after(), last.through()) <= 0)) {
                String through = last.through() == null || range.through() == null ? null
                        : KeyOrder.compare(range.through(), last.through()) > 0 ? range.through() : last.through();
                merged.set(merged.size() - 1, new KeyRange(last.after(), through));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }
}
