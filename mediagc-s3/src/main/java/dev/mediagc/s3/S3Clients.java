package dev.mediagc.s3;

import java.time.Duration;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the S3 client: default credential chain, bounded retries with backoff, one HTTP pool. Public
 * for modules that read other objects with the same settings and credentials as the store (S3 Inventory).
 */
public final class S3Clients {

    private S3Clients() {
    }

    /** A client for {@code settings}; the caller closes it. */
    public static S3Client build(S3Settings settings) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(Math.max(16, settings.listConcurrency() * 2))
                        .connectionTimeout(Duration.ofSeconds(10)))
                // Standard retries: exponential backoff with jitter on throttling (503 SlowDown)
                // and transient errors, a bounded number of attempts.
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMinutes(5))
                        .build())
                .forcePathStyle(settings.pathStyle())
                // S3-compatible services do not all accept the newer default checksum headers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                // DeleteObjects must carry a checksum; Content-MD5 (sent beside the SDK's CRC32) is the
                // one every S3-compatible service understands.
                .addPlugin(LegacyMd5Plugin.create());
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        } else if (settings.endpoint() != null) {
            // S3-compatible services ignore the region but the signer needs one.
            builder.region(Region.US_EAST_1);
        }
        return builder.build();
    }
}
