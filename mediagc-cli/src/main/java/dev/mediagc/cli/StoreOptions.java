package dev.mediagc.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Settings for stores that need more than a path: S3 and S3-compatible services. */
final class StoreOptions {

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = "For s3:// stores on S3-compatible services: MinIO (http://minio:9000), Cloudflare R2 "
                    + "(https://ACCOUNT.r2.cloudflarestorage.com), GCS interop (https://storage.googleapis.com).")
    String endpoint;

    @Option(names = "--s3-region", paramLabel = "R", description = "The bucket's region, e.g. eu-west-1 (default: the SDK's).")
    String region;

    @Option(names = "--s3-path-style", description = "Address the bucket in the path (MinIO and most self-hosted services).")
    boolean pathStyle;

    @Option(names = "--age-from-mtime",
            description = "Local stores: count a file's age from its modification time alone, not the later of it and "
                    + "its status-change time. Only for a folder whose files were all just copied in keeping their "
                    + "times (a restored backup): it gives up protecting an upload moved in with an old time.")
    boolean ageFromMtime;

    /** Opens {@code location} with these options; a store that cannot be opened is unchecked (a usage error). */
    dev.mediagc.spi.ObjectStore open(String location) {
        try {
            return dev.mediagc.Stores.open(location, asMap());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Map<String, String> asMap() {
        Map<String, String> options = new HashMap<>();
        if (endpoint != null) {
            options.put("s3-endpoint", endpoint);
        }
        if (region != null) {
            options.put("s3-region", region);
        }
        if (pathStyle) {
            options.put("s3-path-style", "true");
        }
        if (ageFromMtime) {
            options.put(dev.mediagc.spi.ObjectStoreProvider.AGE_FROM_MTIME, "true");
        }
        return options;
    }
}
