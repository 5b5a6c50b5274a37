package dev.mediagc.s3;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import java.util.Map;

/** Opens {@code s3://BUCKET/PREFIX} stores for the command line. */
public final class S3StoreProvider implements ObjectStoreProvider {

    @Override
    public boolean supports(String location) {
        return location.startsWith("s3://");
    }

    @Override
    public ObjectStore open(String location, Map<String, String> options) {
        return S3Store.open(S3Location.parse(location), S3Settings.from(options));
    }
}
