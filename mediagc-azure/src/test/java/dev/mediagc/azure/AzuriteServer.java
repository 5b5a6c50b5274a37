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
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite, the Azure Storage emulator, blob service only, in memory, on a free port. Installed
 * once with npm into {@code target/azurite} (a fresh machine needs only Node.js and the npm
 * registry). Telemetry is off: the tests reach nothing outside this machine. Without npm or the registry the tests are skipped, saying why, except on CI
 * ({@code CI=true}), where every test must run and a missing emulator fails the build. Public, and
 * shipped in this module's test-jar, for the command line's tests and the listing benchmark.
 */
public final class AzuriteServer implements AutoCloseable {

    /** Pinned so every run tests against the same emulator. */
    public static final String VERSION = "3.35.0";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's documented, public development key: not a secret. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Path HOME = Path.of("target", "azurite").toAbsolutePath();

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
        Path log = HOME.resolve("azurite-" + port + ".log");
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

    /** The blob service's start script, installed with npm on first use. */
    private static synchronized Path install() throws IOException, InterruptedException {
        Path main = HOME.resolve("node_modules/azurite/dist/src/blob/main.js");
        Path packageJson = HOME.resolve("node_modules/azurite/package.json");
        if (Files.exists(main) && Files.readString(packageJson).contains("\"version\": \"" + VERSION + "\"")) {
            return main;
        }
        Files.createDirectories(HOME);
        Process npm;
        try {
            npm = new ProcessBuilder("npm", "install", "--prefix", HOME.toString(), "--no-audit", "--no-fund",
                    "azurite@" + VERSION).redirectErrorStream(true).redirectOutput(HOME.resolve("npm-install.log").toFile()).start();
        } catch (IOException e) {
            unavailable("npm is not installed (" + e.getMessage() + "); install Node.js 20 or later");
            throw e;
        }
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            unavailable("'npm install azurite@" + VERSION + "' took over five minutes; see " + HOME.resolve("npm-install.log"));
        }
        if (npm.exitValue() != 0 || !Files.exists(main)) {
            unavailable("'npm install azurite@" + VERSION + "' failed (is the npm registry reachable?); see "
                    + HOME.resolve("npm-install.log"));
        }
        return main;
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
