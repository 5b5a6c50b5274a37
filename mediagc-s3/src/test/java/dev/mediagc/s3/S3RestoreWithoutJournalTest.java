package dev.mediagc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.quarantine.Quarantine;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** A quarantine run whose journal is gone is restored from the bucket's quarantine prefix itself. */
class S3RestoreWithoutJournalTest {

    static S3ProxyServer server;
    static S3Client client;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        client = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @Test
    void everyObjectUnderTheRunsQuarantinePrefixGoesBackToItsKey() throws Exception {
        String bucket = "media-restore";
        client.createBucket(b -> b.bucket(bucket));
        String run = "20200101T000000Z-aaaa";
        List<String> keys = List.of("Stra\u00dfe.jpg", "photos/2024/caf\u00e9 terrasse.jpg", "photos/\u6771\u4eac/a b.png");
        for (String key : keys) {
            client.putObject(b -> b.bucket(bucket).key("m/.mediagc/quarantine/" + run + "/" + key),
                    RequestBody.fromString("content of " + key, StandardCharsets.UTF_8));
        }

        Quarantine.RestoreResult result;
        try (S3Store s3 = S3Store.open(S3Location.parse("s3://" + bucket + "/m"), server.settings())) {
            result = new Quarantine(s3).restore(run);
        }

        assertThat(result.journalMissing()).isTrue();
        assertThat(result.failed()).isEmpty();
        assertThat(result.restored()).isEqualTo(keys.size());
        for (String key : keys) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("m/" + key)).asUtf8String())
                    .isEqualTo("content of " + key);
        }
    }
}
