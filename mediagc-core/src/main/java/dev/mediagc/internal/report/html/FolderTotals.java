package dev.mediagc.internal.report.html;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Orphans' count and bytes per folder, at every depth, for the page's drill-down. Each key counts
 * in its own folder and in every folder above it; the root ({@code ""}) holds the totals.
 *
 * <p>Memory is bounded by {@code maxFolders}, not by the number of orphans: once that many folders
 * are tracked, a folder not met yet is not tracked, and its orphans count in the nearest tracked
 * folder above it. A tracked folder's parent is always tracked (parents are met first), so the
 * drill-down never loses a branch, and the figures of every folder shown stay exact: what its
 * tracked subfolders do not hold is "files here or in folders not shown".
 */
final class FolderTotals {

    /** One folder's totals. */
    record Folder(String path, long count, long bytes) {
    }

    private final int maxFolders;
    private final Map<String, long[]> totals = new HashMap<>();
    private boolean capped;

    FolderTotals(int maxFolders) {
        this.maxFolders = maxFolders;
        totals.put("", new long[2]);
    }

    void add(String key, long size) {
        long[] root = totals.get("");
        root[0]++;
        root[1] += size;
        int slash = key.indexOf('/');
        while (slash > 0) {
            String folder = key.substring(0, slash);
            long[] figures = totals.get(folder);
            if (figures == null) {
                if (totals.size() >= maxFolders) {
                    capped = true;
                    return;
                }
                figures = new long[2];
                totals.put(folder, figures);
            }
            figures[0]++;
            figures[1] += size;
            slash = key.indexOf('/', slash + 1);
        }
    }

    /** Whether some folders were left untracked (their orphans count in a folder above them). */
    boolean capped() {
        return capped;
    }

    /** Every tracked folder, the root first, then by bytes, biggest first. */
    List<Folder> folders() {
        List<Folder> folders = new ArrayList<>(totals.size());
        totals.forEach((path, figures) -> folders.add(new Folder(path, figures[0], figures[1])));
        folders.sort((a, b) -> a.path().isEmpty() ? -1 : b.path().isEmpty() ? 1
                : a.bytes() != b.bytes() ? Long.compare(b.bytes(), a.bytes()) : a.path().compareTo(b.path()));
        return folders;
    }
}
