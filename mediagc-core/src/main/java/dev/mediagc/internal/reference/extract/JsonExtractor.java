package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * The string (and number) values a {@link JsonPath} selects in a JSON document, and every such
 * value beneath a selected node: {@code $.images} over {@code {"images":["a.jpg","b.jpg"]}} yields
 * both names, as does {@code $.images[*]}. Yielding more than asked only keeps more files.
 * The document streams through Jackson's parser; no tree is built.
 */
public final class JsonExtractor implements ValueExtractor {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final JsonPath path;

    public JsonExtractor(JsonPath path) {
        this.path = path;
    }

    @Override
    public String describe() {
        return "json " + path;
    }

    /** One open object or array: whether it (or a node above) is selected, and where its children sit. */
    private static final class Container {
        final boolean array;
        final boolean selected;
        int nextIndex;
        String field;

        Container(boolean array, boolean selected) {
            this.array = array;
            this.selected = selected;
        }
    }

    @Override
    public void extract(Reader value, Consumer<String> keys) throws UnreadableValueException, IOException {
        List<Object> at = new ArrayList<>();
        Deque<Container> open = new ArrayDeque<>();
        try (JsonParser parser = FACTORY.createParser(value)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME) {
                    open.peek().field = parser.currentName();
                    continue;
                }
                if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    open.pop();
                    if (!at.isEmpty()) {
                        at.remove(at.size() - 1); // the finished container's own place in its parent
                    }
                    continue;
                }
                Container parent = open.peek();
                if (parent != null) {
                    at.add(parent.array ? (Object) parent.nextIndex++ : parent.field);
                }
                boolean selected = (parent != null && parent.selected) || path.selects(at);
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    open.push(new Container(token == JsonToken.START_ARRAY, selected));
                    continue;
                }
                if (selected && (token == JsonToken.VALUE_STRING || token.isNumeric())) {
                    keys.accept(parser.getText());
                }
                if (parent != null) {
                    at.remove(at.size() - 1);
                }
            }
        } catch (JsonProcessingException e) {
            throw new UnreadableValueException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!open.isEmpty()) {
            throw new UnreadableValueException("not valid JSON: the document ends inside an object or array");
        }
    }
}
