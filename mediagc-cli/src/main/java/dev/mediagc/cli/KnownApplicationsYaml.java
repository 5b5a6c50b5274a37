package dev.mediagc.cli;

import dev.mediagc.ColumnFinding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The recognised presets as the keys of a {@code --config} file, {@code preset} and
 * {@code preset-params}, each parameter preceded by its evidence, each default named for the user
 * to check; the columns the presets cover, the other matches (a network's other sites) and the
 * partial fits as comments. Appended to {@link DiscoveryYaml}'s output.
 */
final class KnownApplicationsYaml {

    private KnownApplicationsYaml() {
    }

    static String write(KnownApplications.Outcome outcome, List<ColumnFinding> covered) {
        StringBuilder yaml = new StringBuilder();
        List<String> proposed = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> evidence = new LinkedHashMap<>();
        StringBuilder notes = new StringBuilder();
        for (KnownApplications.Recognition recognition : outcome.recognised()) {
            Presets.Preset preset = recognition.preset();
            Map<String, String> own = new LinkedHashMap<>();
            List<String> unset = new ArrayList<>();
            for (InferredParameter inferred : recognition.parameters()) {
                Presets.Parameter declared = preset.parameters().stream().filter(p -> p.name().equals(inferred.name()))
                        .findFirst().orElse(null);
                if (declared == null) {
                    unset.add(inferred.evidence()); // about no one parameter: why some were not read
                    continue;
                }
                if (inferred.value() != null && declared.pattern().matcher(inferred.value()).matches()) {
                    own.put(inferred.name(), inferred.value());
                    evidence.put(inferred.name(), preset.name() + " " + inferred.name() + ": " + inferred.evidence());
                } else {
                    String read = inferred.value() == null ? "" : " (read '" + inferred.value() + "', which does not fit "
                            + declared.pattern().pattern() + ")";
                    unset.add(inferred.name() + (declared.defaultValue() == null ? " (NO DEFAULT: set it)"
                            : " (default '" + declared.defaultValue() + "')") + read + ": " + inferred.evidence());
                }
            }
            for (Presets.Parameter p : preset.parameters()) {
                boolean told = recognition.parameters().stream().anyMatch(i -> i.name().equals(p.name()));
                if (!told) {
                    unset.add(p.name() + (p.defaultValue() == null ? " (NO DEFAULT: set it)" : " (default '"
                            + p.defaultValue() + "')") + ": not inferred, check it: " + p.description());
                }
            }
            String conflict = own.entrySet().stream()
                    .filter(e -> values.containsKey(e.getKey()) && !Objects.equals(values.get(e.getKey()), e.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (conflict != null) {
                notes.append("# ").append(preset.name()).append(" is recognised too, but its ").append(conflict)
                        .append(" differs from the preset above it; preset-params is shared, so sweep it with a config of its own: ")
                        .append(own).append('\n');
                continue;
            }
            proposed.add(preset.name());
            values.putAll(own);
            notes.append("# ").append(preset.name()).append(": ").append(preset.description()).append('\n');
            notes.append("#   recognised by ").append(describe(recognition.match())).append('\n');
            unset.forEach(line -> notes.append("#   ").append(line).append('\n'));
            for (Fingerprint.Match other : recognition.others()) {
                notes.append("#   also fits with ").append(other.values().entrySet().stream()
                                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")))
                        .append(" (").append(String.join(", ", other.tableNames())).append("): another instance, such as "
                                + "another site of a WordPress network, whose files are in its own folder (sites/N/); "
                                + "run a sweep once per instance, with its parameters and its folder as the store\n");
            }
        }
        if (!proposed.isEmpty()) {
            yaml.append("# Known application(s): discover recognised these presets by their tables and columns. A preset\n");
            yaml.append("# stands for its references, derived files and excludes ('mediagc presets show NAME' prints them),\n");
            yaml.append("# so the columns of its tables are not listed under ref above.\n");
            yaml.append(notes);
            if (!covered.isEmpty()) {
                yaml.append("# Columns the preset(s) cover, left out of ref:\n");
                covered.forEach(f -> yaml.append("#   ").append(f.reference()).append(": ")
                        .append(DiscoveryYaml.evidence(f)).append('\n'));
            }
            yaml.append("preset:\n");
            proposed.forEach(name -> yaml.append("  - ").append(quoted(name)).append('\n'));
            if (!values.isEmpty()) {
                yaml.append("preset-params:\n");
                values.forEach((name, value) -> {
                    yaml.append("  # ").append(oneLine(evidence.get(name))).append('\n');
                    yaml.append("  ").append(name).append(": ").append(quoted(value)).append('\n');
                });
            }
        } else {
            yaml.append(notes);
        }
        for (KnownApplications.PartialFit partial : outcome.partial()) {
            yaml.append("# Partly like ").append(partial.preset().name()).append(", so not proposed: ")
                    .append(describe(partial.match())).append('\n');
        }
        return yaml.toString();
    }

    /** Each table of a match: there with its columns, there without some, or missing. */
    static String describe(Fingerprint.Match match) {
        return match.tables().stream().map(found -> !found.exists() ? found.table() + " is missing"
                : found.missingColumns().isEmpty() ? found.table()
                : found.table() + " lacks " + String.join(", ", found.missingColumns()))
                .collect(Collectors.joining(", "));
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    private static String quoted(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
