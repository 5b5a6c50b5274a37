package dev.mediagc.internal.key;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class KeyNormalizerTest {

    private final KeyNormalizer normalizer = KeyNormalizer.of(List.of("https://cdn.example.com/", "https://cdn.example.com/media/", "/media/"), false);

    @Test
    void aTopLevelFileMatchesWhicheverWayItIsSpelled() {
        // The copied clean-up script compared "./a.jpg" with "a.jpg" and deleted every top-level file.
        assertThat(normalizer.normalize("./a.jpg")).isEqualTo("a.jpg");
        assertThat(normalizer.normalize("/a.jpg")).isEqualTo("a.jpg");
        assertThat(normalizer.normalize("a.jpg")).isEqualTo("a.jpg");
    }

    @Test
    void dotSegmentsAndDoubledSlashesResolveLexicallyWithinTheRoot() {
        assertThat(normalizer.normalize("photos/../photos/a.jpg")).isEqualTo("photos/a.jpg");
        assertThat(normalizer.normalize("photos//2024/./a.jpg")).isEqualTo("photos/2024/a.jpg");
        assertThat(normalizer.normalize("../../etc/passwd")).isEqualTo("etc/passwd");
        assertThat(normalizer.normalize("a/../../b")).isEqualTo("b");
        assertThat(normalizer.normalize("..")).isNull();
    }

    @Test
    void stripsTheLongestConfiguredPrefixFirst() {
        assertThat(normalizer.normalize("https://cdn.example.com/media/photos/a.jpg")).isEqualTo("photos/a.jpg");
        assertThat(normalizer.normalize("/media/photos/a.jpg")).isEqualTo("photos/a.jpg");
        assertThat(normalizer.normalize("https://cdn.example.com/other/a.jpg")).isEqualTo("other/a.jpg");
    }

    @Test
    void decomposedAndComposedUnicodeMatch() {
        String nfd = Normalizer.normalize("café.jpg", Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo("café.jpg");
        assertThat(normalizer.normalize(nfd)).isEqualTo(normalizer.normalize("café.jpg"));
    }

    @Test
    void caseIsKeptUnlessTheStoreIgnoresIt() {
        assertThat(normalizer.normalize("Photos/A.JPG")).isEqualTo("Photos/A.JPG");
        KeyNormalizer ignoring = KeyNormalizer.of(List.of("/MEDIA/"), true);
        assertThat(ignoring.normalize("/media/Photos/A.JPG")).isEqualTo("photos/a.jpg");
    }

    @Test
    void nullEmptyAndBlankValuesNameNoFile() {
        assertThat(normalizer.normalize(null)).isNull();
        assertThat(normalizer.normalize("")).isNull();
        assertThat(normalizer.normalize("   ")).isNull();
        assertThat(normalizer.normalize("/media/")).isNull();
    }

    @Test
    void spellingsCoverThePrefixedAndSlashedFormsARowMayHold() {
        assertThat(normalizer.spellingsOf("photos/a.jpg"))
                .contains("photos/a.jpg", "/photos/a.jpg", "/media/photos/a.jpg", "https://cdn.example.com/media/photos/a.jpg");
        for (String spelling : normalizer.spellingsOf("photos/café.jpg")) {
            // In its normal form or one of the lenient ones the mark also accepts (percent-encoded, mojibake).
            List<String> marked = new java.util.ArrayList<>(normalizer.lenientForms(spelling));
            marked.add(normalizer.normalize(spelling));
            assertThat(marked).as(spelling).contains(normalizer.normalize("photos/café.jpg"));
        }
    }

    @Test
    void hashesAreStableAndDiffer() {
        assertThat(KeyHash.of("a.jpg")).isEqualTo(KeyHash.of("a.jpg")).isNotEqualTo(KeyHash.of("b.jpg"));
    }
}
