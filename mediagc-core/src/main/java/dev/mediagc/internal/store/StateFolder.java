package dev.mediagc.internal.store;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoreKeys;
import dev.mediagc.spi.StoredContent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mediagc's own small objects in a store's {@code .mediagc/} area (last-run figures, database
 * binding, lock, journals), kept through the store's primitive operations. Names are
 * {@code /}-separated relative paths such as {@code journal/RUN_ID.jsonl}.
 */
public final class StateFolder {

    static final String PREFIX = StoreKeys.STATE_FOLDER + "/";

    private final ObjectStore store;

    StateFolder(ObjectStore store) {
        this.store = store;
    }

    private static String key(String name) throws IOException {
        StoreKeys.requireSafe(name);
        return PREFIX + name;
    }

    public Optional<byte[]> read(String name) throws IOException {
        return store.read(key(name)).map(StoredContent::bytes);
    }

    /** The content with its version, for {@link #replaceIfVersion}. */
    public Optional<StoredContent> readVersioned(String name) throws IOException {
        return store.read(key(name));
    }

    /** Replaces the object atomically and durably: readers see the old or the new content, never a mix. */
    public void write(String name, byte[] content) throws IOException {
        store.write(key(name), content);
    }

    /** Creates the object only if it does not exist; returns false when it already did. */
    public boolean createIfAbsent(String name, byte[] content) throws IOException {
        return store.createIfAbsent(key(name), content);
    }

    /** Replaces the object only if it still has {@code version}; returns false otherwise. */
    public boolean replaceIfVersion(String name, byte[] content, String version) throws IOException {
        return store.replaceIfVersion(key(name), content, version);
    }

    /** Names directly under {@code folder} ({@code ""}: the area itself), a folder's without its {@code /}, sorted. */
    public List<String> list(String folder) throws IOException {
        String folderKey = folder.isEmpty() ? PREFIX : key(folder) + "/";
        List<String> names = new ArrayList<>();
        for (String child : store.children(folderKey)) {
            names.add(child.endsWith("/") ? child.substring(0, child.length() - 1) : child);
        }
        names.sort(null);
        return names;
    }

    /** Names directly under {@code folder} as the store gave them: a folder's with its {@code /}. */
    public List<String> children(String folder) throws IOException {
        return store.children(key(folder) + "/");
    }

    public void delete(String name) throws IOException {
        store.delete(key(name));
    }
}
