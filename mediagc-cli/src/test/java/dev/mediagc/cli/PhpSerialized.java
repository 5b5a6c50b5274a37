package dev.mediagc.cli;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** PHP's serialize() for the shapes WordPress stores in wp_postmeta: arrays, strings (lengths in UTF-8 bytes), integers. */
final class PhpSerialized {

    private PhpSerialized() {
    }

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> array) {
            out.append("a:").append(array.size()).append(":{");
            array.forEach((key, element) -> {
                write(key, out);
                write(element, out);
            });
            out.append('}');
        } else if (value instanceof Integer || value instanceof Long) {
            out.append("i:").append(value).append(';');
        } else {
            String text = value.toString();
            out.append("s:").append(text.getBytes(StandardCharsets.UTF_8).length).append(":\"").append(text).append("\";");
        }
    }
}
