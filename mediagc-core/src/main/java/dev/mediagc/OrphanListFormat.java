package dev.mediagc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;

/** How the orphan list separates keys. Every format lists the same keys in the same (code-unit) order. */
public enum OrphanListFormat {

    /**
     * One key per line. A name holding any character a common line reader splits on is left out
     * (and counted): it would read as two keys, and a script deleting "the listed files" could hit
     * a live file named like the second half.
     */
    LINES {
        @Override
        public boolean holds(String key) {
            return !hasLineSeparator(key);
        }

        @Override
        public void write(Writer out, String key) throws IOException {
            out.write(key);
            out.write('\n');
        }
    },

    /** Keys ended by NUL ({@code xargs -0}, {@code sort -z}): holds every name a file system can have. */
    NUL {
        @Override
        public boolean holds(String key) {
            return key.indexOf('\0') < 0;
        }

        @Override
        public void write(Writer out, String key) throws IOException {
            out.write(key);
            out.write('\0');
        }
    },

    /**
     * JSON Lines, {@code {"key":"..."}} per line: holds every name. Line separators inside a key are
     * written as {@code \\uXXXX} escapes, so even a reader that splits on U+2028 reads whole lines.
     */
    JSONL {
        @Override
        public boolean holds(String key) {
            return true;
        }

        @Override
        public void write(Writer out, String key) throws IOException {
            try (JsonGenerator json = Jsonl.FACTORY.createGenerator(out)) {
                json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
                json.disable(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM); // the list's writer buffers
                json.setCharacterEscapes(Jsonl.ESCAPES);
                json.writeStartObject();
                json.writeStringField("key", key);
                json.writeEndObject();
            }
            out.write('\n');
        }
    };

    /** Whether a list in this format can hold {@code key} without it reading as something else. */
    public abstract boolean holds(String key);

    public abstract void write(Writer out, String key) throws IOException;

    /**
     * Whether {@code key} holds a character some common line reader ends a line at: LF and CR (every
     * reader), VT, FF, FS, GS, RS, NEL, U+2028 and U+2029 (Python's {@code str.splitlines}, Unicode
     * line breaking; Java's {@code readLine} splits only at LF and CR).
     */
    static boolean hasLineSeparator(String key) {
        for (int i = 0; i < key.length(); i++) {
            switch (key.charAt(i)) {
                case '\n', '\r', '\u000B', '\u000C', '\u001C', '\u001D', '\u001E', '\u0085', '\u2028', '\u2029':
                    return true;
                default:
                    break;
            }
        }
        return false;
    }

    /** Parses {@code lines}, {@code nul} or {@code jsonl}; a clear error for anything else. */
    public static OrphanListFormat parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the orphan list format must be lines, nul or jsonl, not '" + text + "'");
        }
    }

    /** Built on first use only: most runs write plain lines. */
    private static final class Jsonl {
        static final JsonFactory FACTORY = new JsonFactory();
        static final CharacterEscapes ESCAPES = new CharacterEscapes() {
            private final int[] ascii = standardAsciiEscapesForJSON();

            @Override
            public int[] getEscapeCodesForAscii() {
                return ascii;
            }

            @Override
            public SerializableString getEscapeSequence(int ch) {
                // JSON lets these stand raw inside a string; line readers do not.
                return ch == 0x85 || ch == 0x2028 || ch == 0x2029
                        ? new SerializedString(String.format("\\u%04X", ch)) : null;
            }
        };
    }
}
