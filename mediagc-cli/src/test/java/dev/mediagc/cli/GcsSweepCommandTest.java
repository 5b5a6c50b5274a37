package dev.mediagc.cli;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.mediagc.gcs.StorageEmulator;
import dev.mediagc.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The command on {@code gs://} stores, against the firebase-tools Cloud Storage emulator (skipped
 * without npm, failing on CI), with references in H2; run in this JVM, as the flags carry everything.
 * A missing bucket cannot be tested here: the emulator lists a bucket it has never seen as empty,
 * where Cloud Storage answers 404 (which the store turns into "bucket '…' does not exist").
 */
class GcsSweepCommandTest extends CloudSweepCommandContract {

    static StorageEmulator emulator;
    static Storage client;
    static RuntimeException unavailable;

    /**
     * Starts the one emulator of this class from each test (not from {@code @BeforeAll}), so that a
     * missing emulator shows as every test skipped with the reason, not as a class without tests.
     */
    @Override
    @BeforeEach
    void newBucket() {
        synchronized (GcsSweepCommandTest.class) {
            if (emulator == null && unavailable == null) {
                try {
                    emulator = StorageEmulator.start();
                    client = emulator.client();
                } catch (RuntimeException e) {
                    unavailable = e; // skipped, or on CI failed: the same for every test
                } catch (Exception e) {
                    unavailable = new IllegalStateException("the Cloud Storage emulator could not be started: " + e, e);
                }
            }
            if (unavailable != null) {
                throw unavailable;
            }
        }
        super.newBucket();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (client != null) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.H2;
    }

    @Override
    void createBucket(String name) {
        // The emulator makes a bucket when its first object is written.
    }

    @Override
    void put(String bucket, String key, byte[] content) {
        client.create(BlobInfo.newBuilder(bucket, key).build(), content);
    }

    @Override
    Map<String, byte[]> contents(String bucket) {
        Map<String, byte[]> contents = new TreeMap<>();
        for (Blob blob : client.list(bucket).iterateAll()) {
            contents.put(blob.getName(), client.readAllBytes(blob.getBlobId()));
        }
        return contents;
    }

    @Override
    String location(String bucket, String prefix) {
        return "gs://" + bucket + "/" + prefix;
    }

    @Override
    List<String> storeFlags() {
        return List.of("--gcs-endpoint", emulator.endpoint().toString(), "--gcs-anonymous", "--gcs-project", "demo-mediagc");
    }

    @Override
    List<String> unreachableStoreFlags() {
        return List.of("--gcs-endpoint", "http://127.0.0.1:1", "--gcs-anonymous", "--gcs-project", "demo-mediagc");
    }

    @Override
    CliRun run(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }
}
