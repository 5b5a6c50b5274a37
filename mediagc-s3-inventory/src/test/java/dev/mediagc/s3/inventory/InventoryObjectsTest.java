package dev.mediagc.s3.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rules the one-machine listing and the Spark job share, row by row. */
@Tag("fast")
class InventoryObjectsTest {

    private final InventoryObjects site = new InventoryObjects("media", "site/");
    private final Instant time = Instant.parse("2026-11-25T01:02:03.456Z");

    @Test
    void showsTheCurrentVersionUnderThePrefixRelativeToIt() throws IOException {
        assertThat(site.relativeKey(new InventoryRow("media", "site/a b.jpg", true, false, 1L, time, "e"), "f"))
                .isEqualTo("a b.jpg");
        assertThat(site.relativeKey(new InventoryRow("media", "site/a.jpg", null, null, 1L, time, "e"), "f"))
                .as("an inventory of current versions only").isEqualTo("a.jpg");
        assertThat(site.relativeKey(new InventoryRow("media", "site/a.jpg", false, false, 1L, time, "e"), "f")).isNull();
        assertThat(site.relativeKey(new InventoryRow("media", "site/a.jpg", true, true, null, time, null), "f")).isNull();
        assertThat(site.relativeKey(new InventoryRow("media", "sitemap.xml", true, false, 1L, time, "e"), "f")).isNull();
        assertThat(site.relativeKey(new InventoryRow("media", "site/folder/", true, false, 0L, time, "e"), "f")).isNull();
        assertThatThrownBy(() -> site.relativeKey(new InventoryRow("other", "site/a.jpg", true, false, 1L, time, "e"),
                "inventory data file x.csv.gz")).isInstanceOf(IOException.class)
                .hasMessage("inventory data file x.csv.gz lists bucket 'other', not 'media'; the inventory is not of this bucket");
    }

    @Test
    void reportsTheObjectAsAHeadOfItWould() {
        assertThat(InventoryObjects.object("a.jpg", new InventoryRow("media", "site/a.jpg", true, false, 7L, time, "abc")))
                .isEqualTo(new StoredObject("a.jpg", 7, Instant.parse("2026-11-25T01:02:03Z"), "\"abc\""));
        assertThat(InventoryObjects.object("a.jpg", new InventoryRow("media", "site/a.jpg", true, false, 7L, null, "abc")))
                .as("no time: young, never a candidate").isEqualTo(new StoredObject("a.jpg", 7, null, null));
    }

    @Test
    void leavesOutMediagcsAreaAndEveryStoreNestedAtAnyDepth() {
        assertThat(InventoryObjects.nestedStore(".mediagc/journal/1")).isNull();
        assertThat(InventoryObjects.nestedStore("tenant/.mediagc/lock")).isEqualTo("tenant/");
        assertThat(InventoryObjects.nestedStore("a/b/.mediagc")).isEqualTo("a/b/");
        assertThat(InventoryObjects.nestedStore("a/b.mediagc/c")).isNull();
        Set<String> outermost = InventoryObjects.outermost(List.of("tenant/inner/", "tenant/", "a/b/"));
        assertThat(outermost).containsExactly("a/b/", "tenant/");
        assertThat(InventoryObjects.listed("tenant/inner/x.jpg", outermost)).isFalse();
        assertThat(InventoryObjects.listed("a/b/x.jpg", outermost)).isFalse();
        assertThat(InventoryObjects.listed(".mediagc/x", outermost)).isFalse();
        assertThat(InventoryObjects.listed("a/x.jpg", outermost)).isTrue();
        assertThat(InventoryObjects.listed("tenant2/x.jpg", outermost)).isTrue();
    }

    @Test
    void anEmptyMediagcFolderMarkerMarksAnotherStoreThoughItIsNoObject() throws IOException {
        InventoryRow marker = new InventoryRow("media", "site/tenant/.mediagc/", true, false, 0L, time, "e");
        assertThat(site.relativeKey(marker, "f")).as("a folder marker is no object").isNull();
        assertThat(site.nestedStoreMarkedBy(marker, "f")).isEqualTo("tenant/");
        assertThat(site.nestedStoreMarkedBy(new InventoryRow("media", "site/tenant/.mediagc/lock", true, false, 2L, time, "e"),
                "f")).isEqualTo("tenant/");
        assertThat(site.nestedStoreMarkedBy(new InventoryRow("media", "site/.mediagc/", true, false, 0L, time, "e"), "f"))
                .as("the store's own area").isNull();
        assertThat(site.nestedStoreMarkedBy(new InventoryRow("media", "site/old/.mediagc/", false, false, 0L, time, "e"), "f"))
                .as("a version that is no longer current marks nothing, as the live listing shows nothing of it").isNull();
        assertThat(site.nestedStoreMarkedBy(new InventoryRow("media", "other/.mediagc/", true, false, 0L, time, "e"), "f"))
                .as("outside the prefix").isNull();
    }

    @Test
    void decodesACsvKeyAsS3EncodesItAndRefusesBytesThatAreNoUtf8() {
        assertThat(InventoryObjects.csvKey("uploads/a+b%2Bc%20d.jpg")).isEqualTo("uploads/a b+c d.jpg");
        assertThat(InventoryObjects.csvKey("caf%C3%A9/%E6%9D%B1%E4%BA%AC.png")).isEqualTo("caf\u00e9/\u6771\u4eac.png");
        assertThat(InventoryObjects.csvKey("emoji/%F0%9F%98%80.png")).isEqualTo("emoji/\uD83D\uDE00.png");
        assertThat(InventoryObjects.csvKey("plain/key.jpg")).isEqualTo("plain/key.jpg");
        assertThatThrownBy(() -> InventoryObjects.csvKey("uploads/%FF.jpg")).as("a byte no UTF-8 key holds")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not decode to UTF-8");
        assertThatThrownBy(() -> InventoryObjects.csvKey("uploads/%C3.jpg")).as("a sequence cut short")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsACsvRowsTextAsS3WritesIt() {
        assertThat(InventoryRow.ofCsv("media", "site/caf%C3%A9+plus%2B.jpg", "true", "", "12", "2026-11-25T01:02:03.000Z", "abc"))
                .isEqualTo(new InventoryRow("media", "site/café plus+.jpg", true, null, 12L,
                        Instant.parse("2026-11-25T01:02:03Z"), "abc"));
        assertThat(InventoryObjects.csvColumns("Bucket, Key, Size, LastModifiedDate, ETag, IsLatest", "m"))
                .containsExactly("bucket", "key", "size", "lastmodifieddate", "etag", "islatest");
        assertThatThrownBy(() -> InventoryObjects.csvColumns("Bucket, Key, Size", "m"))
                .hasMessageStartingWith("m lacks the field(s) LastModifiedDate, ETag");
        assertThatThrownBy(() -> InventoryRow.ofCsv("media", "k", "yes", "", "1", "", ""))
                .hasMessage("'yes' is neither true nor false");
    }
}
