package dev.mediagc.spark;

import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.guard.SafetySettings;
import dev.mediagc.s3.inventory.InventoryObjects;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The job's entry point for {@code spark-submit --class dev.mediagc.spark.SparkPlanJob}: reads
 * the options, runs {@link SparkPlan} in the session spark-submit configured, prints one line
 * saying what the plan holds, and exits non-zero with one line saying what is wrong otherwise.
 */
public final class SparkPlanJob {

    static final String USAGE = """
            usage: spark-submit --class dev.mediagc.spark.SparkPlanJob mediagc-spark-job.jar \\
                     --db JDBC_URL [--db-user USER] [--db-password-env VAR] \\
                     (--ref TABLE.COLUMN | --ref-sql QUERY) [--partition-column COLUMN] [--partitions N] ... \\
                     --store URI [--inventory MANIFEST [--inventory-max-age 8d] | --store-location LOCATION] \\
                     --plan FILE.jsonl.gz \\
                     [--strip-prefix P]... [--ignore-case] [--exclude GLOB]... [--derived RULE]... \\
                     [--min-age 24h] [--allow-empty-source] [--age-from-mtime] [--force]
              --partition-column and --partitions apply to the --ref or --ref-sql just before them.
              --store is listed (file:/srv/media, s3a://BUCKET/PREFIX, abfs://..., gs://...) unless
              --inventory names an S3 Inventory of it (--store s3a://BUCKET/PREFIX): its manifest.json
              as s3a://DEST-BUCKET/.../YYYY-MM-DDTHH-MMZ/manifest.json or a local path; its CSV, ORC or
              Parquet files are checked (size, MD5) and read instead of listing, and the grace period
              counts from the inventory's date; one older than --inventory-max-age (default 8d) is refused.
              The password is read from the environment variable --db-password-env names
              (default MEDIAGC_DB_PASSWORD), never from the command line.""";

    private SparkPlanJob() {
    }

    public static void main(String[] args) {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        SparkPlanSettings settings;
        try {
            settings = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("mediagc spark-plan: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("mediagc spark-plan").getOrCreate();
        int status = 0;
        try {
            SparkPlan.Result result = new SparkPlan(spark, settings, Clock.systemUTC()).run();
            System.out.println("mediagc spark-plan: wrote " + result.plan() + ": " + result.candidates() + " candidates ("
                    + result.candidateBytes() + " bytes) of " + result.objects() + " objects; review it with "
                    + "`mediagc plan show`, act on it with `mediagc apply`");
        } catch (SparkPlanException e) {
            System.err.println("mediagc spark-plan: " + e.getMessage());
            status = 1;
        } finally {
            spark.stop();
        }
        System.exit(status);
    }

    /** The settings the command line gives; throws with one line saying what is wrong. */
    static SparkPlanSettings parse(String[] args, Map<String, String> environment) {
        String url = null;
        String user = null;
        String passwordVariable = "MEDIAGC_DB_PASSWORD";
        List<ReferenceSpec> sources = new ArrayList<>();
        int queries = 0;
        String store = null;
        String storeLocation = null;
        String inventory = null;
        Duration inventoryMaxAge = null;
        String plan = null;
        List<String> stripPrefixes = new ArrayList<>();
        boolean ignoreCase = false;
        List<String> excludes = new ArrayList<>();
        List<String> derived = new ArrayList<>();
        Duration minAge = Duration.ofHours(24);
        boolean allowEmptySource = false;
        boolean ageFromMtime = false;
        boolean force = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--ignore-case" -> ignoreCase = true;
                case "--allow-empty-source" -> allowEmptySource = true;
                case "--age-from-mtime" -> ageFromMtime = true;
                case "--force" -> force = true;
                default -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(option + " needs a value");
                    }
                    String value = args[++i];
                    switch (option) {
                        case "--db" -> url = value;
                        case "--db-user" -> user = value;
                        case "--db-password-env" -> passwordVariable = value;
                        case "--ref" -> sources.add(ReferenceSpec.column(value));
                        case "--ref-sql" -> sources.add(ReferenceSpec.query(value, ++queries));
                        case "--partition-column" -> sources.add(last(sources, option).partitionedBy(value));
                        case "--partitions" -> sources.add(last(sources, option).inPartitions(positive(option, value)));
                        case "--store" -> store = value;
                        case "--inventory" -> inventory = value;
                        case "--inventory-max-age" -> inventoryMaxAge = DurationParser.parse(value);
                        case "--store-location" -> storeLocation = value;
                        case "--plan" -> plan = value;
                        case "--strip-prefix" -> stripPrefixes.add(value);
                        case "--exclude" -> excludes.add(value);
                        case "--derived" -> derived.add(value);
                        case "--min-age" -> minAge = DurationParser.parse(value);
                        default -> throw new IllegalArgumentException("unknown option " + option);
                    }
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("--db JDBC_URL is required: the database the references are read from");
        }
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("name at least one reference source with --ref TABLE.COLUMN or --ref-sql QUERY");
        }
        if (store == null) {
            throw new IllegalArgumentException("name the objects with --store URI (file:/srv/media, s3a://BUCKET/PREFIX, "
                    + "abfs://..., gs://...)");
        }
        if (inventory != null && !store.startsWith("s3a://") && !store.startsWith("s3://") && !store.startsWith("s3n://")) {
            throw new IllegalArgumentException("--inventory reads an S3 Inventory of an S3 bucket; name the store it lists "
                    + "with --store s3a://BUCKET/PREFIX, not " + store);
        }
        if (inventory != null && storeLocation != null) {
            // The keys are made relative to --store's prefix; a plan naming another store would have
            // apply look every key up under the wrong prefix.
            throw new IllegalArgumentException("--store-location does not go with --inventory: the plan names the store "
                    + "s3://BUCKET/PREFIX/ that --store gives, as `mediagc apply --store s3://...` names it");
        }
        if (inventoryMaxAge != null && inventory == null) {
            throw new IllegalArgumentException("--inventory-max-age only takes effect with --inventory MANIFEST");
        }
        if (plan == null || !plan.endsWith(".jsonl.gz")) {
            throw new IllegalArgumentException("--plan FILE.jsonl.gz is required (a plan is gzipped JSON Lines)");
        }
        if (minAge.compareTo(SafetySettings.MIN_AGE_FLOOR) < 0 && !force) {
            throw new IllegalArgumentException("a --min-age under 1h (" + minAge.toSeconds() + "s) can plan away uploads "
                    + "whose row has not committed yet; add --force if you mean it");
        }
        Map<String, String> properties = new HashMap<>();
        if (user != null) {
            properties.put("user", user);
        }
        String password = environment.get(passwordVariable);
        if (password != null) {
            properties.put("password", password);
        }
        for (String rule : derived) {
            dev.mediagc.internal.derive.DerivedRule.parse(rule); // refuse a bad rule before Spark starts
        }
        return new SparkPlanSettings(url, properties, sources, store, storeLocation, plan, stripPrefixes,
                ignoreCase, excludes, derived, minAge, allowEmptySource, ageFromMtime, inventory,
                inventory == null ? null : inventoryMaxAge != null ? inventoryMaxAge : InventoryObjects.DEFAULT_MAX_AGE);
    }

    /** Takes the last source off the list, to be put back modified. */
    private static ReferenceSpec last(List<ReferenceSpec> sources, String option) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException(option + " applies to the --ref or --ref-sql before it; put it after one");
        }
        return sources.remove(sources.size() - 1);
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(option + " must be a whole number of at least 1, not '" + value + "'");
    }
}
