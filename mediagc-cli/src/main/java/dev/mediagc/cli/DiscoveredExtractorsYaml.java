package dev.mediagc.cli;

import dev.mediagc.ValueExtraction;
import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.ValueExtraction.Kind;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The part of a discovered config for columns whose values hold keys inside: {@code ref-json},
 * {@code ref-php}, {@code ref-wp-attachment} and {@code ref-text} entries spelled as
 * {@link ExtractOptions} reads them ({@code TABLE.COLUMN=PATH}, {@code TABLE.COLUMN=KEY},
 * {@code TABLE.COLUMN}), and the {@code text-prefix} list, each entry after its evidence.
 */
final class DiscoveredExtractorsYaml {

    private DiscoveredExtractorsYaml() {
    }

    /** The config key a finding's reference goes under. */
    static String configKey(Kind kind) {
        return switch (kind) {
            case COLUMN -> "ref";
            case JSON -> "ref-json";
            case PHP -> "ref-php";
            case WP_ATTACHMENT -> "ref-wp-attachment";
            case TEXT -> "ref-text";
        };
    }

    /** The entry as its config key takes it; null for a PHP column no one key covers, which cannot be written. */
    static String entry(ColumnFinding finding) {
        ValueExtraction extraction = finding.extraction();
        return switch (extraction.kind()) {
            case JSON, PHP -> extraction.argument() == null ? null : finding.reference() + "=" + extraction.argument();
            default -> finding.reference();
        };
    }

    static void write(StringBuilder yaml, ColumnDiscovery.Result result) {
        List<ColumnFinding> inside = result.proposed().stream().filter(f -> f.extraction().inside()).toList();
        for (Kind kind : List.of(Kind.JSON, Kind.PHP, Kind.WP_ATTACHMENT, Kind.TEXT)) {
            List<ColumnFinding> ofKind = inside.stream().filter(f -> f.extraction().kind() == kind).toList();
            if (ofKind.isEmpty()) {
                continue;
            }
            yaml.append(configKey(kind)).append(":\n");
            for (ColumnFinding finding : ofKind) {
                yaml.append("  # ").append(evidence(finding)).append('\n');
                yaml.append("  - ").append(DiscoveryYaml.quoted(entry(finding))).append('\n');
            }
            if (kind == Kind.TEXT && ofKind.stream().anyMatch(f -> f.extraction().textPrefixes().isEmpty())
                    && !(result.textPrefixes().isEmpty() && result.prefixes().isEmpty())) {
                yaml.append("  # Some bodies above link to keys as bare relative paths: with a text-prefix (or, without one,\n")
                        .append("  # a strip-prefix) set, the sweep reads only links under it. Check those bodies.\n");
            }
        }
        List<String> textPrefixes = result.textPrefixes();
        if (!textPrefixes.isEmpty()) {
            yaml.append("text-prefix:\n");
            for (String prefix : textPrefixes) {
                String columns = inside.stream().filter(f -> f.extraction().textPrefixes().contains(prefix))
                        .map(ColumnFinding::reference).collect(Collectors.joining(", "));
                yaml.append("  # seen before stored keys in the links of ").append(DiscoveryYaml.oneLine(columns)).append('\n');
                yaml.append("  - ").append(DiscoveryYaml.quoted(prefix)).append('\n');
            }
        }
    }

    /** Why a column holding keys inside is proposed (or reported): ratio, rows, keys found, how it is read, an excerpt. */
    static String evidence(ColumnFinding finding) {
        ValueExtraction extraction = finding.extraction();
        String entry = entry(finding);
        String samples = finding.samples().stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "));
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%s of %d sampled values hold a stored key inside (%d values, %d distinct keys found), read as %s%s%s",
                DiscoveryYaml.percent(finding.hitRatio()), finding.sampled(), finding.hits(), extraction.keysFound(),
                configKey(extraction.kind()), entry == null ? "" : " '" + entry + "'",
                finding.prefixes().isEmpty() ? "" : ", behind " + String.join(" or ", finding.prefixes())));
        if (!extraction.textPrefixes().isEmpty()) {
            text.append(" with text-prefix ").append(String.join(" and ", extraction.textPrefixes()));
        }
        if (extraction.unreadable() > 0) {
            text.append("; WARNING: ").append(extraction.unreadable()).append(" sampled value(s) are not in this format, and "
                    + "the sweep stops on them: narrow the rows with a ref-sql-… query (do not skip them blindly)");
        }
        if (extraction.note() != null) {
            text.append("; ").append(FlagWording.of(extraction.note()));
        }
        if (!samples.isEmpty()) {
            text.append("; e.g. ").append(samples);
        }
        text.append(DiscoveryYaml.sampling(finding));
        return DiscoveryYaml.oneLine(text.toString());
    }
}
