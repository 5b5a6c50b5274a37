package dev.mediagc.internal.discover;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.mediagc.internal.reference.extract.PhpSerializedReader;
import dev.mediagc.internal.reference.extract.TextExtractor;
import dev.mediagc.spi.UnreadableValueException;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The strings one database value holds inside, read by the shape the value has: a JSON document
 * (each string with its path), a PHP {@code serialize()} value (each string with the keys leading
 * to it), or an HTML / Markdown body (each link the sweep's {@link TextExtractor} reads). Discovery
 * then asks which of them name stored keys; the shape that finds them says which extractor to
 * propose.
 */
final class ContainedStrings {

    /** The shapes a value can have. */
    enum Shape { JSON, PHP, TEXT }

    /**
     * One string found inside a value.
     *
     * @param at JSON: field names and array positions (integers) from the root; PHP: the keys
     *           leading to it; text: empty
     */
    record Found(String text, List<Object> at) {
    }

    /** What one value holds: its shape and the strings in it. */
    record Contents(Shape shape, List<Found> strings) {
    }

    /** An absolute link is reported with this scheme, whatever it was written with: text prefixes match http, https and // alike. */
    static final String LINK_SCHEME = "https://";

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern PHP_START = Pattern.compile("^(?:[aO]:\\d{1,12}:|s:\\d{1,12}:\")");
    private static final TextExtractor RELATIVE_LINKS = new TextExtractor(List.of());
    /** With this prefix the extractor yields what follows the scheme of every http, https or // link. */
    private static final TextExtractor ABSOLUTE_LINKS = new TextExtractor(List.of(LINK_SCHEME));

    private ContainedStrings() {
    }

    /** The value's contents, or null when it has none of the shapes (or does not parse as the one it looks like). */
    static Contents of(String value) {
        String v = value.strip();
        if (v.startsWith("{") || v.startsWith("[")) {
            List<Found> strings = json(v);
            if (strings != null) {
                return new Contents(Shape.JSON, strings);
            }
            // "[a picture](/media/a.jpg)" starts like JSON too: read it as text below
        }
        if (PHP_START.matcher(v).find()) {
            List<Found> strings = php(v);
            if (strings != null) {
                return new Contents(Shape.PHP, strings);
            }
        }
        if (looksLikeMarkup(v)) {
            return new Contents(Shape.TEXT, text(v));
        }
        return null;
    }

    /** A cheap test before running the text extractor: it only ever reads attributes, url(...) and Markdown links. */
    private static boolean looksLikeMarkup(String value) {
        return value.indexOf('<') >= 0 || value.contains("](") || value.contains("]:") || value.contains("url(");
    }

    /** Every string (not number: a number never names a file here) of a JSON document with its path, or null if it is not JSON. */
    static List<Found> json(String value) {
        List<Found> found = new ArrayList<>();
        List<Object> at = new ArrayList<>();
        Deque<int[]> arrays = new ArrayDeque<>(); // per open container: {isArray, next index}
        Deque<String> fields = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(value)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    fields.pop();
                    fields.push(parser.currentName());
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    arrays.pop();
                    fields.pop();
                    if (!at.isEmpty()) {
                        at.remove(at.size() - 1);
                    }
                    continue;
                }
                int[] parent = arrays.peek();
                if (parent != null) {
                    at.add(parent[0] == 1 ? (Object) parent[1]++ : fields.peek());
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    arrays.push(new int[] {token == JsonToken.START_ARRAY ? 1 : 0, 0});
                    fields.push("");
                    continue;
                }
                if (token == JsonToken.VALUE_STRING) {
                    found.add(new Found(parser.getText(), List.copyOf(at)));
                }
                if (parent != null) {
                    at.remove(at.size() - 1);
                }
            }
        } catch (IOException e) {
            return null; // not JSON (Jackson's parse errors are IOExceptions)
        }
        return arrays.isEmpty() ? found : null;
    }

    /** Every string of a PHP-serialized value with the keys leading to it, or null if it is not serialized. */
    static List<Found> php(String value) {
        List<Found> found = new ArrayList<>();
        try {
            PhpSerializedReader.read(new StringReader(value), (keys, text) -> found.add(new Found(text, List.copyOf(keys))));
        } catch (UnreadableValueException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        return found;
    }

    /**
     * The links of an HTML or Markdown body, as the sweep's text extractor reads them: relative
     * and root-relative paths as written, absolute ones as {@link #LINK_SCHEME} followed by host
     * and path.
     */
    static List<Found> text(String value) {
        List<Found> found = new ArrayList<>();
        try {
            RELATIVE_LINKS.extract(new StringReader(value), link -> found.add(new Found(link, List.of())));
            ABSOLUTE_LINKS.extract(new StringReader(value), link -> found.add(new Found(LINK_SCHEME + link, List.of())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
