package dev.mediagc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mediagc.internal.discover.SchemaTables;
import dev.mediagc.internal.reference.IdentifierQuoting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a preset's application always has, each with the columns it must have, written with
 * the preset's parameters ({@code ${table-prefix}posts}). Matched against a schema's tables, a
 * parameter in a table name is read off the name found (the prefix of {@code wp_2_posts}); one in a
 * column name takes the preset's default. Names are compared as the database stores them: the
 * fingerprint's own text is folded the way the database folds a name written without quotes
 * (PostgreSQL lower case, H2 upper case, MariaDB as written).
 */
record Fingerprint(List<TableShape> tables) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-z][a-z0-9-]*)}");

    /** A table the application has: its name and the columns it must have, as templates. */
    record TableShape(String name, List<String> columns) {
    }

    /** What one table of the fingerprint looks like under one set of parameter values. */
    record Found(String table, List<String> missingColumns, boolean exists) {

        boolean complete() {
            return exists && missingColumns.isEmpty();
        }
    }

    /**
     * The fingerprint under one set of values for the parameters in its table names: each of its
     * tables as found (or not) in the schema.
     */
    record Match(Map<String, String> values, List<Found> tables) {

        boolean complete() {
            return tables.stream().allMatch(Found::complete);
        }

        List<String> tableNames() {
            return tables.stream().map(Found::table).toList();
        }
    }

    /** The parameters its column names use, which a match confirms at their defaults. */
    Set<String> columnParameters() {
        Set<String> names = new LinkedHashSet<>();
        for (TableShape table : tables) {
            for (String column : table.columns()) {
                Matcher m = PLACEHOLDER.matcher(column);
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    static Fingerprint of(JsonNode node) {
        List<TableShape> tables = new ArrayList<>();
        node.path("tables").fields().forEachRemaining(table -> {
            List<String> columns = new ArrayList<>();
            table.getValue().forEach(column -> columns.add(column.asText()));
            tables.add(new TableShape(table.getKey(), List.copyOf(columns)));
        });
        return new Fingerprint(List.copyOf(tables));
    }

    /**
     * Every way the schema matches this fingerprint, complete or not, the most likely first: complete
     * matches before partial ones, then the shortest names (a network's main site, {@code wp_}, before
     * {@code wp_2_}). A match is partial when some of its tables are missing or lack columns; a table
     * that merely shares a name pattern but none of the columns starts no match.
     */
    List<Match> matches(List<SchemaTables.Table> schema, Presets.Preset preset, IdentifierQuoting.Folding folding) {
        Map<String, Set<String>> columnsOf = new LinkedHashMap<>();
        schema.forEach(table -> columnsOf.put(table.name(), new HashSet<>(table.columns())));
        Map<String, Presets.Parameter> parameters = new LinkedHashMap<>();
        preset.parameters().forEach(p -> parameters.put(p.name(), p));

        Set<Map<String, String>> candidates = new LinkedHashSet<>();
        for (TableShape shape : tables) {
            if (!PLACEHOLDER.matcher(shape.name()).find()) {
                if (columnsOf.containsKey(concrete(shape.name(), Map.of(), parameters, folding))) {
                    candidates.add(Map.of());
                }
                continue;
            }
            NamePattern pattern = NamePattern.of(shape.name(), parameters, folding);
            for (String table : columnsOf.keySet()) {
                Map<String, String> values = pattern.valuesIn(table);
                if (values != null && missing(shape, values, parameters, folding, columnsOf.get(table)).isEmpty()) {
                    candidates.add(values);
                }
            }
        }
        List<Match> matches = new ArrayList<>();
        for (Map<String, String> values : candidates) {
            List<Found> found = new ArrayList<>();
            for (TableShape shape : tables) {
                String table = concrete(shape.name(), values, parameters, folding);
                Set<String> columns = columnsOf.get(table);
                found.add(columns == null ? new Found(table, List.of(), false)
                        : new Found(table, missing(shape, values, parameters, folding, columns), true));
            }
            matches.add(new Match(values, List.copyOf(found)));
        }
        matches.sort(Comparator.comparing((Match m) -> !m.complete())
                .thenComparingInt(m -> m.tableNames().stream().mapToInt(String::length).sum())
                .thenComparing(m -> String.join(",", m.tableNames())));
        return matches;
    }

    private static List<String> missing(TableShape shape, Map<String, String> values, Map<String, Presets.Parameter> parameters,
            IdentifierQuoting.Folding folding, Set<String> columns) {
        List<String> missing = new ArrayList<>();
        for (String column : shape.columns()) {
            String name = concrete(column, values, parameters, folding);
            if (name == null || !columns.contains(name)) {
                missing.add(name == null ? column : name);
            }
        }
        return missing;
    }

    /**
     * A template with the given values (as found in the schema, so left as they are) and the other
     * parameters' defaults (written by the preset, so folded like the template's own text); null when
     * a parameter has neither.
     */
    static String concrete(String template, Map<String, String> values, Map<String, Presets.Parameter> parameters,
            IdentifierQuoting.Folding folding) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(folded(template.substring(at, m.start()), folding));
            String value = values.get(m.group(1));
            if (value == null) {
                Presets.Parameter parameter = parameters.get(m.group(1));
                if (parameter == null || parameter.defaultValue() == null) {
                    return null;
                }
                value = folded(parameter.defaultValue(), folding);
            }
            out.append(value);
            at = m.end();
        }
        return out.append(folded(template.substring(at), folding)).toString();
    }

    static String folded(String name, IdentifierQuoting.Folding folding) {
        return switch (folding) {
            case LOWER -> name.toLowerCase(Locale.ROOT);
            case UPPER -> name.toUpperCase(Locale.ROOT);
            case NONE -> name;
        };
    }

    /** A table-name template as a regular expression: each parameter a named group of its own pattern. */
    private record NamePattern(Pattern pattern, List<String> parameters) {

        static NamePattern of(String template, Map<String, Presets.Parameter> declared, IdentifierQuoting.Folding folding) {
            Matcher m = PLACEHOLDER.matcher(template);
            StringBuilder regex = new StringBuilder();
            List<String> names = new ArrayList<>();
            int at = 0;
            while (m.find()) {
                regex.append(Pattern.quote(folded(template.substring(at, m.start()), folding)));
                Presets.Parameter parameter = declared.get(m.group(1));
                if (parameter == null) {
                    throw new IllegalStateException("a fingerprint uses ${" + m.group(1) + "} but its preset declares no such parameter");
                }
                int index = names.indexOf(parameter.name());
                if (index >= 0) {
                    regex.append("\\k<p").append(index).append('>');
                } else {
                    regex.append("(?<p").append(names.size()).append('>').append(parameter.pattern().pattern()).append(')');
                    names.add(parameter.name());
                }
                at = m.end();
            }
            regex.append(Pattern.quote(folded(template.substring(at), folding)));
            return new NamePattern(Pattern.compile(regex.toString()), List.copyOf(names));
        }

        /** The parameters' values that make the template name {@code table}; null when none do. */
        Map<String, String> valuesIn(String table) {
            Matcher m = pattern.matcher(table);
            if (!m.matches()) {
                return null;
            }
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < parameters.size(); i++) {
                values.put(parameters.get(i), m.group("p" + i));
            }
            return values;
        }
    }
}
