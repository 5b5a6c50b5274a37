package dev.mediagc.internal.key;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns a reference value from the database and an object key from the store into the same
 * matching form. Both sides go through {@link #normalize}, so they can never disagree about a
 * spelling rule.
 *
 * <p>Normalisation may merge spellings (two raw keys, one matching form). That can only make an
 * orphan look referenced, which keeps a file; it never makes a referenced file look orphaned.
 * Actions always use the store's raw key, never the matching form.
 *
 * <p>The normal form: blanks stripped, NFC, the longest configured prefix stripped, dot segments
 * and doubled slashes resolved, percent-encoding decoded (UTF-8), and with {@code ignoreCase}
 * case-folded. A reference value is also marked under its
 * {@linkplain #lenientForms lenient forms}: the other files it plausibly names (a prefix spelt
 * differently, without a URL's query, trimmed of every blank, mojibake repaired). A store key is
 * still looked up in its one normal form; marking more can only keep more files.
 */
public final class KeyNormalizer {

    private final List<String> stripPrefixes;
    private final boolean ignoreCase;
    private final LenientSpellings lenient;

    private KeyNormalizer(List<String> stripPrefixes, boolean ignoreCase) {
        // Longest prefix first, so "https://cdn/media/" wins over "https://cdn/".
        List<String> sorted = new ArrayList<>(stripPrefixes);
        sorted.removeIf(String::isEmpty);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        this.stripPrefixes = List.copyOf(sorted);
        this.ignoreCase = ignoreCase;
        this.lenient = new LenientSpellings(this.stripPrefixes);
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
        return normalizeStripped(key, isAscii(key));
    }

    /**
     * The normal form of {@code raw}, as {@link #normalize}, with each of its
     * {@linkplain #lenientForms lenient forms} handed to {@code lenientSink}: what the mark needs
     * for every reference value. A plain value (ASCII without blanks, controls, {@code ?},
     * {@code #} or {@code %}, not starting like a prefix spelt otherwise) is told apart in the
     * same pass that checks it for ASCII, so it costs what {@link #normalize} costs.
     */
    public String normalizeWithLenientForms(String raw, Consumer<String> lenientSink) {
        if (raw == null) {
            return null;
        }
        String key = raw.strip();
        int kind = LenientSpellings.classify(key);
        String strict = normalizeStripped(key, kind != LenientSpellings.NON_ASCII);
        if (strict == null || (kind == LenientSpellings.PLAIN_ASCII && key == raw && !lenient.mayHavePrefixVariant(key))) {
            return strict;
        }
        lenientForms(raw, strict).forEach(lenientSink);
        return strict;
    }

    private String normalizeStripped(String key, boolean ascii) {
        // ASCII is already NFC; the check is far cheaper than the normaliser on millions of keys.
        key = ascii ? key : Normalizer.normalize(key, Normalizer.Form.NFC);
        key = stripPrefix(key);
        key = resolveDotSegments(key);
        if (key.indexOf('%') >= 0) {
            key = percentDecoded(key);
        }
        if (ignoreCase) {
            key = isAscii(key) ? key.toLowerCase(Locale.ROOT) : CaseFolding.fold(key);
        }
        return key.isEmpty() ? null : key;
    }

    /**
     * caf%C3%A9.jpg and café.jpg, a%20b.jpg and "a b.jpg" name one file, whichever side holds
     * which: decoding both sides merges them. Decoding comes after the prefix and the dot
     * segments, so two spellings that matched without it still match with it; a key whose
     * decoding is blank or a dot segment ("%20", "%2E") keeps its own name.
     */
    private static String percentDecoded(String key) {
        String decoded = PercentCoding.decode(key);
        if (decoded == null) {
            return key;
        }
        decoded = decoded.strip();
        decoded = isAscii(decoded) ? decoded : Normalizer.normalize(decoded, Normalizer.Form.NFC);
        decoded = resolveDotSegments(decoded);
        return decoded.isEmpty() ? key : decoded;
    }

    /**
     * The matching forms of the other spellings {@code raw} plausibly stands for, each already
     * normalised, none equal to {@code normalize(raw)}, at most {@link LenientSpellings#MAX_FORMS}
     * minus one. Empty (and allocation-free) for most values: those without {@code ?}, {@code #},
     * blanks at either end, mojibake or a prefix spelt another way.
     */
    public List<String> lenientForms(String raw) {
        return lenientForms(raw, null);
    }

    /** {@link #lenientForms(String)} for a caller that already holds {@code strict = normalize(raw)}. */
    public List<String> lenientForms(String raw, String strict) {
        if (raw == null) {
            return List.of();
        }
        List<String> spellings = lenient.spellingsOf(raw);
        if (spellings.isEmpty()) {
            return spellings;
        }
        if (strict == null) {
            strict = normalize(raw);
        }
        List<String> forms = new ArrayList<>(spellings.size());
        for (String spelling : spellings) {
            if (spelling.equals(raw)) {
                continue; // its form is the strict one
            }
            String form = normalize(spelling);
            if (form != null && !form.equals(strict) && !forms.contains(form)) {
                forms.add(form);
            }
        }
        return forms;
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

    static boolean isAscii(String s) {
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
     * Raw spellings a database row could hold for the store key {@code key}, for point look-ups
     * just before acting: the key in NFC and NFD, percent-encoded and -decoded, as mojibake (UTF-8
     * read as latin1), each bare, with a leading {@code /} or {@code ./} and behind each strip
     * prefix spelt the ways {@link LenientSpellings} accepts (the full prefix, {@code media/},
     * {@code ./media/}, {@code //media/}, {@code /media//}, http and https, scheme-relative).
     * Spellings with a query, a fragment or surrounding blanks cannot be enumerated; a full mark
     * catches them. With {@code ignoreCase}, every spelling is lower-cased the ways a database's
     * {@code LOWER()} might (Java's, ASCII-only as in the C locale, one character at a time as
     * the C library does, and full case folding).
     * Matching the rows found still goes through {@link #normalize} and {@link #lenientForms}.
     */
    public List<String> spellingsOf(String key) {
        Set<String> bodies = new LinkedHashSet<>();
        String nfc = Normalizer.normalize(key, Normalizer.Form.NFC);
        addIfPresent(bodies, key);
        addIfPresent(bodies, nfc);
        addIfPresent(bodies, Normalizer.normalize(key, Normalizer.Form.NFD));
        addIfPresent(bodies, PercentCoding.encodePath(nfc));
        addIfPresent(bodies, PercentCoding.encodeStrict(nfc));
        addIfPresent(bodies, PercentCoding.encodeIri(nfc));
        addIfPresent(bodies, PercentCoding.decode(key));
        addIfPresent(bodies, Mojibake.of(nfc));
        Set<String> forms = new LinkedHashSet<>();
        for (String body : bodies) {
            forms.add(body);
            forms.add("/" + body);
            forms.add("./" + body);
            for (String prefix : stripPrefixes) {
                forms.add(prefix + body);
            }
        }
        // The prefix's other spellings only for the key as listed and its NFC: enough for the
        // common case, and the look-up stays a few dozen values per key.
        for (String prefix : lenient.prefixSpellings()) {
            forms.add(prefix + key);
            forms.add(prefix + nfc);
        }
        if (!ignoreCase) {
            return List.copyOf(forms);
        }
        Set<String> lowered = new LinkedHashSet<>();
        for (String form : forms) {
            lowered.add(form.toLowerCase(Locale.ROOT));
            if (!isAscii(form)) {
                lowered.add(CaseFolding.asciiLower(form));
                lowered.add(CaseFolding.fold(form));
                lowered.add(CaseFolding.asciiLower(form.toUpperCase(Locale.ROOT)));
                lowered.add(CaseFolding.perCharacterLower(form));
                lowered.add(CaseFolding.perCharacterLower(form.toUpperCase(Locale.ROOT)));
            }
        }
        return List.copyOf(lowered);
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    public boolean ignoresCase() {
        return ignoreCase;
    }

    /** The prefixes stripped from reference values, longest first. */
    public List<String> stripPrefixes() {
        return stripPrefixes;
    }
}
