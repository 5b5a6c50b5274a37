package dev.mediagc.internal.key;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 text that went through latin1: an application wrote UTF-8 bytes over a latin1 connection
 * into a latin1 column (old PHP applications do), and a UTF-8 reader now gets {@code StraÃŸe.jpg}
 * for {@code Straße.jpg}. MySQL's latin1 is Windows-1252 with its five unassigned bytes mapped to
 * the C1 controls, which is the table below.
 */
public final class Mojibake {

    /** Windows-1252 bytes 0x80 to 0x9F; the unassigned ones stand for themselves, as in MySQL. */
    private static final String CP1252_80_9F =
            "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F"
            + "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

    private Mojibake() {
    }

    /**
     * The text {@code s} was before UTF-8 bytes were read as latin1; null when {@code s} is not
     * such mojibake (a character latin1 lacks, or bytes that are not UTF-8, or plain ASCII).
     */
    public static String repair(String s) {
        if (!mayBeMojibake(s)) {
            return null;
        }
        byte[] bytes = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            int b = latin1Byte(s.charAt(i));
            if (b < 0) {
                return null;
            }
            bytes[i] = (byte) b;
        }
        return Utf8.decodeStrictly(bytes, bytes.length);
    }

    /**
     * Whether {@code s} holds what UTF-8 read as latin1 always shows: a lead byte's character
     * (U+00C2 to U+00F4) followed by a continuation byte's (0x80 to 0xBF). One pass, no
     * allocation, so ordinary accented names cost nearly nothing.
     */
    static boolean mayBeMojibake(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (startsSequence(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code s} shows at {@code i} a UTF-8 lead byte's character followed by a continuation byte's. */
    static boolean startsSequence(String s, int i) {
        char c = s.charAt(i);
        if (c < 0xC2 || c > 0xF4 || i + 1 >= s.length()) {
            return false;
        }
        int next = latin1Byte(s.charAt(i + 1));
        return next >= 0x80 && next <= 0xBF;
    }

    /** What a latin1 reader shows for the UTF-8 bytes of {@code s}; null for ASCII (it shows the same). */
    public static String of(String s) {
        if (KeyNormalizer.isAscii(s)) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length() * 2);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            out.append(c >= 0x80 && c <= 0x9F ? CP1252_80_9F.charAt(c - 0x80) : (char) c);
        }
        return out.toString();
    }

    private static int latin1Byte(char c) {
        if (c <= 0xFF) {
            return c; // ISO-8859-1 readers show 0x80-0x9F as C1 controls; accept those too
        }
        int i = CP1252_80_9F.indexOf(c);
        return i < 0 ? -1 : 0x80 + i;
    }
}
