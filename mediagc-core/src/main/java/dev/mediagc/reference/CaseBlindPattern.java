package dev.mediagc.reference;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * A LIKE pattern that finds, whatever the database's {@code lower()} does beyond ASCII, every row
 * Java would lower-case to a given spelling: ASCII characters stay (lower case, as every
 * database folds ASCII), each run of other characters becomes {@code %}. An ASCII letter right
 * before a non-ASCII character joins the run, because Java lowers {@code İ} to {@code i} plus a
 * combining dot while a database may leave {@code İ} as it is.
 */
final class CaseBlindPattern {

    static final char ESCAPE = '!';

    private CaseBlindPattern() {
    }

    /** The pattern for a lower-cased spelling, or {@code null} when it is plain ASCII (the exact look-up covers it). */
    static String of(String spelling) {
        if (spelling.chars().allMatch(c -> c < 0x80)) {
            return null;
        }
        StringBuilder pattern = new StringBuilder(spelling.length());
        int n = spelling.length();
        for (int i = 0; i < n; i++) {
            char c = spelling.charAt(i);
            boolean wild = c >= 0x80 || (i + 1 < n && spelling.charAt(i + 1) >= 0x80 && Character.isLetter(c));
            if (wild) {
                if (pattern.length() == 0 || pattern.charAt(pattern.length() - 1) != '%' || endsEscaped(pattern)) {
                    pattern.append('%');
                }
            } else {
                if (c == '%' || c == '_' || c == ESCAPE) {
                    pattern.append(ESCAPE);
                }
                pattern.append(c);
            }
        }
        return pattern.toString();
    }

    private static boolean endsEscaped(StringBuilder pattern) {
        int len = pattern.length();
        return len >= 2 && pattern.charAt(len - 2) == ESCAPE;
    }

    /** The spelling among {@code wanted} that Java's lower case of {@code row} (in any normal form) equals, or null. */
    static String javaFoldedMatch(String row, Set<String> wanted) {
        for (String form : new String[] {row, Normalizer.normalize(row, Normalizer.Form.NFC),
                Normalizer.normalize(row, Normalizer.Form.NFD)}) {
            String folded = form.toLowerCase(Locale.ROOT);
            if (wanted.contains(folded)) {
                return folded;
            }
        }
        return null;
    }
}
