package dev.mediagc.cli;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * A parameter that names which rows belong to the store swept, such as Active Storage's service
 * name or the media library's disk: among the values the column holds, the one whose rows' files
 * this store holds most. The database alone cannot tell (every service's rows look alike), the
 * store can: a sample of each value's rows is looked up in it. Only that value is proposed; the
 * others are named with their counts, since a store may serve two (a mirror), and rows moved to
 * another service leave copies behind that are orphans, not that service's files.
 */
final class ValueChosenByStore {

    static final int SAMPLE = 200;
    private static final int MOST_VALUES = 50;

    private final String parameter;
    private final String table;
    private final String valueColumn;
    private final List<String> keyColumns;
    private final Function<List<String>, List<String>> storedForms;

    /**
     * @param storedForms from a row's key columns, the store keys its file may have (one per layout)
     */
    ValueChosenByStore(String parameter, String table, String valueColumn, List<String> keyColumns,
            Function<List<String>, List<String>> storedForms) {
        this.parameter = parameter;
        this.table = table;
        this.valueColumn = valueColumn;
        this.keyColumns = List.copyOf(keyColumns);
        this.storedForms = storedForms;
    }

    private record Tally(String value, long rows, int sampled, int found) {
    }

    InferredParameter infer(SchemaReader reader) throws SQLException {
        String from = reader.table(table);
        String value = reader.column(valueColumn);
        List<Tally> tallies = new ArrayList<>();
        for (List<String> group : reader.rows("SELECT " + value + ", COUNT(*) FROM " + from + " WHERE " + value
                + " IS NOT NULL GROUP BY " + value + " ORDER BY 2 DESC LIMIT " + MOST_VALUES)) {
            String keys = String.join(", ", keyColumns.stream().map(reader::column).toList());
            List<List<String>> sample = reader.rows("SELECT " + keys + " FROM " + from + " WHERE " + value + " = ? LIMIT "
                    + SAMPLE, group.get(0));
            int found = 0;
            for (List<String> row : sample) {
                if (storedForms.apply(row).stream().anyMatch(reader::stored)) {
                    found++;
                }
            }
            tallies.add(new Tally(group.get(0), Long.parseLong(group.get(1)), sample.size(), found));
        }
        if (tallies.isEmpty()) {
            return InferredParameter.notFound(parameter, table + " has no rows: the preset's default applies");
        }
        Tally chosen = tallies.stream().max((a, b) -> a.found() != b.found() ? Integer.compare(a.found(), b.found())
                : Long.compare(a.rows(), b.rows())).orElseThrow();
        StringBuilder evidence = new StringBuilder(String.format(Locale.ROOT, "%s.%s: %s", table, valueColumn, describe(chosen)));
        if (chosen.found() == 0) {
            evidence.append("; no sampled row of any value names a file in this store: check the store and this value");
        }
        for (Tally other : tallies) {
            if (other != chosen) {
                evidence.append(String.format(Locale.ROOT, "; also %s%s", describe(other), other.found() == 0 ? ""
                        : " (add it, comma-separated where the parameter takes several, if this store serves it too; "
                        + "copies left by rows moved elsewhere are orphans)"));
            }
        }
        return new InferredParameter(parameter, chosen.value(), evidence.toString());
    }

    private static String describe(Tally tally) {
        return String.format(Locale.ROOT, "'%s' on %d row(s), %d of %d sampled name(s) a file in this store",
                tally.value(), tally.rows(), tally.found(), tally.sampled());
    }
}
