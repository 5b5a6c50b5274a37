package dev.mediagc.gcs;

import java.net.URI;
import java.util.Map;

/**
 * How to reach Cloud Storage: an endpoint (an emulator), the project to bill, whether to send no
 * credentials, and how many requests to keep in flight. Credentials come from Application Default
 * Credentials and are never logged.
 *
 * @param endpoint        null for Google's own service
 * @param project         null: the project of the credentials or the environment
 * @param anonymous       send no credentials (an emulator, a public bucket)
 * @param listConcurrency list requests in flight at once, and single-object calls mediagc may make at once
 */
public record GcsSettings(URI endpoint, String project, boolean anonymous, int listConcurrency) {

    public static final String ENDPOINT = "gcs-endpoint";
    public static final String PROJECT = "gcs-project";
    public static final String ANONYMOUS = "gcs-anonymous";
    public static final String LIST_CONCURRENCY = "gcs-list-concurrency";
    public static final int DEFAULT_LIST_CONCURRENCY = 16;

    public static GcsSettings from(Map<String, String> options) {
        String endpoint = options.get(ENDPOINT);
        URI uri = null;
        if (endpoint != null && !endpoint.isBlank()) {
            try {
                uri = URI.create(endpoint.trim());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("`" + ENDPOINT + "` must be a URL such as http://localhost:9199, not '"
                        + endpoint + "'");
            }
        }
        String project = options.get(PROJECT);
        if (project != null && project.isBlank()) {
            project = null;
        }
        String concurrency = options.getOrDefault(LIST_CONCURRENCY, String.valueOf(DEFAULT_LIST_CONCURRENCY));
        int listConcurrency;
        try {
            listConcurrency = Integer.parseInt(concurrency.trim());
        } catch (NumberFormatException e) {
            listConcurrency = 0;
        }
        if (listConcurrency < 1 || listConcurrency > 256) {
            throw new IllegalArgumentException("`" + LIST_CONCURRENCY + "` must be a whole number from 1 to 256, not '"
                    + concurrency + "'");
        }
        return new GcsSettings(uri, project, Boolean.parseBoolean(options.getOrDefault(ANONYMOUS, "false")), listConcurrency);
    }
}
