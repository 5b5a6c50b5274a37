package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads PHP's {@code serialize()} format from a character stream and reports every string with the
 * keys leading to it. String lengths are counted in UTF-8 bytes, as PHP writes them, so
 * {@code s:6:"café";} reads right where a character count or a regular expression would not. Array
 * keys are reported as text ({@code 0}, {@code file}); object properties without PHP's
 * {@code \0*\0} / {@code \0Class\0} visibility marks. Anything else than the format (a wrong length,
 * a missing {@code ;}, trailing text) is an {@link UnreadableValueException}. Public so that
 * {@code mediagc discover} can see under which keys the file names of a sampled value sit.
 */
public final class PhpSerializedReader {

    /** Receives each string value and the keys leading to it, outermost first. */
    public interface StringVisitor {
        void string(List<String> keys, String value);
    }

    private static final int MAX_DEPTH = 512;

    private final Reader in;
    private final StringVisitor visitor;
    private final List<String> keys = new ArrayList<>();
    private int peeked = -2;
    private long position;

    private PhpSerializedReader(Reader in, StringVisitor visitor) {
        this.in = in;
        this.visitor = visitor;
    }

    /** Reads one serialized value (surrounding blanks allowed) and nothing after it. An empty value holds nothing. */
    public static void read(Reader in, StringVisitor visitor) throws UnreadableValueException, IOException {
        PhpSerializedReader reader = new PhpSerializedReader(in, visitor);
        reader.skipBlanks();
        if (reader.peek() < 0) {
            return;
        }
        reader.value(0, false);
        reader.skipBlanks();
        if (reader.peek() >= 0) {
            throw reader.broken("text after the serialized value");
        }
    }

    private void value(int depth, boolean asKey) throws UnreadableValueException, IOException {
        if (depth > MAX_DEPTH) {
            throw broken("nested deeper than " + MAX_DEPTH);
        }
        int type = next();
        switch (type) {
            case 'N' -> expect(';');
            case 'b', 'i', 'd' -> {
                expect(':');
                String number = until(';');
                if (asKey) {
                    keys.add(number);
                }
            }
            case 'r', 'R' -> {
                expect(':');
                until(';');
            }
            case 's' -> {
                String text = lengthPrefixedString();
                expect(';');
                if (asKey) {
                    keys.add(propertyName(text));
                } else {
                    visitor.string(keys, text);
                }
            }
            case 'E' -> {
                lengthPrefixedString(); // an enum case, "Suit:Hearts": names no file
                expect(';');
            }
            case 'a' -> {
                expect(':');
                entries(depth, count(until(':')));
            }
            case 'O' -> {
                lengthPrefixedString(); // the class name
                expect(':');
                entries(depth, count(until(':')));
            }
            case -1 -> throw broken("the value ends early");
            default -> throw broken("'" + (char) type + "' is not a serialized type"
                    + (type == 'C' ? " this reader knows (custom serialization, 'C:', is opaque)" : ""));
        }
        if (asKey && (type != 's' && type != 'i')) {
            throw broken("an array key must be a string or an integer");
        }
    }

    private void entries(int depth, long count) throws UnreadableValueException, IOException {
        expect('{');
        for (long i = 0; i < count; i++) {
            value(depth + 1, true);
            value(depth + 1, false);
            keys.remove(keys.size() - 1);
        }
        expect('}');
    }

    /** {@code N:"..."}: exactly N bytes of UTF-8 between the quotes. */
    private String lengthPrefixedString() throws UnreadableValueException, IOException {
        expect(':');
        long bytes = count(until(':'));
        expect('"');
        StringBuilder text = new StringBuilder((int) Math.min(bytes, 256));
        long counted = 0;
        while (counted < bytes) {
            int c = next();
            if (c < 0) {
                throw broken("a string of " + bytes + " bytes ends early");
            }
            if (Character.isHighSurrogate((char) c)) {
                int low = next();
                if (low < 0 || !Character.isLowSurrogate((char) low)) {
                    throw broken("a string holds a broken UTF-16 pair");
                }
                text.append((char) c).append((char) low);
                counted += 4;
            } else {
                text.append((char) c);
                counted += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (counted != bytes) {
            throw broken("a string's declared length, " + bytes + " bytes, ends inside a character");
        }
        if (next() != '"') {
            throw broken("a string is longer than its declared " + bytes + " bytes (edited by hand or "
                    + "by a search-and-replace that did not fix the lengths?)");
        }
        return text.toString();
    }

    /** A property name without PHP's visibility marks: {@code \0*\0name} and {@code \0Class\0name} are {@code name}. */
    private static String propertyName(String name) {
        if (!name.isEmpty() && name.charAt(0) == 0) {
            int end = name.indexOf(0, 1);
            if (end > 0) {
                return name.substring(end + 1);
            }
        }
        return name;
    }

    private long count(String digits) throws UnreadableValueException {
        if (!digits.matches("\\d{1,12}")) {
            throw broken("'" + digits + "' is not a length");
        }
        return Long.parseLong(digits);
    }

    /** The text before {@code end}, which is consumed; short, as it only ever holds a number. */
    private String until(char end) throws UnreadableValueException, IOException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int c = next();
            if (c == end) {
                return text.toString();
            }
            if (c < 0 || text.length() > 400) {
                throw broken("expected '" + end + "'");
            }
            text.append((char) c);
        }
    }

    private void expect(char wanted) throws UnreadableValueException, IOException {
        int c = next();
        if (c != wanted) {
            throw broken("expected '" + wanted + "'" + (c < 0 ? " but the value ends" : " but found '" + (char) c + "'"));
        }
    }

    private void skipBlanks() throws IOException {
        while (peek() >= 0 && Character.isWhitespace(peek())) {
            next();
        }
    }

    private int peek() throws IOException {
        if (peeked == -2) {
            peeked = in.read();
        }
        return peeked;
    }

    private int next() throws IOException {
        int c = peek();
        peeked = -2;
        if (c >= 0) {
            position++;
        }
        return c;
    }

    private UnreadableValueException broken(String what) {
        return new UnreadableValueException("not PHP-serialized data at character " + position + ": " + what);
    }
}
