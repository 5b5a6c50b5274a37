package dev.mediagc.testing;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StateFolder;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** A store that passes everything through, for tests that alter one behaviour. */
public class ForwardingStore implements ObjectStore {
    private final ObjectStore delegate;

    public ForwardingStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override public String location() { return delegate.location(); }
    @Override public void list(ListingVisitor visitor) throws IOException { delegate.list(visitor); }
    @Override public Optional<StoredObject> stat(String key) throws IOException { return delegate.stat(key); }
    @Override public void delete(String key) throws IOException { delegate.delete(key); }
    @Override public void quarantine(String key, String runId) throws IOException { delegate.quarantine(key, runId); }
    @Override public void restore(String key, String runId) throws IOException { delegate.restore(key, runId); }
    @Override public boolean isQuarantined(String key, String runId) throws IOException { return delegate.isQuarantined(key, runId); }
    @Override public List<String> quarantineRuns() throws IOException { return delegate.quarantineRuns(); }
    @Override public void purgeQuarantine(String runId) throws IOException { delegate.purgeQuarantine(runId); }
    @Override public StateFolder state() { return delegate.state(); }
    @Override public void close() throws IOException { delegate.close(); }
}

