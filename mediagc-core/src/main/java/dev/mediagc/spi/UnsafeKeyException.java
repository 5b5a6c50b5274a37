package dev.mediagc.spi;

import java.io.IOException;

/** A key that would leave the store's root, pass through a symbolic link, or name nothing. */
public class UnsafeKeyException extends IOException {
    public UnsafeKeyException(String key, String why) {
        super("refusing key '" + printable(key) + "': " + why);
    }

    /** The key with control characters made visible, so a log line stays one line. */
    public static String printable(String key) {
        StringBuilder sb = new StringBuilder();
        key.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }
}
