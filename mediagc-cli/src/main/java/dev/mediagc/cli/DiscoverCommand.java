package dev.mediagc.cli;

import dev.mediagc.discover.ColumnDiscovery;
import dev.mediagc.discover.ColumnFinding;
import dev.mediagc.reference.JdbcUrlDataSource;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.ObjectStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "discover", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "Propose the reference columns of a database: read a sample of every text column of one schema and keep "
                + "those whose values name objects in the store, as they are or behind a prefix such as /media/, "
                + "or hold such names inside: JSON documents (ref-json with a path), PHP-serialized values (ref-php), "
                + "HTML or Markdown bodies (ref-text with the text prefix before the names).",
            "",
            "Writes a config file for 'mediagc sweep --config' with the evidence for each column as comments. It is "
                + "a proposal to review: it cannot see references built from several columns, or derived "
                + "files. Discover reads only, inside read-only transactions, and changes "
                + "nothing.",
            "",
            "Example: mediagc discover --db jdbc:postgresql://localhost/app --db-user app --db-password-env PGPASSWORD "
                + "--store /var/www/media --out mediagc.yml"})
final class DiscoverCommand implements Callable<Integer> {

    @Option(names = "--db", paramLabel = "JDBC_URL", required = true, description = "The application's database.")
    String db;

    @Option(names = "--db-user", paramLabel = "U", description = "Database user.")
    String dbUser;

    @Option(names = "--db-password-env", paramLabel = "VAR",
            description = "Name of the environment variable holding the database password (never pass it as a flag).")
    String dbPasswordEnv;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder or s3://bucket/prefix.")
    String store;

    @Option(names = "--schema", paramLabel = "S",
            description = "The schema (MariaDB/MySQL: database) to read (default: the connection's current one).")
    String schema;

    @Option(names = "--sample-rows", paramLabel = "N", defaultValue = "" + ColumnDiscovery.DEFAULT_SAMPLE_ROWS,
            description = "Non-null values to read per column (default: ${DEFAULT-VALUE}).")
    int sampleRows;

    @Option(names = "--max-keys", paramLabel = "N", defaultValue = "" + ColumnDiscovery.DEFAULT_KEY_CAP,
            description = "Store keys to hold in memory at most (default: ${DEFAULT-VALUE}); past it, ratios are lower bounds.")
    int maxKeys;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "mediagc.yml",
            description = "Where to write the proposed config (default: ${DEFAULT-VALUE}); an existing file is never overwritten.")
    Path out;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws IOException, SQLException {
        if (Files.exists(out)) {
            throw new UsageException(out + " already exists; discover never overwrites a config: "
                    + "name another file with --out, or move it away");
        }
        JdbcUrlDataSource dataSource = UsageException.beforeRun(
                () -> new JdbcUrlDataSource(db, dbUser, SweepCommand.password(dbPasswordEnv)));
        ColumnDiscovery.Result result;
        try (ObjectStore objectStore = UsageException.beforeRun(this::openStore)) {
            ColumnDiscovery discovery = UsageException.beforeRun(() -> new ColumnDiscovery(dataSource, objectStore)
                    .schema(schema).sampleRows(sampleRows).keyCap(maxKeys));
            result = discovery.run();
        }
        String yaml = DiscoveryYaml.write(result, new DiscoveryYaml.Connection(db, dbUser, dbPasswordEnv, store));
        Files.writeString(out, yaml, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
        System.out.println(summary(result));
        return ExitCode.OK;
    }

    private String summary(ColumnDiscovery.Result result) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("mediagc discover read up to %d values of each of %d text columns in %s and compared "
                        + "them with %d stored objects%s. It proposes %d reference column(s)",
                sampleRows, result.findings().size(), result.schema() == null ? "the database" : "schema " + result.schema(),
                result.keys().listed(), result.keys().capped() ? " (only the first " + result.keys().cap()
                        + " kept, so ratios are lower bounds)" : "", result.proposed().size()));
        if (!result.prefixes().isEmpty()) {
            text.append(" with prefix(es) ").append(String.join(", ", result.prefixes()));
        }
        if (!result.textPrefixes().isEmpty()) {
            text.append(" and text prefix(es) ").append(String.join(", ", result.textPrefixes()));
        }
        text.append(" and reports ").append(result.weak().size()).append(" weak one(s) as comments");
        if (!result.unreadable().isEmpty()) {
            text.append("; ").append(result.unreadable().size()).append(" column(s) could not be read");
        }
        text.append(", written to ").append(out).append(". This is a proposal to review, not a verified configuration: "
                + "check each column, add references discover cannot see (several columns, derived files) "
                + "and excludes, then start with a dry run: mediagc sweep --config ").append(out);
        for (ColumnFinding finding : result.proposed()) {
            text.append(System.lineSeparator()).append("  proposed ").append(finding.reference()).append(kindShown(finding)).append(": ")
                    .append(DiscoveryYaml.percent(finding.hitRatio())).append(" of ").append(finding.sampled());
        }
        for (ColumnFinding finding : result.weak()) {
            text.append(System.lineSeparator()).append("  weak     ").append(finding.reference()).append(kindShown(finding)).append(": ")
                    .append(DiscoveryYaml.percent(finding.hitRatio())).append(" of ").append(finding.sampled());
        }
        return text.toString();
    }

    /** For a column holding keys inside, how it is read: " (ref-json $.images[*].path)". */
    private static String kindShown(ColumnFinding finding) {
        if (!finding.extraction().inside()) {
            return "";
        }
        String argument = finding.extraction().argument();
        return " (" + DiscoveredExtractorsYaml.configKey(finding.extraction().kind()) + (argument == null ? "" : " " + argument) + ")";
    }

        private ObjectStore openStore() {
        try {
            return ObjectStoreProvider.openAny(store, storeOptions.asMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
