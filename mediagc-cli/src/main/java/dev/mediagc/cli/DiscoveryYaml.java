package dev.mediagc.cli;

import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.discover.ColumnDiscovery;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A discovery written as a {@code mediagc sweep --config} file: the proposed columns under
 * {@code ref}, their prefixes under {@code strip-prefix}, each preceded by the evidence for it,
 * and the weak columns as comments only, so they are seen but never swept on by accident.
 * Written by hand rather than by a YAML mapper because the comments are the point.
 */
final class DiscoveryYaml {

    private static final int SAMPLE_CHARS = 80;

    private DiscoveryYaml() {
    }

    record Connection(String db, String dbUser, String dbPasswordEnv, String store) {
    }

    static String write(ColumnDiscovery.Result result, Connection connection) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Written by 'mediagc discover': a PROPOSAL to review, not a verified configuration.\n");
        yaml.append("# Each proposed column below names stored objects in a sample of its values; check each one,\n");
        yaml.append("# and add what discover cannot see: references built from several columns (ref-sql),\n");
        yaml.append("# keys inside values it did not recognise (ref-json, ref-php, ref-text), derived files and\n");
        yaml.append("# scratch folders the proposals at the end miss (derived, exclude). Then run a dry run first.\n");
        if (result.keys().capped()) {
            yaml.append("# The store listed ").append(result.keys().listed()).append(" objects; only the first ")
                    .append(result.keys().cap()).append(" were compared, so the ratios below are lower bounds.\n");
        }
        if (result.keys().sampled()) {
            yaml.append("# The store was sampled (--sample-objects): ").append(result.keys().listed()).append(" keys listed in ")
                    .append(result.keys().ranges().size()).append(" complete stretches of its key order. A ratio below\n")
                    .append("# counts only the values naming a key within those stretches, where a miss is a real miss.\n");
        }
        yaml.append("db: ").append(quoted(connection.db())).append('\n');
        if (connection.dbUser() != null) {
            yaml.append("db-user: ").append(quoted(connection.dbUser())).append('\n');
        }
        if (connection.dbPasswordEnv() != null) {
            yaml.append("db-password-env: ").append(quoted(connection.dbPasswordEnv())).append('\n');
        }
        yaml.append("store: ").append(quoted(connection.store())).append('\n');
        List<ColumnFinding> proposed = result.proposed();
        List<ColumnFinding> plain = proposed.stream().filter(finding -> !finding.extraction().inside()).toList();
        if (plain.isEmpty()) {
            yaml.append(proposed.isEmpty() ? "# No column's sampled values named stored objects often enough to propose it.\n"
                    : "# No column's values are keys as they are; the columns holding keys inside follow.\n");
            yaml.append("ref: []\n");
        } else {
            yaml.append("ref:\n");
            for (ColumnFinding finding : plain) {
                yaml.append("  # ").append(evidence(finding)).append('\n');
                yaml.append("  - ").append(quoted(finding.reference())).append('\n');
            }
        }
        DiscoveredExtractorsYaml.write(yaml, result);
        List<String> prefixes = result.prefixes();
        if (!prefixes.isEmpty()) {
            yaml.append("strip-prefix:\n");
            for (String prefix : prefixes) {
                String columns = proposed.stream().filter(f -> f.prefixes().contains(prefix))
                        .map(ColumnFinding::reference).collect(Collectors.joining(", "));
                yaml.append("  # seen before stored keys in ").append(oneLine(columns)).append('\n');
                yaml.append("  - ").append(quoted(prefix)).append('\n');
            }
        }
        List<ColumnFinding> weak = result.weak();
        if (!weak.isEmpty()) {
            yaml.append("# Weak: these columns name stored objects in a few sampled values only, too few to propose.\n");
            yaml.append("# If one is a file column (most of its rows empty of files, say), add it to ref (or the key named) yourself:\n");
            for (ColumnFinding finding : weak) {
                yaml.append("#   ").append(oneLine(finding.reference())).append(": ").append(evidence(finding)).append('\n');
            }
        }
        if (!result.unjudged().isEmpty()) {
            yaml.append("# Not judged: none of their sampled values named a key within the listed stretches (raise --sample-objects):\n");
            result.unjudged().forEach(finding -> yaml.append("#   ").append(oneLine(finding.reference())).append('\n'));
        }
        if (!result.unreadable().isEmpty()) {
            yaml.append("# Could not be read, so not judged:\n");
            result.unreadable().forEach(column -> yaml.append("#   ").append(oneLine(column)).append('\n'));
        }
        return yaml.toString();
    }

    static String evidence(ColumnFinding finding) {
        if (finding.extraction().inside()) {
            return DiscoveredExtractorsYaml.evidence(finding);
        }
        String samples = finding.samples().stream().map(DiscoveryYaml::shortened).map(s -> "'" + s + "'")
                .collect(Collectors.joining(", "));
        return oneLine(String.format(Locale.ROOT, "%s of %d sampled values name a stored object (%d hits%s); e.g. %s%s",
                percent(finding.hitRatio()), finding.sampled(), finding.hits(),
                finding.prefixes().isEmpty() ? "" : ", behind " + String.join(" or ", finding.prefixes()), samples,
                sampling(finding))
                + (finding.extraction().note() == null ? "" : "; WARNING: " + FlagWording.of(finding.extraction().note())));
    }

    /** How the rows were picked, and how many values read fell outside a sampled store's listed stretches. */
    static String sampling(ColumnFinding finding) {
        String rows = "; rows: " + finding.sampleMethod().description();
        return finding.read() > finding.sampled() ? rows + String.format(Locale.ROOT,
                "; %d of %d values read fell within the listed key stretches", finding.sampled(), finding.read()) : rows;
    }

    static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
    }

    static String shortened(String value) {
        return value.length() <= SAMPLE_CHARS ? value : value.substring(0, SAMPLE_CHARS) + "...";
    }

    /** A comment must stay on its line: line breaks and other controls in a value are shown escaped. */
    static String oneLine(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    /** A YAML single-quoted scalar: nothing in it is special but the quote itself. */
    static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
