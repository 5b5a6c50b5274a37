package dev.mediagc.cli;

import dev.mediagc.ColumnFinding;
import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.internal.discover.SchemaTables;
import dev.mediagc.internal.discover.StoredKeys;
import dev.mediagc.internal.reference.IdentifierQuoting;
import dev.mediagc.internal.reference.ReadOnlyTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Tells the applications whose presets fit the schema, by each preset's fingerprint (tables and
 * their columns), and infers the preset's parameters. A preset is recognised only when every table
 * of its fingerprint is there with every column; a partial fit is reported, never proposed. Reads
 * metadata and a few bounded queries inside a checked read-only transaction.
 */
final class KnownApplications {

    /**
     * A preset whose fingerprint the schema holds: the match proposed (the shortest names: a
     * network's main site), the other complete matches (the network's other sites), and its
     * parameters with their evidence.
     */
    record Recognition(Presets.Preset preset, Fingerprint.Match match, List<Fingerprint.Match> others,
            List<InferredParameter> parameters) {

        /** Every table of every complete match: the preset covers their columns. */
        Set<String> coveredTables() {
            Set<String> tables = new HashSet<>(match.tableNames());
            others.forEach(other -> tables.addAll(other.tableNames()));
            return tables;
        }
    }

    /** A preset some of whose tables are there, but not all, or not with all their columns. */
    record PartialFit(Presets.Preset preset, Fingerprint.Match match) {
    }

    record Outcome(List<Recognition> recognised, List<PartialFit> partial) {

        static final Outcome NONE = new Outcome(List.of(), List.of());

        /** The discovery without the columns of the recognised presets' tables, which the presets cover. */
        ColumnDiscovery.Result uncovered(ColumnDiscovery.Result result) {
            return new ColumnDiscovery.Result(result.schema(), result.keys(),
                    result.findings().stream().filter(f -> !covered(f)).toList(), result.unreadable());
        }

        /** The proposed or weak columns a recognised preset covers, which the config leaves out. */
        List<ColumnFinding> coveredFindings(ColumnDiscovery.Result result) {
            return result.findings().stream().filter(f -> f.verdict() != ColumnFinding.Verdict.NONE && covered(f)).toList();
        }

        private boolean covered(ColumnFinding finding) {
            return recognised.stream().anyMatch(r -> r.coveredTables().contains(finding.table()));
        }
    }

    private KnownApplications() {
    }

    static Outcome recognise(DataSource dataSource, String schema, StoredKeys keys) throws SQLException {
        List<Recognition> recognised = new ArrayList<>();
        List<PartialFit> partial = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
            String schemaRead = schema != null ? schema : SchemaTables.currentSchema(connection);
            List<SchemaTables.Table> tables = SchemaTables.of(connection, schemaRead);
            IdentifierQuoting quoting = IdentifierQuoting.of(connection);
            boolean qualify = schemaRead != null
                    && !connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
            SchemaReader reader = new SchemaReader(connection, quoting, qualify ? schemaRead : null, keys);
            for (String name : Presets.names()) {
                var declared = Presets.fingerprint(name);
                if (declared.isMissingNode()) {
                    continue;
                }
                Presets.Preset preset = Presets.named(name);
                Fingerprint fingerprint = Fingerprint.of(declared);
                List<Fingerprint.Match> matches = fingerprint.matches(tables, preset, quoting.unquotedFolding());
                List<Fingerprint.Match> complete = matches.stream().filter(Fingerprint.Match::complete).toList();
                if (complete.isEmpty()) {
                    matches.forEach(match -> partial.add(new PartialFit(preset, match)));
                    continue;
                }
                List<InferredParameter> parameters;
                try {
                    parameters = PresetParameterInference.infer(preset, fingerprint, complete.get(0), reader, tables);
                } catch (SQLException e) {
                    // A row discover may not read: the preset is still recognised, its other parameters unread.
                    transaction.restart();
                    List<InferredParameter> fromNames = new ArrayList<>();
                    complete.get(0).values().forEach((param, value) -> fromNames.add(new InferredParameter(param, value,
                            "read off the table name(s) " + String.join(" and ", complete.get(0).tableNames()))));
                    fromNames.add(InferredParameter.notFound("", "reading rows to infer the others failed ("
                            + e.getMessage() + "): check each parameter"));
                    parameters = fromNames;
                }
                recognised.add(new Recognition(preset, complete.get(0), complete.subList(1, complete.size()),
                        List.copyOf(parameters)));
            }
        }
        return new Outcome(List.copyOf(recognised), List.copyOf(partial));
    }
}
