package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** PHP's serialize() format, read the way PHP writes it: string lengths in bytes of UTF-8. */
@Tag("fast")
class PhpSerializedExtractorTest {

    /** {@code s:N:"text";} with N in bytes, as PHP writes it. */
    static String s(String text) {
        return "s:" + text.getBytes(StandardCharsets.UTF_8).length + ":\"" + text + "\";";
    }

    /** WordPress's {@code _wp_attachment_metadata} for an upload and its sizes. */
    static String attachmentMetadata(String file, String... sizeFiles) {
        StringBuilder sizes = new StringBuilder("a:" + sizeFiles.length + ":{");
        for (int i = 0; i < sizeFiles.length; i++) {
            sizes.append(s("size" + i)).append("a:4:{").append(s("file")).append(s(sizeFiles[i]))
                    .append(s("width")).append("i:150;").append(s("height")).append("i:150;")
                    .append(s("mime-type")).append(s("image/jpeg")).append('}');
        }
        sizes.append('}');
        return "a:5:{" + s("width") + "i:1200;" + s("height") + "i:800;" + s("file") + s(file)
                + s("sizes") + sizes + s("image_meta") + "a:2:{" + s("title") + s("Café, ½ price") + s("keywords")
                + "a:0:{}}}";
    }

    @Test
    void findsTheStringsUnderAKeyAtAnyDepth() throws UnreadableValueException {
        String value = attachmentMetadata("2024/05/photo.jpg", "photo-150x150.jpg", "photo-300x200.jpg");

        assertThat(Extracted.keys(new PhpSerializedExtractor("file"), value))
                .containsExactly("2024/05/photo.jpg", "photo-150x150.jpg", "photo-300x200.jpg");
    }

    @Test
    void countsStringLengthsInBytesOfUtf8() throws UnreadableValueException {
        String value = "a:2:{" + s("file") + s("2024/05/café-日本-😀.jpg") + s("note") + s("naïve") + "}";
        assertThat(value).contains("s:29:\"2024/05/café"); // 22 UTF-16 characters, 29 bytes

        assertThat(Extracted.keys(new PhpSerializedExtractor("file"), value)).containsExactly("2024/05/café-日本-😀.jpg");
    }

    @Test
    void readsObjectsAndIntegerKeysAndVisibilityMarks() throws UnreadableValueException {
        String value = "O:8:\"stdClass\":2:{" + s("\0*\0file") + s("protected.png") + s("files")
                + "a:2:{i:0;" + s("a.png") + "i:1;" + s("b.png") + "}}";

        assertThat(Extracted.keys(new PhpSerializedExtractor("file"), value)).containsExactly("protected.png");
        assertThat(Extracted.keys(new PhpSerializedExtractor("files"), value)).containsExactly("a.png", "b.png");
    }

    @Test
    void wordPressSizesAreNamedRelativeToTheUploadsFolder() throws UnreadableValueException {
        String value = attachmentMetadata("2024/05/photo-scaled.jpg", "photo-150x150.jpg", "photo-300x200.jpg");
        value = value.replace("a:5:{", "a:6:{").substring(0, value.length() - 1) + s("original_image") + s("photo.jpg") + "}";

        assertThat(Extracted.keys(new WordPressAttachmentExtractor(), value)).containsExactly(
                "2024/05/photo-scaled.jpg", "2024/05/photo-150x150.jpg", "2024/05/photo-300x200.jpg", "2024/05/photo.jpg");
    }

    @Test
    void aWordPressUploadAtTheTopLevelHasNoFolder() throws UnreadableValueException {
        assertThat(Extracted.keys(new WordPressAttachmentExtractor(), attachmentMetadata("photo.jpg", "photo-1x1.jpg")))
                .containsExactly("photo.jpg", "photo-1x1.jpg");
    }

    @Test
    void sizesWithoutATopLevelFileCannotBePlacedAndAreUnreadableRatherThanMarkedAtTheRoot() {
        // WordPress's metadata of a PDF: previews in 'sizes', no top-level 'file'.
        String pdf = "a:1:{" + s("sizes") + "a:1:{" + s("full") + "a:2:{" + s("file") + s("report-pdf.jpg")
                + s("mime-type") + s("image/jpeg") + "}}}";

        assertThatThrownBy(() -> Extracted.keys(new WordPressAttachmentExtractor(), pdf))
                .isInstanceOf(UnreadableValueException.class).hasMessageContaining("folder is unknown");
    }

    @Test
    void aTruncatedOrMiscountedValueIsUnreadable() {
        String whole = attachmentMetadata("2024/05/photo.jpg", "photo-150x150.jpg");
        for (String broken : List.of(whole.substring(0, whole.length() / 2),
                whole.replace("s:17:\"2024/05/photo.jpg\"", "s:18:\"2024/05/photo.jpg\""),
                whole.replace("2024/05/photo.jpg", "2024/05/phöto.jpg"), // a search-and-replace that kept the length
                whole + "x", "not serialized", "C:3:\"Foo\":1:{x}")) {
            assertThatThrownBy(() -> Extracted.keys(new PhpSerializedExtractor("file"), broken)).as(broken)
                    .isInstanceOf(UnreadableValueException.class).hasMessageContaining("not PHP-serialized");
        }
    }

    @Test
    void anEmptyValueHoldsNothing() throws UnreadableValueException {
        assertThat(Extracted.keys(new PhpSerializedExtractor("file"), "  ")).isEmpty();
        assertThat(Extracted.keys(new PhpSerializedExtractor("file"), "b:0;")).isEmpty();
    }
}
