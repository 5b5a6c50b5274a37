package dev.mediagc.s3;

import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.ObjectStoreProvider;
import dev.mediagc.spi.StoreOption;
import java.util.List;
import java.util.Map;

/** Opens {@code s3://BUCKET/PREFIX} stores for the command line and the Spring Boot starter. */
public final class S3StoreProvider implements ObjectStoreProvider {

    @Override
    public boolean supports(String location) {
        return location.startsWith("s3://");
    }

    @Override
    public List<StoreOption> options() {
        return List.of(
                StoreOption.value(S3Settings.ENDPOINT, "URL", "For s3:// stores on S3-compatible services: MinIO "
                        + "(http://minio:9000), Cloudflare R2 (https://ACCOUNT.r2.cloudflarestorage.com), GCS interop "
                        + "(https://storage.googleapis.com).", null),
                StoreOption.value(S3Settings.REGION, "R",
                        "The bucket's region, e.g. eu-west-1; when unset, the AWS SDK's default region chain.", null),
                StoreOption.flag(S3Settings.PATH_STYLE,
                        "Address the bucket in the path (endpoint/BUCKET/key), as MinIO and most self-hosted services need."),
                StoreOption.value(S3Settings.LIST_CONCURRENCY, "N", "List requests to S3 in flight at once.",
                        String.valueOf(S3Settings.DEFAULT_LIST_CONCURRENCY)));
    }

    @Override
    public ObjectStore open(String location, Map<String, String> options) {
        return S3Store.open(S3Location.parse(location), S3Settings.from(options));
    }
}
