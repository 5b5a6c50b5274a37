package dev.mediagc.soak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * What the simulated application committed, as it saw it: every row, the key it names, the content
 * it last wrote to each key, and whether it saw that file in place <em>after</em> the row committed.
 *
 * <p>Each row carries the {@link Protection} the checker holds mediagc to. A row committed while its
 * file was already out of place (moved by a sweep that had checked before the commit), and not
 * within the grace period of the file's arrival, cannot be protected by any collector: its last
 * mark was taken before the row existed. Such rows are kept and counted, not held against mediagc.
 *
 * <p>Keys an event works on are reserved, so two writer threads never race each other on one key:
 * the only race left is the one under test, the application against the sweep.
 */
final class GroundTruth {

    /** A row of one of the tables. */
    record RowId(Table table, long id) {
        @Override
        public String toString() {
            return table.name + "#" + id;
        }
    }

    /** Why a row's file must survive every sweep, or that it need not. */
    enum Protection {
        /**
         * The application saw the file in place, with its content, after the row committed: a run
         * that moves it afterwards takes its second mark later still, and that mark sees the row.
         */
        SEEN_AFTER_COMMIT("file seen in place after the commit"),
        /**
         * The file arrived in the store (written, or moved in whatever its modification time) less
         * than the grace period before the row committed: no run may take it in between.
         */
        WITHIN_GRACE_PERIOD("row committed within the grace period of the file's arrival"),
        /** Neither: the file was already out of place after a late commit. Counted, not held against mediagc. */
        NONE("file out of place after the commit, not within the grace period: not held against mediagc");

        final String meaning;

        Protection(String meaning) {
            this.meaning = meaning;
        }

        boolean held() {
            return this != NONE;
        }
    }

    /** A row as the checker needs it. */
    record Row(RowId id, String key, Protection protection) {
    }

    private static final int HISTORY_LIMIT = 24;

    private final long startNanos = System.nanoTime();
    private final Map<RowId, Row> rows = new HashMap<>();
    private final RandomPool<RowId> rowPool = new RandomPool<>();
    private final Map<String, Integer> rowsPerKey = new HashMap<>();
    private final RandomPool<String> unreferenced = new RandomPool<>();
    private final Map<String, String> contents = new HashMap<>();
    private final Set<String> busy = new HashSet<>();
    private final Map<String, List<String>> histories = new HashMap<>();

    /** Reserves a key no one has used yet. */
    synchronized void reserveNew(String key) {
        if (contents.containsKey(key) || !busy.add(key)) {
            throw new IllegalStateException("key generated twice: " + key);
        }
    }

    /** Reserves the key of a random row; null when every row's key is busy (try later). */
    synchronized Row reserveRow(Random random) {
        for (int attempt = 0; attempt < 8; attempt++) {
            RowId id = rowPool.pick(random);
            if (id == null) {
                return null;
            }
            Row row = rows.get(id);
            if (busy.add(row.key())) {
                return row;
            }
        }
        return null;
    }

    /** Reserves a key the application wrote and no row names now; null when there is none free. */
    synchronized String reserveUnreferenced(Random random) {
        for (int attempt = 0; attempt < 8; attempt++) {
            String key = unreferenced.pick(random);
            if (key == null) {
                return null;
            }
            if (busy.add(key)) {
                return key;
            }
        }
        return null;
    }

    synchronized void release(String key) {
        busy.remove(key);
    }

    /** The application wrote {@code content} to {@code key}. */
    synchronized void wrote(String key, String content, String event) {
        contents.put(key, content);
        if (rowsPerKey.getOrDefault(key, 0) == 0) {
            unreferenced.add(key);
        }
        note(key, event);
    }

    /**
     * The application looked for an unreferenced file and it was not there (a sweep took it): it
     * stops offering it for re-use, as a media library would once the file is gone.
     */
    synchronized void gone(String key, String event) {
        unreferenced.remove(key);
        note(key, event);
    }

    synchronized String content(String key) {
        return contents.get(key);
    }

    synchronized void inserted(RowId id, String key, Protection protection, String event) {
        rows.put(id, new Row(id, key, protection));
        rowPool.add(id);
        rowsPerKey.merge(key, 1, Integer::sum);
        unreferenced.remove(key);
        note(key, event + " → " + id + " [" + protection.meaning + "]");
    }

    synchronized void repointed(RowId id, String newKey, Protection protection, String event) {
        Row old = rows.get(id);
        forget(old);
        inserted(id, newKey, protection, event);
        note(old.key(), id + " now names " + newKey + "; this file is left behind");
    }

    synchronized void deleted(RowId id, String event) {
        Row old = rows.remove(id);
        rowPool.remove(id);
        forget(old);
        note(old.key(), event + " (" + id + ")");
    }

    private void forget(Row row) {
        rowPool.remove(row.id());
        int left = rowsPerKey.merge(row.key(), -1, Integer::sum);
        if (left == 0) {
            rowsPerKey.remove(row.key());
            unreferenced.add(row.key());
        }
    }

    synchronized void note(String key, String event) {
        List<String> history = histories.computeIfAbsent(key, k -> new ArrayList<>());
        if (history.size() == HISTORY_LIMIT) {
            history.remove(1); // keep how the key was born, and what happened last
        }
        history.add(String.format("t+%.3fs %s", (System.nanoTime() - startNanos) / 1e9, event));
    }

    synchronized Map<RowId, Row> rows() {
        return new HashMap<>(rows);
    }

    synchronized List<String> history(String key) {
        return List.copyOf(histories.getOrDefault(key, List.of()));
    }
}
