package dev.mediagc.spi.contract;

import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local store keeps the contract with its quarantine in a folder outside the root too. */
class LocalStoreWithQuarantineElsewhereContractTest extends ObjectStoreContract {

    @TempDir
    Path temp;

    @Override
    protected ObjectStore newEmptyStore() throws IOException {
        return LocalStore.at(Files.createDirectories(temp.resolve("media")), temp.resolve("quarantine"));
    }
}
