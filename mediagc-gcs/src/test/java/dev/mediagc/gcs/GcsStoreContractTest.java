package dev.mediagc.gcs;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.contract.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Cloud Storage store keeps the store contract against the Cloud Storage emulator of firebase-tools,
 * with generation preconditions added by the test launcher ({@code storage-emulator.js}), atomic per request.
 */
class GcsStoreContractTest extends ObjectStoreContract {

    static StorageEmulator emulator;
    static int prefixes;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = StorageEmulator.start();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** A fresh prefix of one bucket for each test: an empty store. */
    @Override
    protected ObjectStore newEmptyStore() {
        return GcsStore.open(GcsLocation.parse("gs://contract/store-" + (++prefixes) + "/"), emulator.settings());
    }
}
