package dev.mediagc.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Consumer;

/**
 * For store authors whose service lists keys in {@link KeyOrder} (object stores with prefixes):
 * keeps another store's keys out of one sorted listing. A folder below the store's root is another
 * store when it holds a {@code .mediagc} entry ({@code F.mediagc} or {@code F.mediagc/...});
 * nothing under such a folder may be reported.
 *
 * <p>A listing is sorted by UTF-8 bytes (code points), and names that begin with a character
 * before {@code .} ({@code -a.jpg}, {@code (1).jpg}, {@code .hidden}) come before
 * {@code .mediagc/}. Such an entry is held back until the listing has passed where its folders'
 * {@code .mediagc} entries would be; everything else is released at once, so memory stays bounded
 * by those few early names, not by the listing.
 *
 * @param <T> what the caller attaches to each key (an object to report, a prefix to list)
 */
public final class NestedStoreFilter<T> {

    /** The entry that marks a folder as a store of its own. */
    public static final String STATE_NAME = ".mediagc";

    private final String base;
    private final boolean baseMayBeStore;
    private final Consumer<String> onStore;
    private final Set<String> stores = new HashSet<>();
    private final PriorityQueue<Held<T>> held = new PriorityQueue<>((a, b) -> KeyOrder.compare(a.until, b.until));

    private record Held<T>(String until, String key, T item) {
    }

    /**
     * @param base           the full-key prefix this listing covers ({@code ""} or ending with {@code /})
     * @param baseMayBeStore false for the store's own root, whose {@code .mediagc/} is its own state
     * @param onStore        told each other store's folder (full prefix, ending with {@code /}) once
     */
    public NestedStoreFilter(String base, boolean baseMayBeStore, Consumer<String> onStore) {
        this.base = base;
        this.baseMayBeStore = baseMayBeStore;
        this.onStore = onStore;
    }

    /** Whether {@code base} itself turned out to be another store (the rest of its listing can be skipped). */
    public boolean baseIsStore() {
        return stores.contains(base);
    }

    /**
     * Offers the next key of the listing (keys must come in listing order); returns the items now
     * known to be outside every other store.
     */
    public List<T> offer(String key, T item) {
        List<T> released = new ArrayList<>();
        List<String> folders = foldersOf(key);
        String store = markedFolder(key, folders);
        if (store != null) {
            if (stores.add(store)) {
                onStore.accept(store);
            }
        } else if (!underStore(folders)) {
            String until = null;
            for (String folder : folders) {
                String marker = folder + STATE_NAME + "/";
                if (KeyOrder.compare(key, marker) < 0 && (until == null || KeyOrder.compare(marker, until) > 0)) {
                    until = marker;
                }
            }
            if (until == null) {
                released.add(item);
            } else {
                held.add(new Held<>(until, key, item));
            }
        }
        while (!held.isEmpty() && passed(held.peek().until, key)) {
            release(held.poll(), released);
        }
        return released;
    }

    /** The end of the listing: everything still held is released unless under another store. */
    public List<T> finish() {
        List<T> released = new ArrayList<>();
        while (!held.isEmpty()) {
            release(held.poll(), released);
        }
        return released;
    }

    private void release(Held<T> entry, List<T> released) {
        if (!underStore(foldersOf(entry.key))) {
            released.add(entry.item);
        }
    }

    /** The folders {@code key} lies in, from this listing's base down, each ending with {@code /}. */
    private List<String> foldersOf(String key) {
        List<String> folders = new ArrayList<>();
        if (baseMayBeStore) {
            folders.add(base);
        }
        for (int slash = key.indexOf('/', base.length()); slash >= 0 && slash < key.length() - 1;
             slash = key.indexOf('/', slash + 1)) {
            folders.add(key.substring(0, slash + 1));
        }
        return folders;
    }

    /** The shallowest folder whose {@code .mediagc} entry {@code key} is (or lies in), or null. */
    private static String markedFolder(String key, List<String> folders) {
        for (String folder : folders) {
            String rest = key.substring(folder.length());
            if (rest.equals(STATE_NAME) || rest.startsWith(STATE_NAME + "/")) {
                return folder;
            }
        }
        return null;
    }

    private boolean underStore(List<String> folders) {
        for (String folder : folders) {
            if (stores.contains(folder)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a listing at {@code current} has gone past every key that starts with {@code marker}. */
    private static boolean passed(String marker, String current) {
        return KeyOrder.compare(current, marker) > 0 && !current.startsWith(marker);
    }
}
