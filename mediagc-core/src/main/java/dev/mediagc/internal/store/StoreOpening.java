package dev.mediagc.internal.store;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** Opens a store from a location string with the registered providers, or as a local folder. */
public final class StoreOpening {

    private StoreOpening() {
    }

    /**
     * Opens {@code location} with the first registered provider that supports it, or as a local
     * folder when none does and it has no URL scheme.
     */
    public static ObjectStore openAny(String location, Map<String, String> options) throws IOException {
        for (ObjectStoreProvider provider : ServiceLoader.load(ObjectStoreProvider.class)) {
            if (provider.supports(location)) {
                return provider.open(location, options);
            }
        }
        Optional<String> scheme = schemeOf(location);
        if (scheme.isPresent()) {
            throw new IllegalArgumentException("no store type understands '" + scheme.get() + "://' in `store` "
                    + location + " (a local folder path, or s3://BUCKET/PREFIX with mediagc-s3)");
        }
        LocalStore local = LocalStore.at(Path.of(location));
        return "true".equals(options.get(ObjectStoreProvider.AGE_FROM_MTIME)) ? local.agingByModificationTimeOnly() : local;
    }

    private static Optional<String> schemeOf(String location) {
        int i = location.indexOf("://");
        if (i > 0 && location.substring(0, i).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return Optional.of(location.substring(0, i));
        }
        return Optional.empty();
    }
}
