package dev.mediagc.guard;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.store.StateFolder;
import java.io.IOException;
import java.util.Optional;

/** The database a store is bound to, in {@code .mediagc/binding.json}. */
public final class DatabaseBinding {

    static final String FILE = "binding.json";
    private static final ObjectMapper JSON = dev.mediagc.report.Json.mapper();

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
            if (!rebind) {
                throw new GuardRefusal("this store is bound to " + bound + ", but this run reads " + current
                        + "; nothing was changed. If the store really belongs to this database, pass --rebind");
            }
        }
        state.write(FILE, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(current));
    }
}
