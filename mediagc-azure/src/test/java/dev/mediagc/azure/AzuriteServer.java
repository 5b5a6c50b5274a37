package dev.mediagc.azure;

import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.mediagc.spi.contract.NodePackageCache;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite, the Azure Storage emulator, blob service only, in memory, on a free port. Installed
 * with npm once per machine (see {@link NodePackageCache}; a fresh machine needs only Node.js and
 * the npm registry). Telemetry is off: the tests reach nothing outside this machine. Without npm or the registry the tests are skipped, saying why, except on CI
 * ({@code CI=true}), where every test must run and a missing emulator fails the build. Public, and
 * shipped in this module's test-jar, for the command line's tests and the listing benchmark.
 */
public final class AzuriteServer implements AutoCloseable {

    /** Pinned so every run tests against the same emulator. */
    public static final String VERSION = "3.35.0";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development key: not a secret. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Path LOGS = Path.of("target", "azurite").toAbsolutePath();

    private static AzuriteServer shared;
    private static RuntimeException unavailable;

    private final Process process;
    private final int port;

    /**
     * The one emulator of this test run, started on first use and stopped when the JVM exits. Called
     * from each test (not from {@code @BeforeAll}), so that a missing emulator shows as every test
     * skipped with the reason, rather than as a class with no tests.
     */
    public static synchronized AzuriteServer shared() {
        if (shared == null && unavailable == null) {
            try {
                shared = new AzuriteServer();
                AzuriteServer started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            } catch (RuntimeException e) {
                unavailable = e;
            } catch (IOException e) {
                unavailable = new IllegalStateException("Azurite could not be started: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = new IllegalStateException("interrupted while starting Azurite", e);
            }
        }
        if (shared == null) {
            throw unavailable;
        }
        return shared;
    }

    AzuriteServer() throws IOException, InterruptedException {
        Path main = install();
        port = freePort();
        Files.createDirectories(LOGS);
        Path log = LOGS.resolve("azurite-" + port + ".log");
        process = new ProcessBuilder(List.of("node", main.toString(), "--blobHost", "127.0.0.1", "--blobPort",
                String.valueOf(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
                "--disableProductStyleUrl", "--disableTelemetry"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!listening()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                unavailable("Azurite did not start listening on port " + port + "; see " + log);
            }
            Thread.sleep(100);
        }
    }

    /** The blob service's start script, from the machine's {@link NodePackageCache}. */
    private static Path install() throws InterruptedException {
        try {
            return NodePackageCache.installed("azurite", VERSION, Duration.ofMinutes(5))
                    .resolve("dist/src/blob/main.js");
        } catch (IOException e) {
            unavailable(e.getMessage());
            throw new IllegalStateException(e); // not reached: unavailable always throws
        }
    }

    /** Skips the test, or on CI fails it: CI must run every test. */
    private static void unavailable(String why) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("Azurite is needed for these tests: " + why);
        }
        Assumptions.abort("skipped: Azurite is not available: " + why);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private boolean listening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** Settings as the command line builds them from {@code --azure-connection-string-env AZURITE}. */
    public AzureSettings settings() {
        return AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "AZURITE"),
                name -> name.equals("AZURITE") ? connectionString() : null);
    }

    public BlobServiceClient client() {
        return new BlobServiceClientBuilder().connectionString(connectionString()).buildClient();
    }

    /** A store over {@code container/prefix}, the container made if missing. */
    public AzureStore store(String container, String prefix) {
        if (!client().getBlobContainerClient(container).exists()) {
            client().createBlobContainer(container);
        }
        return AzureStore.open(AzureLocation.parse("azure://" + container + "/" + prefix, true), settings());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
