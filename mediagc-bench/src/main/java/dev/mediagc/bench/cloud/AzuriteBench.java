package dev.mediagc.bench.cloud;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import dev.mediagc.azure.AzureLocation;
import dev.mediagc.azure.AzureSettings;
import dev.mediagc.azure.AzureStore;
import dev.mediagc.azure.AzuriteServer;
import dev.mediagc.spi.ObjectStore;
import java.util.Map;

/** Azurite, the Azure Storage emulator (the Azure store's test launcher), in memory. */
final class AzuriteBench implements BenchStore {

    private final AzuriteServer server;
    private final BlobContainerClient container;

    AzuriteBench() {
        server = AzuriteServer.shared();
        server.client().createBlobContainerIfNotExists("media");
        container = server.client().getBlobContainerClient("media");
    }

    @Override
    public String name() {
        return "Azurite";
    }

    @Override
    public void put(String key) {
        container.getBlobClient(key).upload(BinaryData.fromBytes(new byte[0]));
    }

    @Override
    public long listWithSdk() {
        long count = 0;
        // Flat listing, 5,000 a page (the service's maximum), as a plain client would list a container.
        for (var page : container.listBlobs(new ListBlobsOptions().setMaxResultsPerPage(5000), null).iterableByPage()) {
            for (BlobItem ignored : page.getValue()) {
                count++;
            }
        }
        return count;
    }

    /**
     * Opened as the provider opens {@code azure://media/} with {@code --azure-connection-string-env}, the
     * variable's value handed over directly: Azurite's port is only known once it runs.
     */
    @Override
    public ObjectStore openWithMediagc() {
        AzureSettings settings = AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "AZURITE"),
                variable -> variable.equals("AZURITE") ? server.connectionString() : null);
        return AzureStore.open(AzureLocation.parse("azure://media/", settings.namesAccount()), settings);
    }

    @Override
    public void close() {
        server.close();
    }
}
