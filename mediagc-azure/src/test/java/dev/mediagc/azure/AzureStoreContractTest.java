package dev.mediagc.azure;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.contract.ObjectStoreContract;

/**
 * The Azure store keeps the store contract, against Azurite, the Azure Storage emulator. The race
 * tests run too: Azurite's conditional Put Blob held against two racing writers (and fails them
 * when the condition is taken away).
 */
class AzureStoreContractTest extends ObjectStoreContract {

    static int prefixes;

    /** A fresh prefix of one container for each test: an empty store. */
    @Override
    protected ObjectStore newEmptyStore() {
        return AzuriteServer.shared().store("contract", "store-" + (++prefixes) + "/");
    }
}
