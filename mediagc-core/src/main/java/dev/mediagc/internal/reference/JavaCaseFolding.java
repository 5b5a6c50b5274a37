package dev.mediagc.internal.reference;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Java's case folding, which is what the key normaliser uses, applied to a row the database
 * returned: SQL's {@code lower()} is not Java's (SQLite and PostgreSQL's C collation fold ASCII
 * only; {@code İ} lowers to two characters in Java; PostgreSQL leaves a final {@code Σ} as
 * {@code σ}), so with ignore-case the look-up lets Java decide for names beyond ASCII.
 */
final class JavaCaseFolding {

    private JavaCaseFolding() {
    }

    /** The spelling among {@code wanted} that Java's lower case of {@code row} (in any normal form) equals, or null. */
    static String match(String row, Set<String> wanted) {
        for (String form : new String[] {row, Normalizer.normalize(row, Normalizer.Form.NFC),
                Normalizer.normalize(row, Normalizer.Form.NFD)}) {
            String folded = form.toLowerCase(Locale.ROOT);
            if (wanted.contains(folded)) {
                return folded;
            }
        }
        return null;
    }

    static boolean isAscii(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
