package dev.mediagc.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A key's hash must never change between versions: hashes of normal forms are compared across
 * runs (the plan's fingerprint, the store's state) and between the JVM and the Spark job. Faster
 * ways of computing it must give the very same numbers.
 */
class KeyHashTest {

    @ParameterizedTest
    @CsvSource(delimiterString = " -> ", value = {
            "'' -> efd01f60ba992926",
            "photos/2024/05/IMG_0001.jpg -> a34943ff3750bbdb",
            "uploads/Café/naïve.png -> 8f95635f6c065924",
            "日本/写真.jpg -> 13121d876e87bde2",
            "emoji/😀.gif -> dc08deb4f0d18fd1",
            "ÿĀ -> 9651aa1c12a5f687"})
    void keepsTheHashesOfEarlierVersions(String key, String hex) {
        assertThat(KeyHash.of(key)).isEqualTo(Long.parseUnsignedLong(hex, 16));
    }

    @Test
    void isFnv1aOverEachCodeUnitsLowThenHighByteThenMixed() {
        Random random = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder key = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                int kind = random.nextInt(4);
                key.append((char) (kind == 0 ? random.nextInt(0x80) : kind == 1 ? random.nextInt(0x100)
                        : kind == 2 ? 0x100 + random.nextInt(0x700) : random.nextInt(0x10000)));
            }
            assertThat(KeyHash.of(key.toString())).isEqualTo(plainFnv1a(key.toString()));
        }
    }

    @Test
    void hashingInStepsEqualsHashingTheWhole() {
        String folder = "uploads/Café";
        String name = "naïve-日本.png";
        long state = KeyHash.feed(KeyHash.feed(KeyHash.start(), folder, 0, folder.length()), '/');
        assertThat(KeyHash.finish(KeyHash.feed(state, name, 0, name.length())))
                .isEqualTo(KeyHash.of(folder + "/" + name));
    }

    private static long plainFnv1a(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return KeyHash.mix(h);
    }
}
