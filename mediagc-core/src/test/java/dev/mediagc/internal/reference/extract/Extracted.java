package dev.mediagc.internal.reference.extract;

import dev.mediagc.spi.UnreadableValueException;
import dev.mediagc.spi.ValueExtractor;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Runs an extractor over a value held in a string, for tests. */
final class Extracted {

    private Extracted() {
    }

    static List<String> keys(ValueExtractor extractor, String value) throws UnreadableValueException {
        List<String> keys = new ArrayList<>();
        try {
            extractor.extract(new StringReader(value), keys::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return keys;
    }
}
