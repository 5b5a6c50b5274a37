package dev.mediagc.azure;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import dev.mediagc.spi.StoreOption;
import java.util.List;
import java.util.Map;

/**
 * Opens {@code azure://ACCOUNT/CONTAINER/PREFIX} stores, or {@code azure://CONTAINER/PREFIX} when a
 * connection string or an endpoint names the account, for the command line and the Spring Boot starter.
 */
public final class AzureStoreProvider implements ObjectStoreProvider {

    @Override
    public boolean supports(String location) {
        return location.startsWith(AzureLocation.SCHEME);
    }

    @Override
    public List<StoreOption> options() {
        return List.of(
                StoreOption.value(AzureSettings.ENDPOINT, "URL", "For azure:// stores: the blob service URL when it is "
                        + "not https://ACCOUNT.blob.core.windows.net (Azurite, a private endpoint, a sovereign cloud); "
                        + "the store is then written azure://CONTAINER/PREFIX.", null),
                StoreOption.value(AzureSettings.CONNECTION_STRING_ENV, "VAR", "For azure:// stores: the NAME of an "
                        + "environment variable holding the storage account's connection string (never the string "
                        + "itself); the store is then written azure://CONTAINER/PREFIX. Without it, the Azure SDK's "
                        + "default credentials (environment, managed identity, az login) are used.", null),
                StoreOption.value(AzureSettings.LIST_CONCURRENCY, "N", "List requests to Azure Blob Storage in flight at once.",
                        String.valueOf(AzureSettings.DEFAULT_LIST_CONCURRENCY)));
    }

    @Override
    public ObjectStore open(String location, Map<String, String> options) {
        AzureSettings settings = AzureSettings.from(options, System::getenv);
        return AzureStore.open(AzureLocation.parse(location, settings.namesAccount()), settings);
    }
}
