package dev.mediagc.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class NestedStoreFilterTest {

    private final List<String> stores = new ArrayList<>();

    /** Feeds keys in listing order, returns what was let through. */
    private List<String> run(String base, boolean baseMayBeStore, String... keys) {
        NestedStoreFilter<String> filter = new NestedStoreFilter<>(base, baseMayBeStore, stores::add);
        List<String> released = new ArrayList<>();
        for (String key : keys) {
            released.addAll(filter.offer(key, key));
        }
        released.addAll(filter.finish());
        return released;
    }

    @Test
    void namesSortingBeforeTheStateFolderAreHeldUntilTheListingPassesIt() {
        List<String> released = run("m/", false, "m/t/ (1).jpg", "m/t/-a.jpg", "m/t/.hidden", "m/t/.mediagc-old/x",
                "m/t/.mediagc/binding.json", "m/t/z.jpg", "m/u/-a.jpg", "m/u/b.jpg", "m/v.jpg");
        assertThat(released).containsExactlyInAnyOrder("m/u/-a.jpg", "m/u/b.jpg", "m/v.jpg");
        assertThat(stores).containsExactly("m/t/");
    }

    @Test
    void aFileNamedMediagcMarksItsFolderToo() {
        assertThat(run("m/", false, "m/t/-a.jpg", "m/t/.mediagc", "m/t/b.jpg", "m/w.jpg")).containsExactly("m/w.jpg");
        assertThat(stores).containsExactly("m/t/");
    }

    @Test
    void theStoresOwnRootIsNeverAnotherStoreButAListedFolderCanBe() {
        assertThat(run("m/", false, "m/-a.jpg", "m/.mediagc/lock.json", "m/b.jpg")).containsExactlyInAnyOrder("m/-a.jpg",
                "m/.mediagc/lock.json", "m/b.jpg"); // the caller drops its own state area
        assertThat(stores).isEmpty();
        assertThat(run("m/t/", true, "m/t/-a.jpg", "m/t/.mediagc/", "m/t/z/")).isEmpty();
        assertThat(stores).containsExactly("m/t/");
    }

    @Test
    void comparesInCodePointOrderAsS3Lists() {
        assertThat(KeyOrder.compare("\uFFFF", "\uD83D\uDE00")).isNegative();
        assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive();
        assertThat(KeyOrder.compare("a", "ab")).isNegative();
        assertThat(KeyOrder.compare("é", "é")).isZero();
    }
}
