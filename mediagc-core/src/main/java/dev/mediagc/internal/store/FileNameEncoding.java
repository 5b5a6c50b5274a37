package dev.mediagc.internal.store;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Makes sure this JVM reads file names as UTF-8. On Linux the JDK decodes names with the charset
 * of the process's locale ({@code sun.jnu.encoding}), fixed at start-up: under cron's empty
 * environment that is ASCII, every non-ASCII letter becomes U+FFFD, and a referenced
 * {@code Straße.jpg} is listed as an orphan named {@code Stra??e.jpg}. A Latin-1 locale would
 * decode without loss but to other letters ({@code StraÃŸe.jpg}), which no reference matches
 * either. So anything but UTF-8 is refused before a store is opened: nothing is read or changed.
 */
public final class FileNameEncoding {

    /** Thrown when file names could not be read faithfully; nothing has been done yet. */
    public static final class LossyFileNamesException extends RuntimeException {
        LossyFileNamesException(String message) {
            super(message);
        }
    }

    private FileNameEncoding() {
    }

    /** Refuses, with a message saying how to fix it, when this JVM does not decode file names as UTF-8. */
    public static void requireLossless() {
        require(System.getProperty("os.name", ""), System.getProperty("sun.jnu.encoding"));
        // The property is what the JDK reports; this is what it does: a name it cannot encode
        // back is refused by Path itself, so a lying property cannot let a lossy run through.
        if (!isWindows(System.getProperty("os.name", ""))) {
            try {
                Path.of("Stra\u00dfe-caf\u00e9-\u6771\u4eac");
            } catch (InvalidPathException e) {
                throw refusal(System.getProperty("sun.jnu.encoding"));
            }
        }
    }

    /** The check itself, for any operating system and file-name charset. */
    static void require(String osName, String fileNameCharset) {
        if (isWindows(osName)) {
            return; // Windows hands names to Java as UTF-16: nothing to decode, nothing to lose.
        }
        if (!isUtf8(fileNameCharset)) {
            throw refusal(fileNameCharset);
        }
    }

    private static boolean isWindows(String osName) {
        return osName.toLowerCase(Locale.ROOT).startsWith("windows");
    }

    private static boolean isUtf8(String charsetName) {
        if (charsetName == null || charsetName.isBlank()) {
            return false;
        }
        try {
            return Charset.forName(charsetName.strip()).equals(StandardCharsets.UTF_8);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return false;
        }
    }

    /** ASCII only: this message is printed exactly when the output cannot carry other letters. */
    private static LossyFileNamesException refusal(String charset) {
        return new LossyFileNamesException("file names would be read as " + charset + ", not UTF-8 (no UTF-8 locale "
                + "is set, as under cron), so names with non-ASCII letters would not match their "
                + "references; nothing was read or changed. Set LANG=C.UTF-8 (or run through the ./mediagc launcher, "
                + "which does) and run again");
    }
}
