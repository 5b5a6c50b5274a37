package dev.mediagc.internal.key;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding of keys as URLs carry them: decoded in every normal form, encoded (three
 * flavours) for the spellings a point look-up tries. {@code java.net.URLDecoder} and {@code URLEncoder}
 * do form encoding ({@code +} for a space), which is wrong for paths, and {@code java.net.URI}
 * rejects the stray {@code %} real file names hold; hence these few lines.
 */
final class PercentCoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** RFC 3986 path characters left as they are by path encoders (JavaScript's encodeURI and the like). */
    private static final String PATH_SAFE = "-._~!$&'()*+,;=:@/";
    /** Left as they are by IRI-style encoders, which also keep every non-ASCII letter ({@code ファイル%201.png}). */
    private static final String IRI_SAFE = PATH_SAFE;
    /** Left as they are by strict encoders (Python's quote, encodeURIComponent with {@code /} kept). */
    private static final String STRICT_SAFE = "-._~/";

    private PercentCoding() {
    }

    /**
     * {@code s} with its {@code %XX} sequences decoded as UTF-8; a {@code %} not followed by two
     * hex digits stays as it is. Null when {@code s} has no sequence, or the bytes are not UTF-8.
     */
    static String decode(String s) {
        int first = s.indexOf('%');
        if (first < 0) {
            return null;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        bytes.writeBytes(s.substring(0, first).getBytes(StandardCharsets.UTF_8));
        boolean decodedAny = false;
        int i = first;
        int plainFrom = first;
        while (i < s.length()) {
            if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.writeBytes(s.substring(plainFrom, i).getBytes(StandardCharsets.UTF_8));
                bytes.write(hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                decodedAny = true;
                i += 3;
                plainFrom = i;
            } else {
                i++;
            }
        }
        if (!decodedAny) {
            return null;
        }
        bytes.writeBytes(s.substring(plainFrom).getBytes(StandardCharsets.UTF_8));
        byte[] decoded = bytes.toByteArray();
        return Utf8.decodeStrictly(decoded, decoded.length);
    }

    /** {@code s} as a path encoder writes it; null when that changes nothing or {@code s} already holds a {@code %}. */
    static String encodePath(String s) {
        return encode(s, PATH_SAFE);
    }

    /** {@code s} with ASCII characters outside a URL path encoded, non-ASCII letters kept; null when that changes nothing. */
    static String encodeIri(String s) {
        return encode(s, IRI_SAFE, true);
    }

    /** {@code s} with everything but unreserved characters and {@code /} encoded; null when that changes nothing. */
    static String encodeStrict(String s) {
        return encode(s, STRICT_SAFE);
    }

    private static String encode(String s, String safe) {
        return encode(s, safe, false);
    }

    private static String encode(String s, String safe, boolean keepNonAscii) {
        // A value holding % is already encoded, or names a file with a literal %: encoding it again
        // gives a spelling nobody uses.
        // A whole URL is not a file name: only its path, once a prefix is gone, is worth encoding.
        if (s.indexOf('%') >= 0 || LenientSpellings.schemeLength(s) > 0 || !needsEncoding(s, safe)) {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        if (keepNonAscii) {
            if (KeyNormalizer.isAscii(s)) {
                return null; // the same as the path encoder's
            }
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                if (c >= 128 || isSafe(c, safe)) {
                    out.append(c);
                } else {
                    out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
                }
            }
            String encoded = out.toString();
            return encoded.equals(s) ? null : encoded;
        }
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 128 && isSafe((char) c, safe)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static boolean needsEncoding(String s, String safe) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || !isSafe(c, safe)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSafe(char c, String safe) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || safe.indexOf(c) >= 0;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
