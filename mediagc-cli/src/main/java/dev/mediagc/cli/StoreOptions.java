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
        return options;
    }
}
