package dev.mediagc.s3;

import java.net.URI;
import java.util.Map;

/**
 * How to reach the service: an endpoint for S3-compatible services (MinIO, R2, B2, GCS interop),
 * a region, and path-style addressing. Credentials always come from the SDK's default chain
 * (environment, profile, instance role) and are never logged.
 *
 * @param listConcurrency list requests in flight at once
 */
public record S3Settings(URI endpoint, String region, boolean pathStyle, int listConcurrency) {

    public static final String ENDPOINT = "s3-endpoint";
    public static final String REGION = "s3-region";
    public static final String PATH_STYLE = "s3-path-style";
    public static final String LIST_CONCURRENCY = "s3-list-concurrency";
    public static final int DEFAULT_LIST_CONCURRENCY = 16;

    public static S3Settings from(Map<String, String> options) {
        String endpoint = options.get(ENDPOINT);
        URI uri = null;
        if (endpoint != null) {
            uri = URI.create(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("`s3-endpoint` must be a URL such as https://s3.example.com, not '"
                        + endpoint + "'");
            }
        }
        return new S3Settings(uri, options.get(REGION), Boolean.parseBoolean(options.getOrDefault(PATH_STYLE, "false")),
                Integer.parseInt(options.getOrDefault(LIST_CONCURRENCY, String.valueOf(DEFAULT_LIST_CONCURRENCY))));
    }
}
