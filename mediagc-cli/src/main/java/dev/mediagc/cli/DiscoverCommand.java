package dev.mediagc.cli;

import dev.mediagc.ColumnFinding;
import dev.mediagc.MediaGc;
import dev.mediagc.internal.discover.ColumnDiscovery;
import dev.mediagc.internal.discover.Coverage;
import dev.mediagc.internal.discover.LeftoverProposal;
import dev.mediagc.MarkIncompleteException;
import dev.mediagc.internal.discover.StoredKeys;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
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
                + "a proposal to review: it cannot see references built from several columns. Discover reads only, "
                + "inside read-only transactions, and changes nothing.",
            "",
            "It then marks the proposed references as a sweep would, lists the store, and proposes derived rules "
                + "(thumbnails, style folders) and excludes (folders no row names) for what they leave unexplained, "
                + "each with its counts and samples, and the coverage before and after.",
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

    @Option(names = "--sample-objects", paramLabel = "N", defaultValue = "0",
            description = "List only stretches of the store's keys holding about N objects instead of the whole store, "
                    + "and judge only the database values that fall within them (default: list everything).")
    int sampleObjects;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed the random choices mediagc makes (the key stretches --sample-objects lists, the key windows "
                    + "rows are read from), so a discovery can be repeated exactly (default: a new choice each run). "
                    + "PostgreSQL's own table sample is not repeated by it.")
    Long seed;

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
        KnownApplications.Outcome known;
        List<ColumnFinding> covered;
        String coverage;
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(store))) {
            ColumnDiscovery discovery = UsageException.beforeRun(() -> new ColumnDiscovery(dataSource, objectStore)
                    .schema(schema).sampleRows(sampleRows).keyCap(maxKeys).sampleObjects(sampleObjects));
            if (seed != null) {
                discovery.random(new java.util.Random(seed));
            }
            result = discovery.run();
            // A known application's tables are the preset's: their columns give way to it, the others stay.
            known = KnownApplications.recognise(dataSource, schema, result.keys());
            covered = known.coveredFindings(result);
            result = known.uncovered(result);
            String yaml = DiscoveryYaml.write(result, new DiscoveryYaml.Connection(db, dbUser, dbPasswordEnv, store))
                    + KnownApplicationsYaml.write(known, covered);
            Files.writeString(out, yaml, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE_NEW);
            coverage = measureWhatIsLeft(yaml, objectStore, result.keys());
        }
        System.out.println(summary(result) + knownSummary(known, covered));
        System.out.println(coverage);
        return ExitCode.OK;
    }

    /**
     * Reads the written proposal back as {@code sweep --config} reads it, measures what its
     * references explain of the store, adds the derived rules and excludes that explain the rest
     * (rewriting only the file this run created), reads the result back once more to prove a sweep
     * can, and says what it found. Reads the database and the store only.
     */
    private String measureWhatIsLeft(String yaml, ObjectStore objectStore, StoredKeys listed) throws IOException {
        MediaGc gc;
        try {
            gc = SweepCommand.builderFromConfig(out).store(objectStore).load();
        } catch (IllegalArgumentException | IllegalStateException e) {
            return "Coverage not measured: the proposal names no reference a sweep could read (" + e.getMessage() + ").";
        }
        Coverage before;
        try {
            // A big or sampled store is measured on the keys discover's own listing kept (a uniform sample,
            // or the listed stretches) rather than listed a second time; a small one is listed whole again,
            // so its figures are exact.
            before = Coverage.of(listed.coverageKeysComplete() ? gc.coverage() : gc.coverage(listed.coverageKeys()));
        } catch (MarkIncompleteException e) {
            return "Coverage not measured: marking the proposed references failed (" + e.getMessage() + "); "
                    + "the proposal was written without it.";
        }
        LeftoverProposal left = LeftoverProposal.of(before);
        Files.writeString(out, LeftoverYaml.addTo(yaml, ConfigFile.read(out), before, left), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE);
        SweepCommand.builderFromConfig(out).store(objectStore).load(); // the file as written reads as a sweep reads it
        return "Coverage (" + (before.sample() ? "a sample of the store" : "the whole store listed") + "): with the "
                + "proposed references, " + before.summary() + System.lineSeparator() + "With the " + left.derivedRules().size()
                + " derived rule(s) and " + left.excludes().size() + " exclude(s) proposed in " + out + ": "
                + left.after().summary() + System.lineSeparator()
                + "Review them: each derived rule keeps what matches it while its owner is referenced, and an exclude "
                + "keeps its whole folder out of every sweep.";
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
        if (result.keys().sampled()) {
            text.append("; the store was sampled (").append(result.keys().listed()).append(" keys in ")
                    .append(result.keys().ranges().size()).append(" stretches of its key order), so each ratio counts only the "
                            + "values naming a key within them");
            if (!result.unjudged().isEmpty()) {
                text.append(", and ").append(result.unjudged().size()).append(" column(s) had none (raise --sample-objects)");
            }
        }
        if (!result.unreadable().isEmpty()) {
            text.append("; ").append(result.unreadable().size()).append(" column(s) could not be read");
        }
        text.append(", written to ").append(out).append(". This is a proposal to review, not a verified configuration: "
                + "check each column, add references discover cannot see (several columns) "
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

    /** One line per recognised preset, with the parameters it was given, and one per partial fit. */
    private static String knownSummary(KnownApplications.Outcome known, List<ColumnFinding> covered) {
        StringBuilder text = new StringBuilder();
        for (KnownApplications.Recognition recognition : known.recognised()) {
            text.append(System.lineSeparator()).append("  preset   ").append(recognition.preset().name())
                    .append(" recognised by ").append(String.join(", ", recognition.match().tableNames()));
            recognition.parameters().stream().filter(p -> p.value() != null)
                    .forEach(p -> text.append("; ").append(p.name()).append('=').append(p.value()));
            if (!recognition.others().isEmpty()) {
                text.append("; ").append(recognition.others().size()).append(" more instance(s), see the config");
            }
            long mine = covered.stream().filter(f -> recognition.coveredTables().contains(f.table())).count();
            if (mine > 0) {
                text.append(" (covers ").append(mine).append(" column(s) left out of ref)");
            }
        }
        for (KnownApplications.PartialFit partial : known.partial()) {
            text.append(System.lineSeparator()).append("  partly   ").append(partial.preset().name()).append(", not proposed: ")
                    .append(KnownApplicationsYaml.describe(partial.match()));
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
}
