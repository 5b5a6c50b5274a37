package dev.mediagc.internal.key;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 decoding that answers null instead of throwing: lenient spellings try it on many
 * values that are not UTF-8, and an exception per value would dominate the mark's cost.
 */
final class Utf8 {

    private static final ThreadLocal<CharsetDecoder> DECODER = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    private Utf8() {
    }

    /** The text the first {@code length} bytes encode, or null when they are not well-formed UTF-8. */
    static String decodeStrictly(byte[] bytes, int length) {
        CharsetDecoder decoder = DECODER.get().reset();
        CharBuffer out = CharBuffer.allocate(length);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes, 0, length), out, true);
        if (result.isError() || result.isOverflow()) {
            return null;
        }
        if (decoder.flush(out).isError()) {
            return null;
        }
        return out.flip().toString();
    }
}
