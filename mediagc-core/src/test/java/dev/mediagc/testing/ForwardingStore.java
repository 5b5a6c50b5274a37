package dev.mediagc.testing;

import dev.mediagc.internal.store.QuarantineLayout;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredContent;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A store that passes everything through, for tests that alter one behaviour. A move into or out
 * of quarantine also passes through {@link #quarantine} or {@link #restore}, so a test can alter
 * just those.
 */
public class ForwardingStore implements ObjectStore {
    private final ObjectStore delegate;

    public ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override public String location() { return delegate.location(); }
    @Override public void list(ListingVisitor visitor) throws IOException { delegate.list(visitor); }
    @Override public Optional<StoredObject> stat(String key) throws IOException { return delegate.stat(key); }
    @Override public Optional<StoredContent> read(String key) throws IOException { return delegate.read(key); }
    @Override public boolean createIfAbsent(String key, byte[] content) throws IOException { return delegate.createIfAbsent(key, content); }
    @Override public boolean replaceIfVersion(String key, byte[] content, String version) throws IOException {
        return delegate.replaceIfVersion(key, content, version);
    }
    @Override public void write(String key, byte[] content) throws IOException { delegate.write(key, content); }
    @Override public void delete(String key) throws IOException { delegate.delete(key); }
    @Override public Map<String, String> deleteAll(List<String> keys) throws IOException { return delegate.deleteAll(keys); }
    @Override public List<String> children(String folderKey) throws IOException { return delegate.children(folderKey); }
    @Override public boolean holdsOtherStore(String folderKey) throws IOException { return delegate.holdsOtherStore(folderKey); }
    @Override public int removeEmptyFolders(List<String> folderKeys) throws IOException { return delegate.removeEmptyFolders(folderKeys); }
    @Override public int parallelism() { return delegate.parallelism(); }
    @Override public List<String> warnings() { return delegate.warnings(); }
    @Override public void checkActionsPossible() throws IOException { delegate.checkActionsPossible(); }
    @Override public dev.mediagc.spi.LetterCase letterCase() throws IOException { return delegate.letterCase(); }
    @Override public Optional<java.time.Instant> listedAsOf() { return delegate.listedAsOf(); }
    @Override public void close() throws IOException { delegate.close(); }

    @Override
    public void move(String fromKey, String toKey) throws IOException {
        Optional<QuarantineLayout.Entry> into = QuarantineLayout.parse(toKey);
        Optional<QuarantineLayout.Entry> outOf = QuarantineLayout.parse(fromKey);
        if (into.isPresent() && into.get().key().equals(fromKey)) {
            quarantine(fromKey, into.get().runId());
        } else if (outOf.isPresent() && outOf.get().key().equals(toKey)) {
            restore(toKey, outOf.get().runId());
        } else {
            delegate.move(fromKey, toKey);
        }
    }

    /**
     * A conditional move into or out of quarantine passes through {@link #quarantine} or
     * {@link #restore} too, so a test hooked there sees every move; the condition still holds,
     * checked by the store underneath when the hook moves on.
     */
    @Override
    public void moveIfVersion(String fromKey, String toKey, String expectedVersion) throws IOException {
        Optional<QuarantineLayout.Entry> into = QuarantineLayout.parse(toKey);
        if (into.isPresent() && into.get().key().equals(fromKey)) {
            String previous = CONDITION.get();
            CONDITION.set(expectedVersion);
            try {
                quarantine(fromKey, into.get().runId());
            } finally {
                CONDITION.set(previous);
            }
        } else {
            delegate.moveIfVersion(fromKey, toKey, expectedVersion);
        }
    }

    /** The version a conditional quarantine in progress on this thread expects; null for a plain move. */
    private static final ThreadLocal<String> CONDITION = new ThreadLocal<>();

    /** Moves {@code key} into quarantine run {@code runId} (only if still the expected version, when the move is conditional). */
    public void quarantine(String key, String runId) throws IOException {
        String expectedVersion = CONDITION.get();
        if (expectedVersion == null) {
            delegate.move(key, QuarantineLayout.keyOf(runId, key));
        } else {
            delegate.moveIfVersion(key, QuarantineLayout.keyOf(runId, key), expectedVersion);
        }
    }

    /** Moves {@code key} back out of quarantine run {@code runId}. */
    public void restore(String key, String runId) throws IOException {
        delegate.move(QuarantineLayout.keyOf(runId, key), key);
    }
}
