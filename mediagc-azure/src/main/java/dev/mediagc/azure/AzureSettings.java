package dev.mediagc.azure;

import java.net.URI;
import java.util.Map;
import java.util.function.Function;

/**
 * How to reach the service. With a connection string (read from the environment variable that
 * {@value #CONNECTION_STRING_ENV} names, never from the command line) it says everything; otherwise
 * the endpoint ({@value #ENDPOINT}, else {@code https://ACCOUNT.blob.core.windows.net}) with the
 * Azure SDK's default credential chain (environment, workload or managed identity, Azure CLI login).
 * Secrets are never printed: {@link #toString} leaves the connection string out.
 *
 * @param endpoint         the blob service URL, or null for the account's public one
 * @param connectionString the connection string, or null
 * @param connectionStringEnv the environment variable it came from, for messages, or null
 * @param listConcurrency  list requests in flight at once
 */
public record AzureSettings(URI endpoint, String connectionString, String connectionStringEnv, int listConcurrency) {

    public static final String ENDPOINT = "azure-endpoint";
    public static final String CONNECTION_STRING_ENV = "azure-connection-string-env";
    public static final String LIST_CONCURRENCY = "azure-list-concurrency";
    public static final int DEFAULT_LIST_CONCURRENCY = 16;

    /** Reads the options; {@code environment} resolves the connection string's variable. */
    public static AzureSettings from(Map<String, String> options, Function<String, String> environment) {
        URI uri = null;
        String endpoint = options.get(ENDPOINT);
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null || uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
                throw new IllegalArgumentException("`" + ENDPOINT + "` must be a URL such as https://ACCOUNT.blob.core.windows.net, not '"
                        + endpoint + "'");
            }
        }
        String variable = options.get(CONNECTION_STRING_ENV);
        String connectionString = null;
        if (variable != null) {
            if (variable.contains("=") || variable.contains(";")) {
                // Looks like the secret itself: say so without echoing it.
                throw new IllegalArgumentException("`" + CONNECTION_STRING_ENV + "` takes the NAME of an environment variable "
                        + "holding the connection string (e.g. AZURE_STORAGE_CONNECTION_STRING), not the connection string itself");
            }
            connectionString = environment.apply(variable);
            if (connectionString == null || connectionString.isBlank()) {
                throw new IllegalArgumentException("the environment variable " + variable + " (from `" + CONNECTION_STRING_ENV
                        + "`) is not set or empty; export the storage account's connection string in it");
            }
            if (uri != null) {
                throw new IllegalArgumentException("give either `" + CONNECTION_STRING_ENV + "` or `" + ENDPOINT
                        + "`, not both: the connection string names the endpoint");
            }
        }
        String concurrency = options.getOrDefault(LIST_CONCURRENCY, String.valueOf(DEFAULT_LIST_CONCURRENCY));
        int listConcurrency;
        try {
            listConcurrency = Integer.parseInt(concurrency.trim());
        } catch (NumberFormatException e) {
            listConcurrency = 0;
        }
        if (listConcurrency < 1 || listConcurrency > 256) {
            throw new IllegalArgumentException("`" + LIST_CONCURRENCY + "` must be a whole number from 1 to 256, not '" + concurrency + "'");
        }
        return new AzureSettings(uri, connectionString, variable, listConcurrency);
    }

    /** Whether the account comes from these settings, so a location starts with the container. */
    public boolean namesAccount() {
        return endpoint != null || connectionString != null;
    }

    /** Where requests go, for messages: never the secret. */
    String where(AzureLocation location) {
        if (connectionString != null) {
            return "the account of the connection string in $" + connectionStringEnv;
        }
        if (endpoint != null) {
            return endpoint.toString();
        }
        return "https://" + location.account() + ".blob.core.windows.net";
    }

    @Override
    public String toString() {
        return "AzureSettings[endpoint=" + endpoint + ", connectionStringEnv=" + connectionStringEnv
                + ", listConcurrency=" + listConcurrency + "]";
    }
}
