package dev.mediagc.internal.key;

import java.util.ArrayList;
import java.util.List;

/**
 * The raw spellings a reference value plausibly stands for besides itself, before normalisation:
 *
 * <ul>
 *   <li>trimmed of every blank a form or a copy-paste leaves (NBSP, zero-width space, BOM, line breaks);</li>
 *   <li>repaired from mojibake (UTF-8 bytes stored in a latin1 column and read back as latin1);</li>
 *   <li>without a URL's query and fragment ({@code ?v=3}, {@code #top}, a bare {@code ?}): a file
 *       name may hold {@code ?} or {@code #}, so this is an extra spelling, never a replacement;</li>
 *   <li>with a configured prefix spelt another way ({@code media/}, {@code ./media/},
 *       {@code //media/} for {@code /media/}; http or https or scheme-relative, any case, for
 *       {@code https://cdn.example.com/media/}), or an absolute URL's path;</li>
 *   <li>percent-decoded as a whole ({@code %2Fmedia%2Fx.jpg%3Fv%3D1}), so the prefix and query
 *       rules above apply to it too.</li>
 * </ul>
 *
 * <p>Percent-encoding in the file's part needs no spelling of its own: the normal form decodes it
 * on both sides. Spellings combine (a CDN URL with a query reduces to the file's key); the most cleaned-up
 * combinations come first, and at most {@link #MAX_FORMS} are returned so a hostile value cannot
 * blow up the mark. A value none of this applies to (most of them) returns an empty list without
 * allocating, after one pass over its characters.
 */
final class LenientSpellings {

    /** Spellings per value, the value's own included: bounds the mark's growth. */
    static final int MAX_FORMS = 16;

    /** Configured prefixes, longest first, as given. */
    private final List<String> prefixes;
    /** Each prefix without its scheme and leading {@code /} and {@code ./}: {@code media/}, {@code cdn.example.com/media/}. */
    private final List<String> cores;
    /** Whether the prefix names a host (a URL, or scheme-relative), so http/https spellings apply. */
    private final List<Boolean> hosted;
    /**
     * First characters a value spelling a prefix otherwise can start with ({@code /}, {@code .},
     * a scheme's {@code h}, a core's first letter in either case): any other value skips the
     * prefix checks, which keeps plain values cheap.
     */
    private final boolean[] prefixStarts = new boolean[128];

    LenientSpellings(List<String> prefixesLongestFirst) {
        List<String> kept = new ArrayList<>();
        List<String> coreList = new ArrayList<>();
        List<Boolean> hostedList = new ArrayList<>();
        for (String prefix : prefixesLongestFirst) {
            int start = schemeLength(prefix);
            boolean host = start > 0 || prefix.startsWith("//");
            String core = prefix.substring(skipSlashesAndDots(prefix, start));
            if (!core.isEmpty()) {
                kept.add(prefix);
                coreList.add(core);
                hostedList.add(host);
                // A prefix written with %20 where the row has a real space, or the reverse.
                String decoded = PercentCoding.decode(core);
                if (decoded != null) {
                    kept.add(prefix);
                    coreList.add(decoded);
                    hostedList.add(host);
                }
            }
        }
        prefixStarts['/'] = true;
        prefixStarts['.'] = true;
        prefixStarts['h'] = true;
        prefixStarts['H'] = true;
        for (String core : coreList) {
            char first = core.charAt(0);
            if (first < 128) {
                prefixStarts[Character.toLowerCase(first)] = true;
                prefixStarts[Character.toUpperCase(first)] = true;
            }
        }
        this.prefixes = List.copyOf(kept);
        this.cores = List.copyOf(coreList);
        this.hosted = List.copyOf(hostedList);
    }

    /** Spellings of {@code raw} worth marking, {@code raw} itself possibly among them; empty when none applies. */
    List<String> spellingsOf(String raw) {
        if (raw.isEmpty()) {
            return List.of();
        }
        char first = raw.charAt(0);
        boolean needsWork = mayBeBlank(first) || mayBeBlank(raw.charAt(raw.length() - 1)) || hasSpecial(raw);
        if (!needsWork && (first >= 128 || !mayHavePrefixVariant(raw))) {
            return List.of(); // the normal form is the only one
        }
        List<String> out = new ArrayList<>(8);
        String trimmed = trimAll(raw);
        List<String> seeds = new ArrayList<>(3);
        addIfPresent(seeds, Mojibake.repair(trimmed));
        // Wholly encoded ("%2Fmedia%2Fx.jpg", a URL passed as a parameter): decoded, its prefix
        // and query show, which the normal form (decoding last) would not strip.
        addIfPresent(seeds, PercentCoding.decode(trimmed));
        seeds.add(trimmed);
        for (String seed : seeds) {
            String cut = withoutQueryAndFragment(seed);
            String clean = cut == null ? seed : trimAll(cut); // "p.jpg ?v=1"
            add(out, stripVariantPrefix(clean));
            add(out, clean);
            if (cut != null) {
                // Kept whole, as a file name may hold ? or #: only the prefix is spelt otherwise.
                add(out, stripVariantPrefix(seed));
                add(out, seed);
            }
        }
        return out;
    }

    /** {@link #stripPrefixLeniently}, but null where the prefix is exactly as configured: the normal form strips that itself. */
    private String stripVariantPrefix(String s) {
        return startsWithPrefix(s) ? null : stripPrefixLeniently(s);
    }

    /** Whether {@code s} (ASCII, no blanks at either end) may start with a prefix spelt otherwise than configured. */
    boolean mayHavePrefixVariant(String s) {
        return !s.isEmpty() && prefixStarts[s.charAt(0)] && !startsWithPrefix(s) && stripPrefixLeniently(s) != null;
    }

    static final int PLAIN_ASCII = 0;
    static final int SPECIAL_ASCII = 1;
    static final int NON_ASCII = 2;

    /**
     * One pass: {@link #NON_ASCII}, or ASCII with a character that calls for lenient spellings
     * ({@link #SPECIAL_ASCII}: {@code ?}, {@code #}, {@code %}, a control), or {@link #PLAIN_ASCII}.
     */
    static int classify(String s) {
        int kind = PLAIN_ASCII;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return NON_ASCII;
            }
            if (SPECIAL[c]) {
                kind = SPECIAL_ASCII;
            }
        }
        return kind;
    }

    /** The other spellings of each configured prefix a row may start with, for point look-ups. */
    List<String> prefixSpellings() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cores.size(); i++) {
            String core = cores.get(i);
            String prefix = prefixes.get(i);
            for (String spelling : hosted.get(i)
                    ? List.of("//" + core, "http://" + core, "https://" + core, prefix + "/")
                    : List.of(core, "./" + core, "//" + core, "/" + core, prefix + "/")) {
                if (!spelling.equals(prefix) && !out.contains(spelling)) {
                    out.add(spelling);
                }
            }
        }
        return out;
    }

    private static void add(List<String> out, String spelling) {
        if (spelling != null && !spelling.isEmpty() && out.size() < MAX_FORMS && !out.contains(spelling)) {
            out.add(spelling);
        }
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null && !list.contains(value)) {
            list.add(value);
        }
    }

    /** ASCII characters that call for lenient spellings: query and fragment marks, {@code %}, controls. */
    private static final boolean[] SPECIAL = new boolean[128];

    static {
        for (char c = 0; c < 0x20; c++) {
            SPECIAL[c] = true;
        }
        SPECIAL[0x7f] = true;
        SPECIAL['?'] = true;
        SPECIAL['#'] = true;
        SPECIAL['%'] = true;
    }

    /** Whether {@code s} holds a query or fragment mark, percent-encoding, a control or mojibake; one pass. */
    private static boolean hasSpecial(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80 ? SPECIAL[c] : Mojibake.startsSequence(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** A cheap over-approximation of {@link #isBlank} for the fast path: a space, or any non-ASCII character. */
    private static boolean mayBeBlank(char c) {
        return c <= ' ' || (c >= 0x7f && isBlank(c));
    }

    /**
     * {@code s} with a configured prefix removed where it is spelt other than exactly as
     * configured: behind any run of {@code /} and {@code ./}, behind {@code http://},
     * {@code https://} or {@code //} for a URL prefix, compared without regard to case. An
     * absolute URL ({@code https://host/...}) that matches no prefix gives its path. Null when
     * nothing applies.
     */
    String stripPrefixLeniently(String s) {
        int scheme = schemeLength(s);
        if (scheme == 0 && (s.isEmpty() || (s.charAt(0) != '/' && s.charAt(0) != '.' && cores.isEmpty()))) {
            return null;
        }
        int start = skipSlashesAndDots(s, scheme);
        for (String core : cores) {
            if (s.regionMatches(true, start, core, 0, core.length())) {
                return s.substring(start + core.length());
            }
        }
        if (scheme > 0 && s.startsWith("//", scheme)) {
            int path = s.indexOf('/', scheme + 2);
            return path < 0 ? null : s.substring(path);
        }
        return null;
    }

    private boolean startsWithPrefix(String s) {
        for (String prefix : prefixes) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Length of a leading {@code http:} or {@code https:}, any case; 0 when there is none. */
    static int schemeLength(String s) {
        if (s.regionMatches(true, 0, "https:", 0, 6)) {
            return 6;
        }
        if (s.regionMatches(true, 0, "http:", 0, 5)) {
            return 5;
        }
        return 0;
    }

    private static int skipSlashesAndDots(String s, int from) {
        int i = from;
        while (true) {
            if (s.startsWith("/", i)) {
                i++;
            } else if (s.startsWith("./", i)) {
                i += 2;
            } else {
                return i;
            }
        }
    }

    /** {@code s} up to its first {@code ?} or {@code #}; null when it has none, or nothing before it. */
    static String withoutQueryAndFragment(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '?' || c == '#') {
                return i == 0 ? null : s.substring(0, i);
            }
        }
        return null;
    }

    /**
     * {@code s} without leading and trailing blanks of every kind: {@link String#strip()} misses
     * NBSP, zero-width spaces, the BOM and control characters, which pasted and imported values carry.
     */
    static String trimAll(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isBlank(s.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(s.charAt(end - 1))) {
            end--;
        }
        return start == 0 && end == s.length() ? s : s.substring(start, end);
    }

    private static boolean isBlank(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)
                || c == '\u200B' || c == '\u200C' || c == '\u200D' || c == '\u2060' || c == '\uFEFF';
    }
}
