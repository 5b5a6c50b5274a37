package dev.mediagc.internal.store;

import dev.mediagc.spi.KeyOrder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A local store lists any stretch of its keys in the order S3 would (code points), and exactly
 * the keys its full listing has: never its own area, a link, or another store's files.
 */
@Tag("fast")
class LocalStoreOrderedListingTest {

    @TempDir
    Path root;

    private static final List<String> KEYS = List.of("-draft.jpg", "a-b/x.jpg", "a.jpg", "a/x.jpg", "a/y/z.png", "a0.jpg",
            "caf\u00e9/menu.pdf", "photos/2024/05/IMG 0001.jpg", "photos/2024/05/IMG_0001.jpg", "photos/2024/06/\ud83d\ude00.png",
            "photos/2024/06/\uff41.png", "z.txt");

    @Test
    void listsEveryStretchOfItsKeysInCodePointOrderAndNothingElse() throws IOException {
        for (String key : KEYS) {
            write(key);
        }
        write(".mediagc/journal/run-1.jsonl");
        write("plugins/other/.mediagc/lock");
        write("plugins/other/x.jpg");
        Files.createSymbolicLink(root.resolve("photos/link.jpg"), root.resolve("a.jpg"));
        List<String> expected = new ArrayList<>(KEYS);
        expected.sort(KeyOrder.COMPARATOR);

        try (LocalStore store = LocalStore.at(root)) {
            assertThat(store.keysAfter(null, 100)).containsExactlyElementsOf(expected);
            assertThat(store.keysAfter(null, 3)).containsExactlyElementsOf(expected.subList(0, 3));
            for (int i = 0; i < expected.size(); i++) {
                assertThat(store.keysAfter(expected.get(i), 100)).as("after " + expected.get(i))
                        .containsExactlyElementsOf(expected.subList(i + 1, expected.size()));
            }
            assertThat(store.keysAfter("photos/", 2)).containsExactly("photos/2024/05/IMG 0001.jpg", "photos/2024/05/IMG_0001.jpg");
            assertThat(store.keysAfter("b", 100)).containsExactlyElementsOf(expected.subList(expected.indexOf("caf\u00e9/menu.pdf"),
                    expected.size()));
            assertThat(store.entries("", 100)).containsExactly("-draft.jpg", "a-b/", "a.jpg", "a/", "a0.jpg", "caf\u00e9/",
                    "photos/", "plugins/", "z.txt");
            assertThat(store.entries("photos/2024/06/", 100)).containsExactly("photos/2024/06/\uff41.png".substring(15),
                    "\ud83d\ude00.png");
        }
    }

    private void write(String key) throws IOException {
        Path file = root.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, key);
    }
}
