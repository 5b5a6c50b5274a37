package dev.mediagc.internal.key;

import java.util.Locale;

/**
 * Case-insensitive matching forms. Lower-casing alone leaves {@code ß} and {@code SS},
 * {@code İ} and {@code i}, {@code σ} and {@code ς} apart; upper-casing first and then
 * lower-casing merges them, and merging more only keeps files.
 */
final class CaseFolding {

    private CaseFolding() {
    }

    /**
     * The case-folded form: lower, upper, then lower case again (root locale), without the dot
     * {@code İ} leaves on an {@code i}. Starting from the lower case makes it a function of it, so
     * any two spellings lower-casing alone merged stay merged ({@code ẞ} and {@code ß}).
     */
    static String fold(String s) {
        String folded = s.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
        if (folded.indexOf('\u0307') < 0) {
            return folded;
        }
        StringBuilder out = new StringBuilder(folded.length());
        for (int i = 0; i < folded.length(); i++) {
            char c = folded.charAt(i);
            if (c == '\u0307' && i > 0 && (folded.charAt(i - 1) == 'i' || folded.charAt(i - 1) == 'j')) {
                continue;
            }
            out.append(c);
        }
        return out.toString();
    }

    /** What a database lowers to in the C locale: A to Z only. */
    static String asciiLower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') {
                chars[i] = (char) (chars[i] + 32);
            }
        }
        return new String(chars);
    }

    /**
     * Lower case one code point at a time, without context rules: what a database's
     * {@code LOWER()} built on the C library's {@code towlower} returns ({@code οδοσ}, where Java
     * writes the final {@code ς}).
     */
    static String perCharacterLower(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> out.appendCodePoint(Character.toLowerCase(cp)));
        return out.toString();
    }
}
