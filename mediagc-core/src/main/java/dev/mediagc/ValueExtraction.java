package dev.mediagc;

import java.util.List;

/**
 * How a column's values hold their keys, and so which reference reads them: as they are
 * ({@code ref}), or inside the value, read by one of the sweep's extractors ({@code ref-json} with
 * a JSON path, {@code ref-php} with a key, {@code ref-wp-attachment}, {@code ref-text} under text
 * prefixes).
 *
 * @param argument     the JSON path ({@link Kind#JSON}) or the PHP key ({@link Kind#PHP}); null for
 *                     the others, and for a PHP column whose keys sit under no one common key
 * @param textPrefixes for {@link Kind#TEXT}: where the store's root is served in the bodies'
 *                     links, e.g. {@code https://cdn.example.com/media/}; empty when links are
 *                     relative paths that are keys as they are
 * @param keysFound    distinct stored keys the extractor found in the sample
 * @param unreadable   sampled values the extractor cannot read (not JSON, not serialized): the
 *                     sweep stops on those unless told to skip them
 * @param note         what the user must know before relying on it, or null
 */
public record ValueExtraction(Kind kind, String argument, List<String> textPrefixes, int keysFound, int unreadable,
        String note) {

    /** The reference kinds a discovery proposes. */
    public enum Kind {
        /** The value is the key (after a strip prefix): {@code ref}. */
        COLUMN,
        /** Keys inside JSON documents: {@code ref-json TABLE.COLUMN=PATH}. */
        JSON,
        /** Keys inside PHP {@code serialize()} values: {@code ref-php TABLE.COLUMN=KEY}. */
        PHP,
        /** WordPress attachment metadata, sizes named beside the upload: {@code ref-wp-attachment}. */
        WP_ATTACHMENT,
        /** Links in HTML or Markdown bodies: {@code ref-text} with {@code text-prefix}. */
        TEXT
    }

    /** A plain column: its values are the keys. */
    public static final ValueExtraction COLUMN = new ValueExtraction(Kind.COLUMN, null, List.of(), 0, 0, null);

    public ValueExtraction {
        textPrefixes = List.copyOf(textPrefixes);
    }

    /** Whether the keys sit inside the values rather than being them. */
    public boolean inside() {
        return kind != Kind.COLUMN;
    }
}
