package dev.mediagc.key;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Turns a reference value from the database and an object key from the store into the same
 * matching form. Both sides go through this one function, so they can never disagree about a
 * spelling rule.
 *
 * <p>Normalisation may merge spellings (two raw keys, one matching form). That can only make an
 * orphan look referenced, which keeps a file; it never makes a referenced file look orphaned.
 * Actions always use the store's raw key, never the matching form.
 */
public final class KeyNormalizer {

    private final List<String> stripPrefixes;
    private final boolean ignoreCase;

    private KeyNormalizer(List<String> stripPrefixes, boolean ignoreCase) {
        // Longest prefix first, so "https://cdn/media/" wins over "https://cdn/".
        List<String> sorted = new ArrayList<>(stripPrefixes);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.stripPrefixes = List.copyOf(sorted);
        this.ignoreCase = ignoreCase;
    }

    public static KeyNormalizer of(List<String> stripPrefixes, boolean ignoreCase) {
        return new KeyNormalizer(stripPrefixes, ignoreCase);
    }

    /**
     * The matching form of {@code raw}, or {@code null} when the value names no file (null,
     * empty or blank after stripping).
     */
    public String normalize(String raw) {
        if (raw == null) {
            return null;
        }
        String key = raw.strip();
        // ASCII is already NFC; the check is far cheaper than the normaliser on millions of keys.
        String nfc = isAscii(key) ? key : Normalizer.normalize(key, Normalizer.Form.NFC);
        key = stripPrefix(nfc);
        key = resolveDotSegments(key);
        if (ignoreCase) {
            key = key.toLowerCase(Locale.ROOT);
        }
        return key.isEmpty() ? null : key;
    }

    /**
     * Drops empty and {@code .} segments and resolves {@code ..} lexically, clamping at the root:
     * {@code ./a.jpg}, {@code /a.jpg}, {@code photos//a.jpg} and {@code x/../a.jpg} all name
     * {@code a.jpg} or {@code photos/a.jpg}. Clamping {@code ../../etc/passwd} to
     * {@code etc/passwd} can only make a store object look referenced, never the reverse; and a
     * reference never chooses what is acted on, the listing does.
     */
    private static String resolveDotSegments(String key) {
        if (!hasDotOrEmptySegment(key)) {
            return key;
        }
        java.util.ArrayDeque<String> parts = new java.util.ArrayDeque<>();
        for (String segment : key.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(segment);
            }
        }
        return String.join("/", parts);
    }

    /** Whether any {@code /}-separated segment is empty, {@code .} or {@code ..}; one pass, no allocation. */
    private static boolean hasDotOrEmptySegment(String key) {
        int segmentStart = 0;
        for (int i = 0, n = key.length(); i <= n; i++) {
            if (i == n || key.charAt(i) == '/') {
                int length = i - segmentStart;
                if (length == 0
                        || (length == 1 && key.charAt(segmentStart) == '.')
                        || (length == 2 && key.charAt(segmentStart) == '.' && key.charAt(segmentStart + 1) == '.')) {
                    return true;
                }
                segmentStart = i + 1;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private String stripPrefix(String key) {
        for (String prefix : stripPrefixes) {
            if (regionStartsWith(key, prefix)) {
                return key.substring(prefix.length());
            }
        }
        return key;
    }

    private boolean regionStartsWith(String key, String prefix) {
        return key.regionMatches(ignoreCase, 0, prefix, 0, prefix.length());
    }

    /**
     * Raw spellings a database row could use for the store key {@code key}: the key itself, with a
     * leading slash, behind each strip prefix, each in NFC and NFD. Used for point look-ups just
     * before acting; matching those rows still goes through {@link #normalize}.
     */
    public List<String> spellingsOf(String key) {
        List<String> forms = new ArrayList<>();
        for (String form : List.of(key,
                Normalizer.normalize(key, Normalizer.Form.NFC),
                Normalizer.normalize(key, Normalizer.Form.NFD))) {
            addIfAbsent(forms, form);
            addIfAbsent(forms, "/" + form);
            addIfAbsent(forms, "./" + form);
            for (String prefix : stripPrefixes) {
                addIfAbsent(forms, prefix + form);
            }
        }
        if (ignoreCase) {
            forms.replaceAll(s -> s.toLowerCase(Locale.ROOT));
            return forms.stream().distinct().toList();
        }
        return forms;
    }

    private static void addIfAbsent(List<String> list, String value) {
        if (!list.contains(value)) {
            list.add(value);
        }
    }

    public boolean ignoresCase() {
        return ignoreCase;
    }
}
