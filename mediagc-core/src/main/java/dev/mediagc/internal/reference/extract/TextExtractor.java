package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.ValueExtractor;

import java.io.IOException;
import java.io.Reader;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media a rich-text body (HTML, Markdown, or a mix) links to: the URLs in {@code src},
 * {@code href}, {@code poster} and {@code data-…src} attributes, each candidate of a
 * {@code srcset}, CSS {@code url(...)}, and Markdown inline links, images and link definitions.
 * HTML character references ({@code &amp;}) are decoded; percent-encoding is left to the key
 * normaliser, which decodes it for every source alike.
 *
 * <p>Only URLs under a media prefix count, and the prefix is removed from the key: with prefix
 * {@code https://cdn.example.com/media/}, {@code https://cdn.example.com/media/a/b.jpg} (also over
 * http or scheme-relative) yields {@code a/b.jpg}, while a link to another host or another path is
 * ignored. A path prefix such as {@code /media/} also matches {@code media/} and {@code ./media/}.
 * Without any prefix, every relative or root-relative path counts as it is.
 *
 * <p>The body is read in windows of a megabyte that overlap by more than the longest reference
 * looked for, so a body of any size needs a few megabytes at most, and a reference cut by a
 * window's end is found whole in the next one.
 */
public final class TextExtractor implements ValueExtractor {

    /** The longest URL looked for; longer attribute values (inline data: URIs) are no file path. */
    private static final int MAX_URL = 4096;
    private static final int WINDOW = 1 << 20;
    /** More than any match can span (name, blanks, quotes and MAX_URL), so a match starting before it lies whole in the window. */
    private static final int OVERLAP = 16 * 1024;

    /**
     * An attribute's value; its name, read backwards from the {@code =} by {@link #attributeName}, decides. Starting
     * at the rarer {@code =} rather than trying every letter keeps the scan fast on bodies of many megabytes.
     */
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile(
            "=\\s{0,64}(?:\"([^\"]{0,4096})\"|'([^']{0,4096})'|([^\\s\"'<>=`]{1,4096}))");
    private static final Pattern CSS_URL = Pattern.compile(
            "(?i)url\\(\\s{0,64}(?:\"([^\"]{0,4096})\"|'([^']{0,4096})'|([^)]{0,4096}))\\s{0,64}\\)");
    /** The destination is only looked ahead at, so a link nested in the next one's text is found too: {@code [![a](x)](y)}. */
    private static final Pattern MARKDOWN_LINK = Pattern.compile("]\\(\\s{0,64}(?:<([^<>\\n]{0,4096})>|(?=([^\\s<]\\S{0,4096})))");
    private static final Pattern MARKDOWN_DEFINITION = Pattern.compile(
            "(?m)^ {0,3}\\[[^\\]\\n]{1,999}]:[ \\t]{0,64}\\n?[ \\t]{0,64}(?:<([^<>\\n]{0,4096})>|(\\S{1,4096}))");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern MARKDOWN_ESCAPE = Pattern.compile("\\\\([!-/:-@\\[-`{-~])");

    private final List<String> prefixes;
    /** Each prefix's spellings, lower case, and whether it names a host (then an absolute URL may match it). */
    private final List<String> spellings = new ArrayList<>();

    /** {@code prefixes}: where the store's root is served, e.g. {@code /media/} or {@code https://cdn.example.com/media/}. */
    public TextExtractor(List<String> prefixes) {
        this.prefixes = List.copyOf(prefixes);
        for (String prefix : this.prefixes) {
            String p = prefix.strip().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) {
                continue;
            }
            Matcher scheme = SCHEME.matcher(p);
            if (scheme.find() || p.startsWith("//")) {
                String core = p.substring(p.indexOf("//") < 0 ? scheme.end() : p.indexOf("//") + 2);
                addSpelling("http://" + core);
                addSpelling("https://" + core);
                addSpelling("//" + core);
                addSpelling(p);
            } else {
                String core = p;
                while (core.startsWith("./") || core.startsWith("/")) {
                    core = core.substring(core.startsWith("./") ? 2 : 1);
                }
                addSpelling("/" + core);
                if (!core.isEmpty()) {
                    addSpelling(core);
                    addSpelling("./" + core);
                }
            }
        }
        spellings.sort((a, b) -> b.length() - a.length()); // longest first: https://cdn/media/ before /
    }

    private void addSpelling(String spelling) {
        if (!spellings.contains(spelling)) {
            spellings.add(spelling);
        }
    }

    public List<String> prefixes() {
        return prefixes;
    }

    @Override
    public String describe() {
        return "text";
    }

    @Override
    public void extract(Reader value, Consumer<String> keys) throws IOException {
        Pattern[] patterns = {ATTRIBUTE_VALUE, CSS_URL, MARKDOWN_LINK, MARKDOWN_DEFINITION};
        long[] resumeAt = new long[patterns.length];
        char[] buffer = new char[WINDOW];
        int length = 0;
        long base = 0; // where buffer[0] sits in the whole value
        while (true) {
            boolean last = false;
            while (length < buffer.length) {
                int read = value.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    last = true;
                    break;
                }
                length += read;
            }
            CharBuffer window = CharBuffer.wrap(buffer, 0, length);
            int acceptBefore = last ? length : length - OVERLAP;
            for (int p = 0; p < patterns.length; p++) {
                Matcher matcher = patterns[p].matcher(window);
                int from = (int) Math.max(0, resumeAt[p] - base);
                while (from < length && matcher.find(from) && matcher.start() < acceptBefore) {
                    if (found(p, matcher, window, keys)) {
                        resumeAt[p] = base + matcher.end();
                        from = matcher.end();
                    } else {
                        from = matcher.start() + 1; // not a link: what it spanned may hold one
                    }
                }
            }
            if (last) {
                return;
            }
            System.arraycopy(buffer, length - OVERLAP, buffer, 0, OVERLAP);
            base += length - OVERLAP;
            length = OVERLAP;
        }
    }

    /** Hands on the keys of one match; false when it is no link after all (another attribute, a word ending in url). */
    private boolean found(int pattern, Matcher match, CharSequence window, Consumer<String> keys) {
        switch (pattern) {
            case 0 -> {
                String name = attributeName(window, match.start());
                if (!linkAttribute(name)) {
                    return false;
                }
                String url = firstGroup(match, 1, 3);
                if (name.endsWith("srcset")) {
                    for (String candidate : srcsetUrls(HtmlEntities.decode(url))) {
                        offer(candidate, keys);
                    }
                } else {
                    offer(url, keys);
                }
            }
            case 1 -> {
                char before = match.start() > 0 ? window.charAt(match.start() - 1) : ' ';
                if (Character.isLetterOrDigit(before) || before == '_' || before == '-') {
                    return false; // "myurl(" is not CSS's url(
                }
                String url = HtmlEntities.decode(firstGroup(match, 1, 3)).strip();
                if (url.length() >= 2 && (url.charAt(0) == '"' || url.charAt(0) == '\'')
                        && url.charAt(url.length() - 1) == url.charAt(0)) {
                    url = url.substring(1, url.length() - 1); // url(&quot;...&quot;) inside a style attribute
                }
                offer(url, keys);
            }
            default -> {
                String url = match.group(1) != null ? match.group(1) : balancedDestination(match.group(2));
                offer(url, keys);
                String unescaped = MARKDOWN_ESCAPE.matcher(url).replaceAll("$1");
                if (!unescaped.equals(url)) {
                    offer(unescaped, keys);
                }
            }
        }
        return true;
    }

    /** The attribute name before the {@code =} at {@code equals}, lower case; empty when there is none. */
    static String attributeName(CharSequence text, int equals) {
        int end = equals;
        int floor = Math.max(0, equals - 64);
        while (end > floor && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        int start = end;
        while (start > 0 && end - start < 80 && isNameCharacter(text.charAt(start - 1))) {
            start--;
        }
        if (start > 0 && isNameCharacter(text.charAt(start - 1))) {
            return ""; // longer than any attribute worth reading
        }
        return text.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
    }

    /** {@code src}, {@code srcset}, {@code href}, {@code poster}, {@code xlink:href}, and {@code data-…-src} and the like. */
    static boolean linkAttribute(String name) {
        return switch (name) {
            case "src", "srcset", "href", "poster", "xlink:href" -> true;
            default -> name.endsWith("-src") || name.endsWith("-srcset") || name.endsWith("-href");
        };
    }

    private static boolean isNameCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.' || c == '-';
    }

    private static String firstGroup(Matcher match, int from, int to) {
        for (int g = from; g <= to; g++) {
            if (match.group(g) != null) {
                return match.group(g);
            }
        }
        return "";
    }

    /** A Markdown destination ends at the first unbalanced {@code )}: {@code a(1).png)} is {@code a(1).png}. */
    static String balancedDestination(String text) {
        int depth = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth-- == 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    /** The URLs of a {@code srcset}: candidates split at commas, each a URL and optional width or density. */
    static List<String> srcsetUrls(String srcset) {
        List<String> urls = new ArrayList<>();
        int i = 0;
        int n = srcset.length();
        while (i < n) {
            while (i < n && (Character.isWhitespace(srcset.charAt(i)) || srcset.charAt(i) == ',')) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(srcset.charAt(i))) {
                i++;
            }
            String url = srcset.substring(start, i);
            boolean endsCandidate = url.endsWith(",");
            while (url.endsWith(",")) {
                url = url.substring(0, url.length() - 1);
            }
            if (!url.isEmpty()) {
                urls.add(url);
            }
            if (!endsCandidate) {
                while (i < n && srcset.charAt(i) != ',') { // the descriptor: 300w, 2x
                    i++;
                }
            }
        }
        return urls;
    }

    /** Hands on the key {@code url} names, as written and with character references decoded. */
    private void offer(String url, Consumer<String> keys) {
        String written = url.strip();
        String decoded = HtmlEntities.decode(written);
        String key = underPrefix(decoded);
        if (key != null) {
            keys.accept(key);
        }
        if (!decoded.equals(written)) {
            String asWritten = underPrefix(written); // a file really named "a&amp;b.jpg" is kept too
            if (asWritten != null && !asWritten.equals(key)) {
                keys.accept(asWritten);
            }
        }
    }

    /** The key {@code url} names under a prefix, or null when it points elsewhere. */
    private String underPrefix(String url) {
        if (url.isEmpty() || url.length() > MAX_URL) {
            return null;
        }
        if (spellings.isEmpty()) {
            boolean elsewhere = SCHEME.matcher(url).find() || url.startsWith("//") || url.startsWith("#")
                    || url.startsWith("?");
            return elsewhere ? null : url;
        }
        for (String spelling : spellings) {
            if (url.regionMatches(true, 0, spelling, 0, spelling.length())) {
                boolean pathPrefix = !spelling.contains("//");
                if (pathPrefix && (url.startsWith("//") || SCHEME.matcher(url).find())) {
                    continue; // another host's /media/ is not ours
                }
                String key = url.substring(spelling.length());
                return key.isEmpty() ? null : key;
            }
        }
        return null;
    }
}
