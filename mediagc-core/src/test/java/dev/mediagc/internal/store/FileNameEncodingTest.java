package dev.mediagc.internal.store;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class FileNameEncodingTest {

    @Test
    void refusesTheAsciiNamesOfAnEmptyEnvironmentWithHowToFixIt() {
        assertThatThrownBy(() -> FileNameEncoding.require("Linux", "ANSI_X3.4-1968"))
                .isInstanceOf(FileNameEncoding.LossyFileNamesException.class)
                .hasMessageContaining("ANSI_X3.4-1968")
                .hasMessageContaining("LANG=C.UTF-8");
    }

    @Test
    void refusesALatin1LocaleThatWouldReadUtf8NamesAsOtherLetters() {
        assertThatThrownBy(() -> FileNameEncoding.require("Linux", "ISO-8859-1"))
                .isInstanceOf(FileNameEncoding.LossyFileNamesException.class);
    }

    @Test
    void refusesAnUnknownOrMissingCharset() {
        assertThatThrownBy(() -> FileNameEncoding.require("Linux", null))
                .isInstanceOf(FileNameEncoding.LossyFileNamesException.class);
        assertThatThrownBy(() -> FileNameEncoding.require("Linux", "no-such-charset"))
                .isInstanceOf(FileNameEncoding.LossyFileNamesException.class);
    }

    @Test
    void acceptsEverySpellingOfUtf8AndWindowsWhichHandsOverNamesAsUtf16() {
        assertThatCode(() -> FileNameEncoding.require("Linux", "UTF-8")).doesNotThrowAnyException();
        assertThatCode(() -> FileNameEncoding.require("Mac OS X", "utf8")).doesNotThrowAnyException();
        assertThatCode(() -> FileNameEncoding.require("Windows 11", "Cp1252")).doesNotThrowAnyException();
        assertThatCode(FileNameEncoding::requireLossless).doesNotThrowAnyException();
    }
}
