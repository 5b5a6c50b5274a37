package dev.mediagc.azure;

import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;

/**
 * Builds the service client: a connection string when given, else the endpoint with the Azure
 * SDK's default credential chain; exponential retries with a bounded number of attempts.
 */
final class AzureClients {

    private AzureClients() {
    }

    static BlobServiceClient build(AzureLocation location, AzureSettings settings) {
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                // Throttling (503 ServerBusy) and transient errors: backoff, then give up.
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 5, Duration.ofMinutes(2),
                        Duration.ofMillis(500), Duration.ofSeconds(30), null));
        if (settings.connectionString() != null) {
            try {
                builder.connectionString(settings.connectionString());
            } catch (RuntimeException e) {
                // The SDK's message may quote the string; ours never does.
                throw new IllegalArgumentException("the connection string in $" + settings.connectionStringEnv()
                        + " is not valid; copy it again from the storage account's Access keys page");
            }
        } else {
            String endpoint = settings.endpoint() != null ? settings.endpoint().toString()
                    : "https://" + location.account() + ".blob.core.windows.net";
            builder.endpoint(endpoint).credential(new DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient();
    }
}
