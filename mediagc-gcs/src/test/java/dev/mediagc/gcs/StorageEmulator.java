package dev.mediagc.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import dev.mediagc.spi.contract.NodePackageCache;
import org.junit.jupiter.api.Assumptions;

/**
 * The Cloud Storage emulator of firebase-tools, a separate implementation of the JSON API, as the
 * real protocol peer of the tests. A pinned version is installed with npm once per machine (see
 * {@link NodePackageCache}: the install compiles native code and takes minutes), then started alone on a free port, without security rules. The
 * emulator ignores generation preconditions and takes no batch requests; its launcher
 * ({@code storage-emulator.js}) adds the preconditions, atomic per request, and the store's batch
 * delete falls back to single deletes there (see the module's README). Without Node.js or npm the
 * tests that need it are skipped, saying why; on CI ({@code CI=true}) they fail instead. Public, and
 * shipped in this module's test-jar, for the command line's tests and the listing benchmark.
 */
public final class StorageEmulator implements AutoCloseable {

    public static final String FIREBASE_TOOLS_VERSION = "15.34.2";
    /** Where the launcher script is put; the package itself is in the machine's {@link NodePackageCache}. */
    private static final Path LAUNCHER_FOLDER = Paths.get("target", "storage-emulator").toAbsolutePath();

    private final Process process;
    private final int port;

    private StorageEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts an emulator, installing it first if needed; skips (or, on CI, fails) the calling tests when it cannot. */
    public static StorageEmulator start() throws IOException, InterruptedException {
        try {
            return launch(NodePackageCache.installed("firebase-tools", FIREBASE_TOOLS_VERSION, Duration.ofMinutes(10)));
        } catch (IOException e) {
            String reason = "the Cloud Storage emulator (npm package firebase-tools@" + FIREBASE_TOOLS_VERSION
                    + ") cannot run here: " + e.getMessage() + "; it needs Node.js 20+, npm and access to the npm registry";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(reason, e); // CI runs every test: nothing may be skipped silently
            }
            Assumptions.abort("skipped: " + reason);
            throw e; // not reached
        }
    }

    private static StorageEmulator launch(Path firebaseTools) throws IOException, InterruptedException {
        Files.createDirectories(LAUNCHER_FOLDER);
        Path script = LAUNCHER_FOLDER.resolve("storage-emulator.js");
        try (InputStream in = StorageEmulator.class.getResourceAsStream("/storage-emulator.js")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        int port = freePort();
        Process process = new ProcessBuilder("node", script.toString(), firebaseTools.toString(), String.valueOf(port))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.contains("storage emulator ready")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "storage-emulator-output");
                drain.setDaemon(true);
                drain.start();
                return new StorageEmulator(process, port);
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        process.destroyForcibly();
        throw new IOException("the emulator did not start" + (line == null ? "" : ": " + line));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The store options that reach this emulator, as the command line would pass them. */
    public Map<String, String> options() {
        return Map.of(GcsSettings.ENDPOINT, endpoint().toString(), GcsSettings.ANONYMOUS, "true",
                GcsSettings.PROJECT, "demo-mediagc");
    }

    public GcsSettings settings() {
        return GcsSettings.from(options());
    }

    /** A client of its own, for putting objects in place behind the store's back. */
    public Storage client() {
        return StorageOptions.newBuilder().setHost(endpoint().toString()).setProjectId("demo-mediagc")
                .setCredentials(NoCredentials.getInstance()).build().getService();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
