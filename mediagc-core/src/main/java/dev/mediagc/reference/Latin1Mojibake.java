package dev.mediagc.reference;

import java.nio.charset.StandardCharsets;

/**
 * How a UTF-8 file name reads once its bytes were stored in a MySQL/MariaDB {@code latin1}
 * column, as old PHP applications do: {@code Straße.jpg} becomes {@code StraÃŸe.jpg}. Look-ups
 * also ask for that spelling so such a row still keeps its file. MySQL's {@code latin1} is
 * Windows-1252 with the five bytes it leaves undefined read as the C1 control of the same value.
 */
final class Latin1Mojibake {

    private static final char[] CP1252_80_TO_9F = (
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
            + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178")
            .toCharArray();

    private Latin1Mojibake() {
    }

    /** The mojibake of {@code text}, or {@code null} when it is plain ASCII (nothing to garble). */
    static String of(String text) {
        if (text.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder garbled = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int u = b & 0xFF;
            garbled.append(u >= 0x80 && u <= 0x9F ? CP1252_80_TO_9F[u - 0x80] : (char) u);
        }
        return garbled.toString();
    }

    /** The text whose mojibake {@code garbled} is, or {@code null} when it is not the mojibake of UTF-8. */
    static String repair(String garbled) {
        byte[] bytes = new byte[garbled.length()];
        for (int i = 0; i < garbled.length(); i++) {
            char c = garbled.charAt(i);
            int b = c <= 0xFF && (c < 0x80 || c > 0x9F) ? c : indexInC1(c);
            if (b < 0) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static int indexInC1(char c) {
        for (int i = 0; i < CP1252_80_TO_9F.length; i++) {
            if (CP1252_80_TO_9F[i] == c) {
                return 0x80 + i;
            }
        }
        return -1;
    }
}
