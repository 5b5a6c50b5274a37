package dev.mediagc.spi;

import java.io.IOException;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Opens a store from a location string ({@code /var/www/media}, {@code s3://bucket/prefix}).
 * Store modules register one through {@link ServiceLoader}, so the command line can open any store
 * on its class path without knowing it ({@link dev.mediagc.Stores#open}).
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

    /** Option of local stores: ages count from the modification time alone ({@code --age-from-mtime}). */
    String AGE_FROM_MTIME = "age-from-mtime";
}
