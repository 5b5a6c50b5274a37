package dev.mediagc.cli;

import java.util.Map;

/**
 * The activestorage preset on a bucket's flat keys (S3, GCS, Azure: blob KEY at KEY, variants at
 * variants/KEY/DIGEST), here a local folder holding the same keys, shared by two service names
 * (a mirror's blobs carry the mirror's name); blobs moved to the service "amazon" are not this store's.
 */
class ActiveStorageS3PresetTest extends ActiveStorageApplication {

    @Override
    boolean diskService() {
        return false;
    }

    @Override
    Map<String, String> params() {
        return Map.of("services", "local,mirror");
    }
}
