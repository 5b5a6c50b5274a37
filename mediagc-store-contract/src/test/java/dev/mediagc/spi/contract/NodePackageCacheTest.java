package dev.mediagc.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared npm cache. The install itself needs npm and the registry (the emulator tests exercise
 * it); these tests pin what decides whether an install is used, redone or reported.
 */
class NodePackageCacheTest {

    @TempDir
    Path cache;

    @Test
    void usesACompletedInstallWithoutRunningNpm() throws Exception {
        Path home = Files.createDirectories(cache.resolve("some-emulator-1.2.3"));
        Files.writeString(home.resolve(".mediagc-installed"), "some-emulator@1.2.3\n");

        // No such package exists in any registry: reaching npm would fail the call.
        Path folder = NodePackageCache.installed(cache, "some-emulator", "1.2.3", Duration.ofSeconds(30));

        assertThat(folder).isEqualTo(home.resolve("node_modules").resolve("some-emulator"));
    }

    @Test
    void redoesAnInstallThatWasCutShortAndNeverMarksAFailedOneComplete() throws IOException {
        Path home = Files.createDirectories(cache.resolve("mediagc-no-such-package-for-tests-0.0.1"));
        Path leftover = Files.createDirectories(home.resolve("node_modules").resolve("half-written"));
        Files.writeString(leftover.resolve("index.js"), "// cut short");

        assertThatThrownBy(() -> NodePackageCache.installed(cache, "mediagc-no-such-package-for-tests", "0.0.1",
                Duration.ofMinutes(2)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mediagc-no-such-package-for-tests@0.0.1");

        assertThat(leftover).doesNotExist(); // the unfinished install was cleared before npm ran again
        assertThat(home.resolve(".mediagc-installed")).doesNotExist();
    }

    @Test
    void keepsEachVersionApart() throws Exception {
        Files.createDirectories(cache.resolve("emu-1.0.0"));
        Files.writeString(cache.resolve("emu-1.0.0").resolve(".mediagc-installed"), "emu@1.0.0\n");
        Files.createDirectories(cache.resolve("emu-2.0.0"));
        Files.writeString(cache.resolve("emu-2.0.0").resolve(".mediagc-installed"), "emu@2.0.0\n");

        assertThat(NodePackageCache.installed(cache, "emu", "2.0.0", Duration.ofSeconds(30)))
                .isEqualTo(cache.resolve("emu-2.0.0").resolve("node_modules").resolve("emu"));
    }
}
