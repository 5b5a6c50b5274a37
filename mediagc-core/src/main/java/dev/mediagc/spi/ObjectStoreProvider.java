package dev.mediagc.spi;

import dev.mediagc.internal.store.LocalStore;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Opens a store from a location string ({@code /var/www/media}, {@code s3://bucket/prefix}).
 * Store modules register one through {@link ServiceLoader}, so the command line can open any store
 * on its class path without knowing it.
 */
public interface ObjectStoreProvider {

    /** Whether this provider understands {@code location}. */
    boolean supports(String location);

    /** Opens the store; {@code options} holds store-specific settings such as an endpoint. */
    ObjectStore open(String location, Map<String, String> options) throws IOException;

    /**
     * The options {@link #open} reads from its map, so the command line, its config file and the
     * Spring Boot starter offer them without knowing this store; none by default.
     */
    default java.util.List<StoreOption> options() {
        return java.util.List.of();
    }

    /**
     * Opens {@code location} with the first registered provider that supports it, or as a local
     * folder when none does and it has no URL scheme.
     */
    static ObjectStore openAny(String location, Map<String, String> options) throws IOException {
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
        LocalStore local = LocalStore.at(java.nio.file.Path.of(location));
        return "true".equals(options.get(AGE_FROM_MTIME)) ? local.agingByModificationTimeOnly() : local;
    }

    /** Option of local stores: ages count from the modification time alone ({@code --age-from-mtime}). */
    String AGE_FROM_MTIME = "age-from-mtime";

    private static Optional<String> schemeOf(String location) {
        int i = location.indexOf("://");
        if (i > 0 && location.substring(0, i).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return Optional.of(location.substring(0, i));
        }
        return Optional.empty();
    }
}
