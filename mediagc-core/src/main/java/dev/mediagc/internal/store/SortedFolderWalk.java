package dev.mediagc.internal.store;

import dev.mediagc.spi.KeyOrder;
import dev.mediagc.spi.UnsafeKeyException;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * A local store's keys in {@link KeyOrder}, from any point: folders are walked depth first with
 * each folder's entries sorted as the keys they lead to (a folder {@code a} as {@code a/}), which
 * puts every key in key order, so {@code a-b.jpg} comes before {@code a/x.jpg}. A folder whose keys
 * all come before the starting point is skipped unread. Links are never followed or listed;
 * mediagc's own area, the quarantine and other stores' folders are left out as in
 * {@link LocalStore#list}. Each folder walked is read whole to be sorted.
 */
final class SortedFolderWalk {

    private final Path root;
    private final List<Path> excluded;

    SortedFolderWalk(Path root, List<Path> excluded) {
        this.root = root;
        this.excluded = List.copyOf(excluded);
    }

    private record Entry(String sortName, Path path, boolean folder) {
    }

    List<String> keysAfter(String startAfter, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        if (limit > 0) {
            walk(root, "", startAfter, limit, keys);
        }
        return keys;
    }

    List<String> entries(String folder, int limit) throws IOException {
        Path dir = root;
        if (!folder.isEmpty()) {
            for (String segment : folder.substring(0, folder.length() - 1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new UnsafeKeyException(folder, "not a folder key");
                }
                dir = dir.resolve(segment);
            }
        }
        List<String> names = new ArrayList<>();
        for (Entry entry : sorted(dir, !folder.isEmpty())) {
            if (names.size() == limit) {
                break;
            }
            names.add(entry.sortName());
        }
        return names;
    }

    /** Adds the keys after {@code startAfter} under {@code dir}; false once {@code limit} keys are in. */
    private boolean walk(Path dir, String prefix, String startAfter, int limit, List<String> keys) throws IOException {
        for (Entry entry : sorted(dir, !prefix.isEmpty())) {
            String key = prefix + entry.sortName();
            if (entry.folder()) {
                boolean allBefore = startAfter != null && KeyOrder.compare(key, startAfter) < 0 && !startAfter.startsWith(key);
                if (!allBefore && !walk(entry.path(), key, startAfter, limit, keys)) {
                    return false;
                }
            } else if (startAfter == null || KeyOrder.compare(key, startAfter) > 0) {
                keys.add(key);
                if (keys.size() == limit) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The entries of {@code dir} that may hold keys, in key order; none in another store's folder. */
    private List<Entry> sorted(Path dir, boolean belowRoot) throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (belowRoot && Files.exists(dir.resolve(LocalStore.STATE_FOLDER), LinkOption.NOFOLLOW_LINKS)) {
            return entries; // another store's folder: nothing in it is ours
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path path : stream) {
                if (excluded.contains(path)) {
                    continue;
                }
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (IOException e) {
                    continue; // gone, or unreadable: a sample can do without it
                }
                String name = path.getFileName().toString();
                if (attributes.isDirectory()) {
                    entries.add(new Entry(name + "/", path, true));
                } else if (attributes.isRegularFile()) {
                    entries.add(new Entry(name, path, false));
                }
            }
        } catch (java.nio.file.AccessDeniedException | java.nio.file.NoSuchFileException e) {
            return entries;
        }
        entries.sort((a, b) -> KeyOrder.compare(a.sortName(), b.sortName()));
        return entries;
    }
}
