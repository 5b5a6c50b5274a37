package dev.mediagc.internal.reference.extract;

import java.util.Map;

/**
 * Decodes the character references HTML (and Markdown, which follows it) puts in URLs:
 * {@code &amp;}, {@code &#38;}, {@code &#x26;} and the few named ones that occur in paths. An
 * unknown name is left as written.
 */
final class HtmlEntities {

    private static final Map<String, String> NAMED = Map.ofEntries(
            Map.entry("amp", "&"), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("quot", "\""),
            Map.entry("apos", "'"), Map.entry("nbsp", "\u00a0"), Map.entry("sol", "/"), Map.entry("colon", ":"),
            Map.entry("lpar", "("), Map.entry("rpar", ")"), Map.entry("num", "#"), Map.entry("percnt", "%"),
            Map.entry("quest", "?"), Map.entry("equals", "="), Map.entry("period", "."), Map.entry("comma", ","),
            Map.entry("lowbar", "_"), Map.entry("hyphen", "-"), Map.entry("dash", "\u2010"), Map.entry("plus", "+"),
            Map.entry("excl", "!"), Map.entry("dollar", "$"), Map.entry("commat", "@"), Map.entry("bsol", "\\"),
            Map.entry("semi", ";"), Map.entry("Tab", "\t"), Map.entry("NewLine", "\n"));

    private HtmlEntities() {
    }

    static String decode(String text) {
        int amp = text.indexOf('&');
        if (amp < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        out.append(text, 0, amp);
        int i = amp;
        while (i < text.length()) {
            char c = text.charAt(i);
            int semi = c == '&' ? text.indexOf(';', i + 1) : -1;
            if (semi > i + 1 && semi - i <= 12) {
                String replacement = reference(text.substring(i + 1, semi));
                if (replacement != null) {
                    out.append(replacement);
                    i = semi + 1;
                    continue;
                }
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    private static String reference(String name) {
        if (name.charAt(0) != '#') {
            return NAMED.get(name);
        }
        try {
            int codePoint = name.length() > 1 && (name.charAt(1) == 'x' || name.charAt(1) == 'X')
                    ? Integer.parseInt(name.substring(2), 16)
                    : Integer.parseInt(name.substring(1));
            return Character.isValidCodePoint(codePoint) && codePoint != 0 ? Character.toString(codePoint) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
