package dev.mediagc.spi;

import java.util.Comparator;

/**
 * The order of keys in an {@link OrderedListing}: by Unicode code points, which is the UTF-8 byte
 * order S3 lists in. {@link String#compareTo} compares UTF-16 units and so differs for letters
 * past U+FFFF; anything that tests whether a key falls between two listed keys must use this.
 */
public final class KeyOrder {

    public static final Comparator<String> COMPARATOR = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
