package dev.mediagc.spi.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * npm packages that tests run as protocol peers (a storage emulator, say), installed once per
 * machine and version into a cache shared by every module and every checkout, instead of once per
 * module's {@code target}. Installing an emulator can take minutes (one compiles native code), so a
 * clean build that needs it in two modules would pay twice.
 *
 * <p>The cache is {@code $MEDIAGC_TEST_CACHE}, else {@code $XDG_CACHE_HOME/mediagc-test}, else
 * {@code ~/.cache/mediagc-test}; each package and version has a folder of its own there. An
 * install counts only once npm has succeeded and a completion mark is written, so an install cut
 * short (a killed build) is redone from scratch next time, never half used. A lock file keeps two
 * builds on one machine from installing the same package at once: the second waits and then uses
 * the first one's.
 */
public final class NodePackageCache {

    private static final String COMPLETE = ".mediagc-installed";

    private NodePackageCache() {
    }

    /** The cache folder, as the environment names it. */
    public static Path root() {
        String explicit = System.getenv("MEDIAGC_TEST_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("mediagc-test").toAbsolutePath();
    }

    /**
     * The installed package's own folder ({@code …/node_modules/NAME}), installing it first when
     * this machine has no complete install of that version.
     *
     * @throws IOException when npm is missing, fails or takes longer than {@code timeout}; the
     *     message says which and where npm's log is
     */
    public static Path installed(String name, String version, Duration timeout) throws IOException, InterruptedException {
        return installed(root(), name, version, timeout);
    }

    static Path installed(Path root, String name, String version, Duration timeout) throws IOException, InterruptedException {
        Path home = root.resolve(name + "-" + version);
        Path packageFolder = home.resolve("node_modules").resolve(name);
        if (Files.exists(home.resolve(COMPLETE))) {
            return packageFolder;
        }
        Files.createDirectories(root);
        synchronized (NodePackageCache.class) { // a file lock is held per JVM: threads queue here first
            try (FileChannel channel = FileChannel.open(root.resolve(name + "-" + version + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                if (Files.exists(home.resolve(COMPLETE))) {
                    return packageFolder; // another build installed it while this one waited
                }
                deleteTree(home); // whatever is there is an install cut short
                Files.createDirectories(home);
                install(home, name + "@" + version, timeout);
                if (!Files.isDirectory(packageFolder)) {
                    throw new IOException("npm reported success but " + packageFolder + " is missing");
                }
                Files.writeString(home.resolve(COMPLETE), name + "@" + version + "\n");
                return packageFolder;
            }
        }
    }

    private static void install(Path home, String spec, Duration timeout) throws IOException, InterruptedException {
        Path log = home.resolve("npm-install.log");
        Process npm;
        try {
            npm = new ProcessBuilder(List.of("npm", "install", "--prefix", home.toString(), "--no-audit", "--no-fund",
                    "--loglevel=error", spec)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("cannot run 'npm install " + spec + "': npm is not installed (" + e.getMessage()
                    + "); install Node.js 20 or later", e);
        }
        if (!npm.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            npm.destroyForcibly();
            throw new IOException("'npm install " + spec + "' took over " + timeout.toMinutes() + " minutes; see " + log);
        }
        if (npm.exitValue() != 0) {
            throw new IOException("'npm install " + spec + "' failed with exit " + npm.exitValue()
                    + " (is the npm registry reachable?); see " + log);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new IOException("cannot clear the unfinished install in " + folder + ": " + e.getCause().getMessage(), e);
        }
    }
}
