package dev.mediagc.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.derive.DerivedRule;
import dev.mediagc.internal.guard.DatabaseIdentity;
import dev.mediagc.internal.plan.PlanHeader;
import dev.mediagc.internal.plan.PlanWriter;
import dev.mediagc.internal.plan.PlannedCandidate;
import dev.mediagc.internal.plan.SettingsFingerprint;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mark and the sweep's classification as one Spark job, ending in a plan file:
 *
 * <ol>
 *   <li>every reference source is read with Spark's JDBC source ({@link ReferenceReader}) and each
 *       value turned into the hashes core's mark holds ({@link MarkForms}); a source without values
 *       fails the run, as in a sweep;</li>
 *   <li>the objects are listed ({@link HadoopListing}) or read from an S3 Inventory
 *       ({@link InventoryListing}), and each judged as far as it can be without
 *       the references ({@link ListedObjects}: excludes, grace period, mediagc's area);</li>
 *   <li>an anti-join keeps the objects whose normal form no value marks, a second one those whose
 *       derived-rule owners no value marks: the candidates;</li>
 *   <li>the candidates, sorted by key on the cluster, stream to the driver
 *       ({@code toLocalIterator}, a partition at a time) into the plan.</li>
 * </ol>
 *
 * Any failed task (a JDBC range, a folder's listing) fails the action that ran it and so the run;
 * the plan is written under a temporary name and moved into place only when complete.
 */
public final class SparkPlan {

    private static final Logger log = LoggerFactory.getLogger(SparkPlan.class);

    /**
     * The one check of a sweep the job does not make: the derived-files guard counts the folders
     * of referenced files and probes the mark for each candidate, which needs the whole mark in
     * one place. {@code apply} still probes its fresh mark for every candidate it acts on.
     */
    static final String DERIVED_LOOKING_NOT_RUN = "made by the Spark job: the derived-files guard's count of "
            + "referenced folders was not run; apply still checks each candidate against its fresh mark";

    private final SparkSession spark;
    private final SparkPlanSettings settings;
    private final Clock clock;

    public SparkPlan(SparkSession spark, SparkPlanSettings settings, Clock clock) {
        this.spark = spark;
        this.settings = settings;
        this.clock = clock;
    }

    /** One source's figures. */
    record SourceCount(String name, String identity, long rows, long values) {
    }

    /** What a finished run wrote. */
    public record Result(Path plan, long objects, long candidates, long candidateBytes) {
    }

    public Result run() throws SparkPlanException {
        if (settings.sources().isEmpty()) {
            throw new SparkPlanException("no reference source is configured; name at least one with --ref TABLE.COLUMN "
                    + "or --ref-sql", null);
        }
        // Before any reference is read: a file uploaded after this instant is young whatever the listing says.
        Instant started = clock.instant();
        ObjectListing listing = listing(started);
        KeyRules rules = KeyRules.of(settings, listing.listedAsOf().isBefore(started) ? listing.listedAsOf() : started);
        List<Dataset<Row>> persisted = new ArrayList<>();
        try {
            // First what can fail before any reference is read: an inventory's files are checked here.
            Dataset<Row> listedObjects = listing.objects();
            Dataset<Row> marks = readReferences(rules);
            persisted.add(marks);
            List<SourceCount> sources = sourceCounts(marks);

            Dataset<Row> listed = listedObjects
                    .mapPartitions(new ListedObjects(rules), Encoders.row(ListedObjects.SCHEMA))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            persisted.add(listed);
            long objects = listed.count();

            Dataset<Row> markHashes = marks.filter(col("kind").notEqual(lit(MarkForms.NO_FILE))).select(col("hash").as("mark"));
            Dataset<Row> unmarked = listed.filter(col("eligible"))
                    .join(markHashes, col("hash").equalTo(markHashes.col("mark")), "left_anti");
            Dataset<Row> keptByDerivedRule = unmarked
                    .select(col("key").as("owned_key"), explode(col("owners")).as("owner"))
                    .join(markHashes, col("owner").equalTo(markHashes.col("mark")), "left_semi")
                    .select(col("owned_key"))
                    .distinct();
            Dataset<Row> candidates = unmarked
                    .join(keptByDerivedRule, col("key").equalTo(keptByDerivedRule.col("owned_key")), "left_anti")
                    .select("key", "size", "modified", "version")
                    .persist(StorageLevel.MEMORY_AND_DISK());
            persisted.add(candidates);
            Row totals = candidates.agg(count(lit(1)), sum(col("size"))).first();
            long count = totals.getLong(0);
            long bytes = totals.isNullAt(1) ? 0 : totals.getLong(1);
            long referenced = listed.join(markHashes, col("hash").equalTo(markHashes.col("mark")), "left_semi").count();

            List<PlanHeader.PlanSource> planSources = sources.stream()
                    .map(source -> new PlanHeader.PlanSource(source.identity(), source.values())).toList();
            PlanHeader header = PlanHeader.of(clock.instant(), "spark", listing.storeLocation(), databaseIdentity(),
                    fingerprint(rules), rules.listedAsOf(), DurationParser.format(rules.minAge()),
                    new PlanHeader.PlanFigures(objects, referenced, count, bytes, planSources, null),
                    List.of(DERIVED_LOOKING_NOT_RUN));
            Path plan = Path.of(settings.plan());
            try (PlanWriter output = PlanWriter.create(plan, header)) {
                // Sorted on the cluster; the driver holds one partition at a time.
                Iterator<Row> sorted = candidates.orderBy(col("key")).toLocalIterator();
                while (sorted.hasNext()) {
                    output.candidate(ObjectListing.object(sorted.next()), PlannedCandidate.UNREFERENCED);
                }
                listing.checkUnchanged(); // after the last read of the listing, before the plan is published
                output.complete();
            }
            log.info("plan {}: {} candidates ({} bytes) of {} objects", plan, count, bytes, objects);
            return new Result(plan, objects, count, bytes);
        } catch (SparkPlanException e) {
            throw e;
        } catch (SQLException e) {
            throw new SparkPlanException("reading references failed, no plan written: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new SparkPlanException("writing the plan failed, no plan written: " + e.getMessage(), e);
        } catch (Exception e) { // a failed Spark job (SparkException) included
            throw new SparkPlanException("the job failed, no plan written: " + rootMessage(e), e);
        } finally {
            persisted.forEach(Dataset::unpersist);
        }
    }

    private ObjectListing listing(Instant started) throws SparkPlanException {
        if (settings.store() == null) {
            throw new SparkPlanException("no store given; name it with --store URI (file:/srv/media, s3a://bucket/prefix, "
                    + "abfs://..., gs://...)", null);
        }
        if (settings.inventory() != null) {
            try {
                return InventoryListing.open(spark, settings.inventory(), settings.store(), settings.storeLocation(),
                        settings.inventoryMaxAge(), started);
            } catch (IllegalArgumentException e) {
                throw new SparkPlanException(e.getMessage() + "; no plan written", e);
            }
        }
        return new HadoopListing(spark, settings.store(), started, settings.storeLocation(), settings.ageFromMtime());
    }

    /** Every source's mark rows, one data set, persisted: figures and both joins read it. */
    private Dataset<Row> readReferences(KeyRules rules) throws SQLException {
        ReferenceReader reader = new ReferenceReader(spark, settings.jdbcUrl(), settings.jdbcProperties());
        Dataset<Row> all = null;
        for (int i = 0; i < settings.sources().size(); i++) {
            Dataset<Row> rows = reader.markRows(settings.sources().get(i), rules).withColumn("source", lit(i));
            all = all == null ? rows : all.unionAll(rows);
        }
        return all.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Rows and values per source; a source without values fails the run (unless allowed), as in a sweep. */
    private List<SourceCount> sourceCounts(Dataset<Row> marks) throws SparkPlanException {
        long[] rows = new long[settings.sources().size()];
        long[] values = new long[rows.length];
        for (Row row : marks.groupBy("source")
                .agg(sum(when(col("kind").notEqual(lit(MarkForms.LENIENT)), 1).otherwise(0)),
                        sum(when(col("kind").equalTo(lit(MarkForms.STRICT)), 1).otherwise(0)))
                .collectAsList()) {
            rows[row.getInt(0)] = row.getLong(1);
            values[row.getInt(0)] = row.getLong(2);
        }
        List<SourceCount> counts = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            ReferenceSpec spec = settings.sources().get(i);
            String name = ReferenceReader.name(spec);
            if (values[i] == 0 && !settings.allowEmptySource()) {
                throw new SparkPlanException("reference source " + name + " returned no values (" + rows[i] + " rows); "
                        + "a wrong database or table would look like this. Set --allow-empty-source if it is really "
                        + "empty; no plan written", null);
            }
            counts.add(new SourceCount(name, ReferenceReader.identity(spec), rows[i], values[i]));
        }
        return counts;
    }

    private DatabaseIdentity databaseIdentity() throws SQLException {
        return DatabaseIdentity.of(new JdbcUrlDataSource(settings.jdbcUrl(), settings.jdbcProperties().get("user"),
                settings.jdbcProperties().get("password")));
    }

    /** The fingerprint a one-machine sweep with the same settings gives: apply compares its own with it. */
    private String fingerprint(KeyRules rules) {
        return SettingsFingerprint.of(settings.sources().stream().map(ReferenceReader::identity).toList(),
                rules.excludes(), rules.derived().rules().stream().map(DerivedRule::text).toList(), rules.minAge(),
                rules.normalizer().stripPrefixes(), rules.ignoreCase());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
