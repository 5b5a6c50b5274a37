package dev.mediagc.spi;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Finds the file keys held inside one database value: a JSON document, a PHP-serialized array, an
 * HTML or Markdown body. The value arrives as a character stream and is read once, so a body of
 * many megabytes never has to be held several times over.
 *
 * <p>An extractor must either hand over every key the value holds or throw
 * {@link UnreadableValueException}: a value it cannot read could name a live file.
 */
public interface ValueExtractor {

    /** How reports name what is extracted, e.g. {@code json $.images[*].path} or {@code text}. */
    String describe();

    /** Hands every key found in {@code value} to {@code keys}, in any order, duplicates allowed. */
    void extract(Reader value, Consumer<String> keys) throws UnreadableValueException, IOException;
}
