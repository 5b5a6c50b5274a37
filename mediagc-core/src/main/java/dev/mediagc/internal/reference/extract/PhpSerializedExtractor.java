package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * The strings held under a given key, at any depth, in a PHP-serialized value: with key
 * {@code file}, {@code a:1:{s:4:"file";s:9:"a/b/c.jpg";}} yields {@code a/b/c.jpg}, and so does the
 * same entry nested in arrays or objects. When the key holds an array, every string inside it is
 * yielded.
 */
public final class PhpSerializedExtractor implements ValueExtractor {

    private final String key;

    public PhpSerializedExtractor(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a PHP-serialized reference needs the key its file names sit under, e.g. file");
        }
        this.key = key.strip();
    }

    @Override
    public String describe() {
        return "php " + key;
    }

    @Override
    public void extract(Reader value, Consumer<String> keys) throws UnreadableValueException, IOException {
        PhpSerializedReader.read(value, (path, text) -> {
            if (path.contains(key)) {
                keys.accept(text);
            }
        });
    }
}
