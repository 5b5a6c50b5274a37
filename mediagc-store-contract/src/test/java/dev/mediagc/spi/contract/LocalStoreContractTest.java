package dev.mediagc.spi.contract;

import dev.mediagc.Stores;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local folder store keeps the store contract. */
class LocalStoreContractTest extends ObjectStoreContract {

    @TempDir
    Path temp;

    @Override
    protected ObjectStore newEmptyStore() throws IOException {
        return Stores.local(Files.createDirectories(temp.resolve("media")));
    }
}
