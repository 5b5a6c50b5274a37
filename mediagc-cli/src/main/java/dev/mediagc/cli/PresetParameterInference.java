package dev.mediagc.cli;

import dev.mediagc.internal.discover.SchemaTables;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a recognised preset that the database or the store tells, each with its
 * evidence: those in the fingerprint's table names from the names found, the others from a few
 * cheap reads, per preset. What nothing tells is reported too, so that a default is never taken
 * silently.
 */
final class PresetParameterInference {

    private PresetParameterInference() {
    }

    static List<InferredParameter> infer(Presets.Preset preset, Fingerprint fingerprint, Fingerprint.Match match,
            SchemaReader reader, List<SchemaTables.Table> schema) throws SQLException {
        List<InferredParameter> inferred = new ArrayList<>();
        String tables = String.join(" and ", match.tableNames());
        match.values().forEach((name, value) -> inferred.add(new InferredParameter(name, value,
                "read off the table name(s) " + tables)));
        fingerprint.columnParameters().stream().filter(name -> !match.values().containsKey(name)).forEach(name ->
                inferred.add(InferredParameter.notFound(name, "the default names a column " + tables + " has")));
        Map<String, String> found = match.values();
        switch (preset.name()) {
            case "wordpress" -> inferred.add(WordPressUploadsUrl.infer(reader, found.get("table-prefix"), schema));
            case "activestorage" -> inferred.add(new ValueChosenByStore("services", match.tableNames().get(0),
                    "service_name", List.of("key"), row -> activeStorageForms(row.get(0))).infer(reader));
            case "laravel-medialibrary" -> inferred.add(new ValueChosenByStore("disk", match.tableNames().get(0), "disk",
                    List.of("id", "file_name"), row -> List.of(row.get(0) + "/" + row.get(1))).infer(reader));
            case "paperclip" -> inferred.addAll(paperclip(found.get("table"), reader));
            default -> {
                // drupal: its one parameter, the table prefix, is in the table names
            }
        }
        return inferred;
    }

    /** A blob key where a flat service (S3, GCS, Azure) and where the Disk service (KE/Y./KEY) stores it. */
    private static List<String> activeStorageForms(String key) {
        if (key == null || key.isEmpty()) {
            return List.of();
        }
        String first = key.substring(0, Math.min(2, key.length()));
        String second = key.length() > 2 ? key.substring(2, Math.min(4, key.length())) : "";
        return List.of(key, second.isEmpty() ? first + "/" + key : first + "/" + second + "/" + key);
    }

    /**
     * Paperclip's :class folder is the model's class name underscored and pluralized, which is
     * Rails' default table name; and whether ids from 10^9 on matter to the id partition.
     */
    private static List<InferredParameter> paperclip(String table, SchemaReader reader) throws SQLException {
        List<InferredParameter> inferred = new ArrayList<>();
        inferred.add(new InferredParameter("class", table, "Rails names a model's table after its class, underscored and "
                + "pluralized, as Paperclip names the :class folder; check it if the model sets its own table_name"));
        List<List<String>> max = reader.rows("SELECT MAX(" + reader.column("id") + ") FROM " + reader.table(table));
        String highest = max.isEmpty() ? null : max.get(0).get(0);
        if (highest == null || highest.length() < 10) {
            inferred.add(new InferredParameter("id-digits", null, "every id of " + table + " is below 10^9 (highest "
                    + highest + "), so kt-paperclip and paperclip partition them alike; the default applies"));
        }
        return inferred;
    }
}
