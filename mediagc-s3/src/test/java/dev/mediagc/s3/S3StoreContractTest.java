package dev.mediagc.s3;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.contract.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The S3 store keeps the store contract, against a real S3 protocol server (S3Proxy). */
class S3StoreContractTest extends ObjectStoreContract {

    static S3ProxyServer server;
    static int prefixes;

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        try (software.amazon.awssdk.services.s3.S3Client client = server.client()) {
            client.createBucket(b -> b.bucket("contract"));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    /**
     * S3Proxy honours {@code If-None-Match} and {@code If-Match} on PUT, but checks the condition
     * and then writes in two steps, so two racing writers can both succeed (seen: both got true).
     * Amazon S3 makes them atomic; the race tests are for a run against it.
     */
    @Override
    protected boolean conditionalWritesAreAtomic() {
        return false;
    }

    /** A fresh prefix of one bucket for each test: an empty store. */
    @Override
    protected ObjectStore newEmptyStore() {
        return S3Store.open(S3Location.parse("s3://contract/store-" + (++prefixes) + "/"), server.settings());
    }
}
