package dev.mediagc.gcs;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import dev.mediagc.spi.StoreOption;
import java.util.List;
import java.util.Map;

/** Opens {@code gs://BUCKET/PREFIX} stores for the command line and the Spring Boot starter. */
public final class GcsStoreProvider implements ObjectStoreProvider {

    @Override
    public boolean supports(String location) {
        return location.startsWith(GcsLocation.SCHEME);
    }

    @Override
    public List<StoreOption> options() {
        return List.of(
                StoreOption.value(GcsSettings.ENDPOINT, "URL", "For gs:// stores: another Cloud Storage endpoint, "
                        + "such as an emulator (http://localhost:9199); when unset, Google's service.", null),
                StoreOption.value(GcsSettings.PROJECT, "ID", "For gs:// stores: the Google Cloud project to use; when "
                        + "unset, the project of the credentials or the environment (GOOGLE_CLOUD_PROJECT).", null),
                StoreOption.flag(GcsSettings.ANONYMOUS, "For gs:// stores: send no credentials (an emulator); otherwise "
                        + "Application Default Credentials are used."),
                StoreOption.value(GcsSettings.LIST_CONCURRENCY, "N", "List requests to Cloud Storage in flight at once.",
                        String.valueOf(GcsSettings.DEFAULT_LIST_CONCURRENCY)));
    }

    @Override
    public ObjectStore open(String location, Map<String, String> options) {
        return GcsStore.open(GcsLocation.parse(location), GcsSettings.from(options));
    }
}
