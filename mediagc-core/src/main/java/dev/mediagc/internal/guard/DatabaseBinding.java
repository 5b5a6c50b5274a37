package dev.mediagc.internal.guard;

import dev.mediagc.GuardRefusal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.internal.store.StateFolder;
import java.io.IOException;
import java.util.Optional;

/** The database a store is bound to, in {@code .mediagc/binding.json}. */
public final class DatabaseBinding {

    static final String FILE = "binding.json";
    private static final ObjectMapper JSON = dev.mediagc.internal.report.Json.mapper();

    private DatabaseBinding() {
    }

    /**
     * Binds the store to {@code current} on its first applied run; afterwards refuses a different
     * database unless {@code rebind} is set, in which case the binding moves to {@code current}.
     */
    public static void check(StateFolder state, DatabaseIdentity current, boolean rebind) throws IOException, GuardRefusal {
        Optional<byte[]> stored = state.read(FILE);
        if (stored.isPresent()) {
            DatabaseIdentity bound = JSON.readValue(stored.get(), DatabaseIdentity.class);
            if (bound.sameAs(current)) {
                return;
            }
            if (!rebind && !bound.recordsSchema()) {
                // Refused rather than upgraded in place: this binding cannot tell the bound schema from
                // a stale copy in another schema of the same database, the very mistake it guards against.
                throw new GuardRefusal("this store's binding (" + bound + ") was written before mediagc recorded the "
                        + "schema, so it cannot tell whether this run reads the same tables (" + current + "); nothing "
                        + "was changed. If this run reads the application's live schema, set `rebind` once to record it");
            }
            if (!rebind) {
                throw new GuardRefusal("this store is bound to " + bound + ", but this run reads " + current
                        + "; nothing was changed. If the store really belongs to this database, set `rebind`");
            }
        }
        state.write(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(current));
    }
}
