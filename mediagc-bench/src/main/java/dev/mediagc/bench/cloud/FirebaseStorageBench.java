package dev.mediagc.bench.cloud;

import com.google.api.gax.paging.Page;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.mediagc.Stores;
import dev.mediagc.gcs.StorageEmulator;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;

/** The firebase-tools Cloud Storage emulator (the GCS store's test launcher). */
final class FirebaseStorageBench implements BenchStore {

    private final StorageEmulator emulator;
    private final Storage client;

    FirebaseStorageBench() throws Exception {
        emulator = StorageEmulator.start();
        client = emulator.client(); // the emulator makes the bucket with its first object
    }

    @Override
    public String name() {
        return "firebase Cloud Storage emulator";
    }

    @Override
    public void put(String key) {
        client.create(BlobInfo.newBuilder("media", key).build(), new byte[0]);
    }

    @Override
    public long listWithSdk() {
        long count = 0;
        Page<Blob> page = client.list("media", Storage.BlobListOption.pageSize(1000));
        while (page != null) {
            for (Blob ignored : page.getValues()) {
                count++;
            }
            page = page.hasNextPage() ? page.getNextPage() : null;
        }
        return count;
    }

    @Override
    public ObjectStore openWithMediagc() throws IOException {
        return Stores.open("gs://media/", emulator.options());
    }

    @Override
    public void close() throws Exception {
        client.close();
        emulator.close();
    }
}
