package dev.mediagc.testing;

import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A store mediagc may only read, as with read-only credentials: every call that would change the
 * store or its {@code .mediagc/} state fails, and is remembered in {@link #refusedWrites()}.
 */
public final class ReadOnlyStore extends ForwardingStore {

    private final List<String> refusedWrites = new ArrayList<>();

    public ReadOnlyStore(ObjectStore delegate) {
        super(delegate);
    }

    /** Every write attempted, refused or not: a dry run must leave this empty. */
    public synchronized List<String> refusedWrites() {
        return List.copyOf(refusedWrites);
    }

    private synchronized AccessDeniedException refuse(String what) {
        refusedWrites.add(what);
        return new AccessDeniedException(what, null, "read-only access");
    }

    @Override public void delete(String key) throws IOException { throw refuse("delete " + key); }
    @Override public Map<String, String> deleteAll(List<String> keys) throws IOException { throw refuse("delete " + keys); }
    @Override public void move(String fromKey, String toKey) throws IOException { throw refuse("move " + fromKey + " to " + toKey); }
    @Override public void moveIfVersion(String fromKey, String toKey, String version) throws IOException {
        throw refuse("move " + fromKey + " to " + toKey);
    }
    @Override public void write(String key, byte[] content) throws IOException { throw refuse("write " + key); }
    @Override public boolean createIfAbsent(String key, byte[] content) throws IOException { throw refuse("create " + key); }
    @Override public boolean replaceIfVersion(String key, byte[] content, String version) throws IOException {
        throw refuse("replace " + key);
    }
    @Override public int removeEmptyFolders(List<String> folderKeys) throws IOException { throw refuse("rmdir " + folderKeys); }
}
