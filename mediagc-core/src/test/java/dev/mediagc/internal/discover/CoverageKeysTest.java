package dev.mediagc.internal.discover;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.internal.key.KeyNormalizer;
import dev.mediagc.internal.store.LocalStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The keys discover's own listing keeps for the coverage step, so that a big store is not listed
 * a second time: every key of a small store, a uniform sample of a big one.
 */
@Tag("fast")
class CoverageKeysTest {

    @TempDir
    Path media;

    @Test
    void aStoreWithinTheSampleSizeKeepsEveryKeySoItsCoverageIsExact() throws Exception {
        Set<String> written = write(30, 10);
        try (LocalStore store = LocalStore.at(media)) {
            StoredKeys keys = StoredKeys.list(store, KeyNormalizer.of(List.of(), false), 1000, new Random(1), 40);

            assertThat(keys.coverageKeysComplete()).isTrue();
            assertThat(keys.coverageKeys()).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void aBiggerStoreKeepsAUniformSampleOfItsListingNotItsFirstKeys() throws Exception {
        Set<String> written = write(300, 100);
        try (LocalStore store = LocalStore.at(media)) {
            StoredKeys keys = StoredKeys.list(store, KeyNormalizer.of(List.of(), false), 1000, new Random(7), 80);

            assertThat(keys.coverageKeysComplete()).isFalse();
            assertThat(keys.listed()).isEqualTo(400);
            assertThat(keys.coverageKeys()).hasSize(80).doesNotHaveDuplicates().allMatch(written::contains);
            long inB = keys.coverageKeys().stream().filter(key -> key.startsWith("b/")).count();
            // b/ holds a quarter of the store and is listed after a/: the first 80 keys would hold none of it.
            assertThat(inB).isBetween(8L, 32L);
        }
    }

    private Set<String> write(int inA, int inB) throws Exception {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < inA + inB; i++) {
            String key = (i < inA ? "a/" : "b/") + "file-" + i + ".jpg";
            Files.createDirectories(media.resolve(key).getParent());
            Files.writeString(media.resolve(key), key);
            keys.add(key);
        }
        return keys;
    }
}
