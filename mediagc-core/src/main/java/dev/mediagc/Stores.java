package dev.mediagc;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.internal.store.StoreOpening;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Opens the stores mediagc sweeps, for {@link MediaGc.Builder#store}. */
public final class Stores {

    private Stores() {
    }

    /**
     * The local folder {@code root} (which must exist) as a store. Nothing under it is ever reached
     * through a symbolic link; mediagc keeps its state in {@code root/.mediagc/}.
     */
    public static ObjectStore local(Path root) {
        return LocalStore.at(root);
    }

    /**
     * Opens {@code location}: {@code s3://bucket/prefix} (with mediagc-s3 on the class path) or any
     * other location a store module registers, else a local folder path. {@code options} holds
     * store-specific settings such as an endpoint.
     */
    public static ObjectStore open(String location, Map<String, String> options) throws IOException {
        return StoreOpening.openAny(location, options);
    }
}
