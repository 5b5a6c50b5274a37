package dev.mediagc.azure;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.contract.ObjectStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Azure store keeps the store contract, against Azurite, the Azure Storage emulator. */
class AzureStoreContractTest extends ObjectStoreContract {

    static AzuriteServer server;
    static int prefixes;

    @BeforeAll
    static void startServer() throws Exception {
        server = new AzuriteServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** A fresh prefix of one container for each test: an empty store. */
    @Override
    protected ObjectStore newEmptyStore() {
        return server.store("contract", "store-" + (++prefixes) + "/");
    }
}
