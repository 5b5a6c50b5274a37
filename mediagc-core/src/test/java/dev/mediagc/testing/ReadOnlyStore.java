package dev.mediagc.testing;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StateFolder;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A store mediagc may only read, as with read-only credentials: every call that would change the
 * store or its {@code .mediagc/} state fails, and is remembered in {@link #refusedWrites()}.
 */
public final class ReadOnlyStore extends ForwardingStore {

    private final List<String> refusedWrites = new ArrayList<>();
    private final StateFolder state;

    public ReadOnlyStore(ObjectStore delegate) {
        super(delegate);
        this.state = new ReadOnlyState(delegate.state());
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
    @Override public void quarantine(String key, String runId) throws IOException { throw refuse("quarantine " + key); }
    @Override public void restore(String key, String runId) throws IOException { throw refuse("restore " + key); }
    @Override public void purgeQuarantine(String runId) throws IOException { throw refuse("purge " + runId); }
    @Override public int removeEmptyFolders(List<String> folderKeys) throws IOException { throw refuse("rmdir " + folderKeys); }
    @Override public StateFolder state() { return state; }

    private final class ReadOnlyState implements StateFolder {
        private final StateFolder delegate;

        ReadOnlyState(StateFolder delegate) {
            this.delegate = delegate;
        }

        @Override public Optional<byte[]> read(String name) throws IOException { return delegate.read(name); }
        @Override public void write(String name, byte[] content) throws IOException { throw refuse("write .mediagc/" + name); }
        @Override public boolean createIfAbsent(String name, byte[] content) throws IOException { throw refuse("create .mediagc/" + name); }
        @Override public List<String> list(String folder) throws IOException { return delegate.list(folder); }
        @Override public void delete(String name) throws IOException { throw refuse("delete .mediagc/" + name); }
        @Override public AppendLog openLog(String name) throws IOException { throw refuse("open log .mediagc/" + name); }
        @Override public List<String> readLog(String name) throws IOException { return delegate.readLog(name); }
    }
}
