package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * References whose keys sit inside values: JSON documents, PHP-serialized arrays (WordPress
 * attachment metadata), HTML and Markdown bodies; over a column or over a query's first column.
 * Each flag has the same key in the config file.
 */
final class ExtractOptions {

    @Option(names = "--ref-json", paramLabel = "TABLE.COLUMN=PATH",
            description = "A column holding JSON; PATH selects the file keys inside, e.g. "
                    + "'post.gallery=$.images[*].path' or 'blob.metadata=$..file'. Repeatable.")
    List<String> json = new ArrayList<>();

    @Option(names = "--ref-sql-json", paramLabel = "PATH=SELECT",
            description = "As --ref-json over the first column of a query, e.g. "
                    + "'$.images[*].path=SELECT data FROM post WHERE kind = ''gallery'''. Repeatable.")
    List<String> sqlJson = new ArrayList<>();

    @Option(names = "--ref-php", paramLabel = "TABLE.COLUMN=KEY",
            description = "A column holding PHP-serialized values; the strings under KEY (any depth) are file keys, "
                    + "e.g. 'wp_options.option_value=file'. Repeatable.")
    List<String> php = new ArrayList<>();

    @Option(names = "--ref-sql-php", paramLabel = "KEY=SELECT", description = "As --ref-php over the first column of a query. Repeatable.")
    List<String> sqlPhp = new ArrayList<>();

    @Option(names = "--ref-wp-attachment", paramLabel = "TABLE.COLUMN",
            description = "A column of WordPress _wp_attachment_metadata values: the upload and every size, the sizes "
                    + "named in the upload's folder. Repeatable.")
    List<String> wpAttachment = new ArrayList<>();

    @Option(names = "--ref-sql-wp-attachment", paramLabel = "SELECT",
            description = "As --ref-wp-attachment over a query, e.g. \"SELECT meta_value FROM wp_postmeta WHERE "
                    + "meta_key = '_wp_attachment_metadata'\". Repeatable.")
    List<String> sqlWpAttachment = new ArrayList<>();

    @Option(names = "--ref-text", paramLabel = "TABLE.COLUMN",
            description = "A column of HTML or Markdown bodies: the media its src, srcset, href, CSS url() and Markdown "
                    + "links name under a --text-prefix. Repeatable.")
    List<String> text = new ArrayList<>();

    @Option(names = "--ref-sql-text", paramLabel = "SELECT", description = "As --ref-text over a query. Repeatable.")
    List<String> sqlText = new ArrayList<>();

    @Option(names = "--text-prefix", paramLabel = "P",
            description = "Where the store's root is served, for --ref-text: a URL or path in a body counts only under "
                    + "one, e.g. https://cdn.example.com/media/ (http and // too) or /media/. Default: the strip "
                    + "prefixes. Repeatable.")
    List<String> textPrefixes = new ArrayList<>();

    @Option(names = "--allow-unreadable-values",
            description = "Skip values --ref-json/-php/-wp-attachment cannot read (bad JSON, truncated serialization), "
                    + "reporting how many, instead of failing. Files only they name are then listed as orphans.")
    Boolean allowUnreadableValues;

    /** Whether the flags (or the config file, whose lists the command added to them) name any such reference. */
    boolean any() {
        return !(json.isEmpty() && sqlJson.isEmpty() && php.isEmpty() && sqlPhp.isEmpty() && wpAttachment.isEmpty()
                && sqlWpAttachment.isEmpty() && text.isEmpty() && sqlText.isEmpty());
    }

    /** Adds the references and their settings; a malformed one is an IllegalArgumentException (a usage error). */
    void applyTo(MediaGc.Builder builder) {
        for (String spec : json) {
            String[] parts = split(spec, "--ref-json", "TABLE.COLUMN=PATH, e.g. post.gallery=$.images[*].path");
            builder.referenceJson(parts[0], parts[1]);
        }
        for (String spec : sqlJson) {
            String[] parts = split(spec, "--ref-sql-json", "PATH=SELECT ..., e.g. '$..file=SELECT data FROM upload'");
            builder.referenceQueryJson(parts[1], parts[0]);
        }
        for (String spec : php) {
            String[] parts = split(spec, "--ref-php", "TABLE.COLUMN=KEY, e.g. wp_postmeta.meta_value=file");
            builder.referencePhpSerialized(parts[0], parts[1]);
        }
        for (String spec : sqlPhp) {
            String[] parts = split(spec, "--ref-sql-php", "KEY=SELECT ..., e.g. 'file=SELECT option_value FROM wp_options'");
            builder.referenceQueryPhpSerialized(parts[1], parts[0]);
        }
        wpAttachment.forEach(builder::referenceWordPressAttachments);
        sqlWpAttachment.forEach(builder::referenceQueryWordPressAttachments);
        text.forEach(builder::referenceText);
        sqlText.forEach(builder::referenceQueryText);
        builder.textPrefix(textPrefixes.toArray(String[]::new));
        builder.allowUnreadableValues(Boolean.TRUE.equals(allowUnreadableValues));
    }

    /** {@code LEFT=RIGHT} at the first {@code =} outside a quoted name; both sides required. */
    static String[] split(String spec, String flag, String form) {
        char quote = 0;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '`') {
                quote = c;
            } else if (c == '=') {
                String left = spec.substring(0, i).strip();
                String right = spec.substring(i + 1).strip();
                if (left.isEmpty() || right.isEmpty()) {
                    break;
                }
                return new String[] {left, right};
            }
        }
        throw new IllegalArgumentException(flag + " '" + spec + "' must be " + form);
    }

}
