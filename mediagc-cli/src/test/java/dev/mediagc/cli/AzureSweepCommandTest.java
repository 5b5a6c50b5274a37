package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import dev.mediagc.azure.AzuriteServer;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command on {@code azure://} stores, against Azurite (skipped without npm, failing on CI), with
 * references in PostgreSQL. Each run is a child JVM, because the connection string reaches the command
 * only as the environment variable {@code --azure-connection-string-env} names, as in production.
 */
class AzureSweepCommandTest extends CloudSweepCommandContract {

    private static final String CONNECTION = "MEDIAGC_TEST_AZURITE";
    private static final String REFUSED = "MEDIAGC_TEST_AZURITE_REFUSED";

    AzuriteServer server;

    @Override
    @BeforeEach
    void newBucket() {
        server = AzuriteServer.shared(); // per test: a missing emulator shows as each test skipped, saying why
        super.newBucket();
    }

    @Override
    TestDatabase.Kind database() {
        return TestDatabase.Kind.POSTGRESQL;
    }

    private BlobContainerClient container(String name) {
        return server.client().getBlobContainerClient(name);
    }

    @Override
    void createBucket(String name) {
        container(name).create();
    }

    @Override
    void put(String bucket, String key, byte[] content) {
        container(bucket).getBlobClient(key).upload(BinaryData.fromBytes(content));
    }

    @Override
    Map<String, byte[]> contents(String bucket) {
        Map<String, byte[]> contents = new TreeMap<>();
        for (BlobItem blob : container(bucket).listBlobs()) {
            contents.put(blob.getName(), container(bucket).getBlobClient(blob.getName()).downloadContent().toBytes());
        }
        return contents;
    }

    @Override
    String location(String bucket, String prefix) {
        return "azure://" + bucket + "/" + prefix;
    }

    @Override
    List<String> storeFlags() {
        return List.of("--azure-connection-string-env", CONNECTION);
    }

    @Override
    List<String> unreachableStoreFlags() {
        return List.of("--azure-connection-string-env", REFUSED);
    }

    @Test
    void aMissingContainerIsOneClearLineAndANonZeroExit() throws Exception {
        try (SmallApp app = application()) {
            List<String> args = sweepOf(app, location("no-such-" + bucket, "media"));
            args.addAll(storeFlags());

            CliRun missing = run(args);

            assertThat(missing.exit()).as(missing.out() + missing.err()).isEqualTo(ExitCode.USAGE);
            assertThat(missing.err()).contains("container 'no-such-" + bucket + "' does not exist");
            assertThat(missing.err().lines().toList()).as(missing.err()).hasSize(1);
        }
    }

    /** {@code java -cp TEST_CLASSPATH dev.mediagc.cli.Main ARGS} with the connection strings in its environment. */
    @Override
    CliRun run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(CONNECTION, server.connectionString());
        builder.environment().put(REFUSED, server.connectionString()
                .replaceAll("BlobEndpoint=[^;]*", "BlobEndpoint=http://127.0.0.1:1/" + AzuriteServer.ACCOUNT));
        Process process = builder.start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("mediagc " + args + " did not finish within 120 s");
        }
        return new CliRun(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }
}
