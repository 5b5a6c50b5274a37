package dev.mediagc.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.s3.S3Store;
import dev.mediagc.s3.inventory.Inventory;
import dev.mediagc.s3.inventory.InventoryFixture;
import dev.mediagc.s3.inventory.InventoryFormat;
import dev.mediagc.s3.inventory.InventoryListedStore;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The job reading its objects from an S3 Inventory (written by the inventory module's own fixture,
 * on local disk) of a bucket on S3Proxy holding the {@link MediaLibrary}'s files under {@code site/}:
 * its plan equals line for line the one-machine plan ({@code MediaGc.plan} over
 * {@link InventoryListedStore}, the same inventory and database) in every format and {@code apply} on
 * the live bucket acts on it; the grace period counts from the inventory's date; a damaged, missing or
 * foreign inventory fails the job without a plan. Neither the JVM's time zone nor the session's is
 * UTC here, and they differ, so a reader that took the inventory's times as local times would show.
 */
class SparkInventoryPlanTest {

    @TempDir
    static Path tempDir;
    static SparkSession spark;
    static MediaLibrary library;
    static S3ProxyServer server;
    static S3Client client;
    static TimeZone zone;
    static int buckets;
    /** A bucket for the tests that change nothing in it. */
    static String shared;

    @BeforeAll
    static void start() throws Exception {
        zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        library = MediaLibrary.create(tempDir);
        server = new S3ProxyServer();
        client = server.client();
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("mediagc-spark-inventory-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "America/New_York") // neither UTC nor the JVM's zone
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        shared = bucketWithTheLibrary();
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (client != null) {
            client.close();
            server.close();
        }
        if (library != null) {
            library.db.close();
        }
        TimeZone.setDefault(zone);
    }

    /** A new bucket holding the library's files under {@code site/} (links left out, as S3 has none) and one file outside. */
    private static String bucketWithTheLibrary() throws IOException {
        String bucket = "media-" + (++buckets);
        client.createBucket(b -> b.bucket(bucket));
        try (Stream<Path> files = Files.walk(library.root)) {
            for (Path file : files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String key = "site/" + library.root.relativize(file).toString().replace('\\', '/');
                byte[] content = Files.readAllBytes(file);
                client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
            }
        }
        put(bucket, "site/tenant/inner/.mediagc/lock", "a store inside the nested store");
        put(bucket, "site/marked/.mediagc/", ""); // a store whose state is only an empty folder marker so far
        put(bucket, "site/marked/orphan-of-a-marked-store.jpg", "another store's file");
        put(bucket, "elsewhere/orphan.jpg", "outside the store's prefix");
        put(bucket, "site-notes.txt", "outside the prefix, though it starts with 'site'");
        return bucket;
    }

    private static void put(String bucket, String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    /**
     * The bucket's inventory made at {@code made}, with old versions and delete markers, and the upload
     * the library calls young dated ten minutes before the inventory (S3Proxy dates every object now).
     */
    private static InventoryFixture.Written inventory(String bucket, InventoryFormat format, Instant made) throws IOException {
        return inventory(bucket, format, made, InventoryFixture.Shape.AS_S3_WRITES);
    }

    private static InventoryFixture.Written inventory(String bucket, InventoryFormat format, Instant made,
                                                      InventoryFixture.Shape shape) throws IOException {
        List<InventoryFixture.Row> rows = new ArrayList<>();
        for (InventoryFixture.Row row : InventoryFixture.rowsOf(client, bucket)) {
            if (row.key().equals("site/uploads/just-uploaded.jpg")) {
                row = new InventoryFixture.Row(row.bucket(), row.key(), row.versionId(), row.latest(), row.deleteMarker(),
                        row.size(), made.minus(Duration.ofMinutes(10)), row.eTag());
            }
            rows.add(row);
        }
        InventoryFixture.Row any = rows.get(0);
        rows.add(0, any.notLatest());
        rows.add(new InventoryFixture.Row(bucket, "site/deleted since.jpg", "v1", false, false, 5L,
                any.lastModified().minus(Duration.ofDays(40)), "0123456789abcdef0123456789abcdef"));
        rows.add(new InventoryFixture.Row(bucket, "site/deleted since.jpg", "v2", true, true, null, any.lastModified(), null));
        Path root = Files.createTempDirectory(tempDir, "inventory-");
        return InventoryFixture.write(root, bucket, format, made, rows, 3, shape);
    }

    private static SparkPlanSettings settings(String bucket, Path plan, String inventory) {
        Map<String, String> properties = new HashMap<>();
        properties.put("user", library.db.user());
        if (library.db.password() != null) {
            properties.put("password", library.db.password());
        }
        return new SparkPlanSettings(library.db.url(), properties, List.of(
                ReferenceSpec.column("media.file").partitionedBy("id").inPartitions(3),
                ReferenceSpec.column("profile.avatar"),
                ReferenceSpec.query("SELECT attachment FROM post WHERE published", 1)),
                "s3a://" + bucket + "/site", null, plan.toString(), MediaLibrary.STRIP_PREFIXES, false,
                MediaLibrary.EXCLUDES, MediaLibrary.DERIVED, Duration.ofHours(24), false, false, inventory,
                Duration.ofDays(8));
    }

    private static MediaGc oneMachine(ObjectStore store, Clock clock) {
        return MediaGc.configure()
                .dataSource(library.db.dataSource())
                .reference("media.file")
                .reference("profile.avatar")
                .referenceQuery("SELECT attachment FROM post WHERE published")
                .store(store)
                .clock(clock)
                .stripPrefix(MediaLibrary.STRIP_PREFIXES.toArray(String[]::new))
                .exclude(MediaLibrary.EXCLUDES.toArray(String[]::new))
                .derived(MediaLibrary.DERIVED.get(0))
                .load();
    }

    private static S3Store live(String bucket) {
        return S3Store.open(S3Location.parse("s3://" + bucket + "/site"), server.settings());
    }

    @ParameterizedTest
    @EnumSource(value = InventoryFormat.class, names = {"ORC", "PARQUET"})
    void writesTheOneMachinePlanFromTheSameInventory(InventoryFormat format) throws Exception {
        plansOfBothEqual(shared, format);
    }

    /** A Parquet time without a timestamp annotation: milliseconds, the unit S3 writes, on both sides. */
    @Test
    void readsAParquetTimeWrittenAsAPlainNumberAsOneMachineDoes() throws Exception {
        plansOfBothEqual(shared, InventoryFormat.PARQUET, InventoryFixture.Shape.TIME_AS_NUMBER);
    }

    /** An ORC time that is a plain number needs a zone correction nobody knows: refused, as on one machine. */
    @Test
    void refusesAnOrcTimeWrittenAsAPlainNumber() throws Exception {
        InventoryFixture.Written inventory = inventory(shared, InventoryFormat.ORC, Instant.now().plus(Duration.ofDays(2)),
                InventoryFixture.Shape.TIME_AS_NUMBER);
        assertThat(failure(shared, inventory.manifest().toString()))
                .contains("last_modified_date is bigint, not an ORC timestamp");
    }

    @Test
    void writesTheOneMachinePlanFromACsvInventoryAndApplyActsOnIt() throws Exception {
        String bucket = bucketWithTheLibrary(); // apply changes it
        PlanFile written = plansOfBothEqual(bucket, InventoryFormat.CSV);
        Clock clock = Clock.fixed(Instant.now().plus(Duration.ofDays(2)).plus(Duration.ofHours(1)), ZoneOffset.UTC);

        // One machine acts on the cluster's plan against the live bucket: every candidate unchanged, so all quarantined.
        SweepReport applied;
        try (S3Store store = live(bucket)) {
            applied = oneMachine(store, clock).apply(written.path());
        }
        assertThat(applied.outcome()).as(String.valueOf(applied.reason())).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(applied.quarantined().count()).isEqualTo(32);
        assertThat(applied.keptChanged().count()).isZero();
        for (String key : written.keys()) {
            assertThat(exists(bucket, "site/" + key)).as(key).isFalse();
        }
    }

    /**
     * The bucket's inventory made two days from now, planned at its date plus an hour by one machine
     * and by the job: the same plan, line for line. Returns the job's.
     */
    private static PlanFile plansOfBothEqual(String bucket, InventoryFormat format) throws Exception {
        return plansOfBothEqual(bucket, format, InventoryFixture.Shape.AS_S3_WRITES);
    }

    private static PlanFile plansOfBothEqual(String bucket, InventoryFormat format, InventoryFixture.Shape shape)
            throws Exception {
        Instant made = Instant.now().plus(Duration.ofDays(2));
        InventoryFixture.Written inventory = inventory(bucket, format, made, shape);
        Clock clock = Clock.fixed(made.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        Path folder = Files.createTempDirectory(tempDir, "plans-");

        Path sweepPlan = folder.resolve("sweep-plan.jsonl.gz");
        try (InventoryListedStore store = InventoryListedStore.over(live(bucket),
                Inventory.open(inventory.manifest().toString(), Map.of()), null, clock)) {
            SweepReport sweep = oneMachine(store, clock).plan(sweepPlan);
            assertThat(sweep.outcome()).as(String.valueOf(sweep.reason())).isEqualTo(SweepReport.Outcome.DRY_RUN);
        }
        Path sparkPlan = folder.resolve("spark-plan.jsonl.gz");
        SparkPlan.Result result = new SparkPlan(spark, settings(bucket, sparkPlan, inventory.manifest().toString()), clock).run();

        PlanFile expected = PlanFile.read(sweepPlan);
        PlanFile written = PlanFile.read(sparkPlan);
        assertThat(written.candidateLines()).containsExactlyElementsOf(expected.candidateLines());
        assertThat(written.trailer()).isEqualTo(expected.trailer());
        for (String field : List.of("format", "version", "store", "database", "settings", "minAge", "listedAsOf", "figures")) {
            assertThat(written.header().get(field)).as(field).isEqualTo(expected.header().get(field));
        }
        assertThat(written.header().get("store").asText()).isEqualTo("s3://" + bucket + "/site/");
        assertThat(written.header().get("listedAsOf").asText()).isEqualTo(Instant.ofEpochMilli(made.toEpochMilli()).toString());
        assertThat(written.keys()).contains("docs/draft.pdf", "uploads/😀 emoji.png", "2023/orphan-150x150.jpg")
                .doesNotContain("uploads/just-uploaded.jpg", "uploads/partial.tmp", "cache/2023/render.png",
                        ".mediagc/last-run.json", "tenant/orphan-of-another-store.jpg",
                        "2023/tenant2/deeper-store-orphan.jpg", "2024/01/photo-12.jpg", "uploads/café.jpg",
                        "deleted since.jpg")
                .noneMatch(key -> key.startsWith("site/") || key.contains("elsewhere"))
                .hasSize(32);
        assertThat(result.candidates()).isEqualTo(32);
        return written;
    }

    private static boolean exists(String bucket, String key) {
        try {
            client.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        }
    }

    @Test
    void neitherANestedStoreAtAnyDepthNorMediagcsOwnAreaIsListed() throws Exception {
        String bucket = shared;
        Instant made = Instant.now().plus(Duration.ofDays(2));
        InventoryFixture.Written inventory = inventory(bucket, InventoryFormat.PARQUET, made);

        List<String> keys = InventoryListing.open(spark, inventory.manifest().toString(), "s3a://" + bucket + "/site", null,
                        null, Instant.now())
                .objects().collectAsList().stream().map(r -> r.getString(0)).toList();

        assertThat(keys).contains("docs/draft.pdf", "uploads/日本語/写真.png", "uploads/just-uploaded.jpg")
                .noneMatch(key -> key.startsWith(".mediagc/") || key.startsWith("tenant/") || key.startsWith("2023/tenant2/")
                        || key.startsWith("marked/"))
                .doesNotHaveDuplicates();
    }

    @Test
    void readsAnInventoryOnS3WithTheClustersS3aSettingsAsFromLocalDisk() throws Exception {
        String bucket = shared;
        InventoryFixture.Written inventory = inventory(bucket, InventoryFormat.ORC, Instant.now().plus(Duration.ofDays(2)));
        String destination = "inventories-" + (++buckets);
        client.createBucket(b -> b.bucket(destination));
        String manifest = "s3a" + inventory.uploadTo(client, destination).substring("s3".length());
        var hadoop = spark.sparkContext().hadoopConfiguration();
        hadoop.set("fs.s3a.endpoint", server.endpoint().toString());
        hadoop.set("fs.s3a.endpoint.region", "us-east-1");
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.access.key", S3ProxyServer.ACCESS_KEY);
        hadoop.set("fs.s3a.secret.key", S3ProxyServer.SECRET_KEY);
        String store = "s3a://" + bucket + "/site";

        List<Row> fromS3 = InventoryListing.open(spark, manifest, store, null, null, Instant.now()).objects().collectAsList();
        List<Row> fromDisk = InventoryListing.open(spark, inventory.manifest().toString(), store, null, null, Instant.now())
                .objects().collectAsList();
        assertThat(fromS3).hasSizeGreaterThan(300).containsExactlyInAnyOrderElementsOf(fromDisk);

        client.deleteObject(b -> b.bucket(destination).key(inventory.dataKeys().get(1)));
        assertThat(failure(bucket, manifest)).contains(inventory.dataKeys().get(1), "is missing");
    }

    @Test
    void theGracePeriodCountsFromTheInventoryDate() throws Exception {
        String bucket = shared;
        // Every object was written just now, the inventory made 30 minutes later, the job runs two days later:
        // by the job's clock every orphan is past the day of grace, by the inventory's date none is.
        Instant made = Instant.now().plus(Duration.ofMinutes(30));
        InventoryFixture.Written inventory = inventory(bucket, InventoryFormat.CSV, made);
        Clock clock = Clock.fixed(Instant.now().plus(Duration.ofDays(2)), ZoneOffset.UTC);
        Path plan = Files.createTempDirectory(tempDir, "grace-").resolve("plan.jsonl.gz");

        SparkPlan.Result result = new SparkPlan(spark, settings(bucket, plan, inventory.manifest().toString()), clock).run();

        assertThat(result.candidates()).isZero();
        assertThat(result.objects()).isPositive();
        assertThat(PlanFile.read(plan).header().get("listedAsOf").asText())
                .isEqualTo(Instant.ofEpochMilli(made.toEpochMilli()).toString());
    }

    /** Runs the job expecting it to fail; returns its message, having checked no plan (nor a part of one) was left. */
    private static String failure(String bucket, String inventory) throws IOException {
        Path folder = Files.createTempDirectory(tempDir, "failing-");
        Path plan = folder.resolve("plan.jsonl.gz");
        Clock clock = Clock.fixed(Instant.now().plus(Duration.ofDays(3)), ZoneOffset.UTC);
        SparkPlan job = new SparkPlan(spark, settings(bucket, plan, inventory), clock);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(job::run);
        assertThat(thrown).isInstanceOf(SparkPlanException.class).hasMessageContaining("no plan written");
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return thrown.getMessage();
    }

    @Test
    void aDataFileThatDiffersFromTheManifestFailsTheJob() throws Exception {
        String bucket = shared;
        InventoryFixture.Written inventory = inventory(bucket, InventoryFormat.PARQUET, Instant.now().plus(Duration.ofDays(2)));
        byte[] content = Files.readAllBytes(inventory.dataFile(1));
        content[content.length / 2] ^= 0x5a; // same size, other content
        Files.write(inventory.dataFile(1), content);

        assertThat(failure(bucket, inventory.manifest().toString()))
                .contains(inventory.dataKeys().get(1), "has MD5", "the inventory is damaged");
    }

    /**
     * Spark reads the data files again after their check (the nested-store pass, the objects, any
     * recomputed partition): a file replaced after the check must fail the job before its plan is
     * published (SparkPlan calls checkUnchanged after the last read), not feed it unchecked rows.
     */
    @Test
    void aDataFileReplacedAfterItsCheckIsFoundByTheCheckAfterTheReads() throws Exception {
        InventoryFixture.Written inventory = inventory(shared, InventoryFormat.PARQUET, Instant.now().plus(Duration.ofDays(2)));
        InventoryListing listing = InventoryListing.open(spark, inventory.manifest().toString(), "s3a://" + shared + "/site",
                null, null, Instant.now().plus(Duration.ofDays(3)));
        assertThat(listing.objects().collectAsList()).isNotEmpty(); // checked, then read
        listing.checkUnchanged(); // nothing changed: passes

        Files.copy(inventory.dataFile(0), inventory.dataFile(1), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(listing::checkUnchanged);
        assertThat(thrown).as("a replaced data file").isNotNull().hasStackTraceContaining(inventory.dataKeys().get(1));
    }

    @Test
    void aTruncatedOrMissingDataFileOrADamagedManifestFailsTheJob() throws Exception {
        String bucket = shared;
        InventoryFixture.Written inventory = inventory(bucket, InventoryFormat.ORC, Instant.now().plus(Duration.ofDays(2)));
        byte[] content = Files.readAllBytes(inventory.dataFile(2));
        Files.write(inventory.dataFile(2), java.util.Arrays.copyOf(content, content.length / 2));
        assertThat(failure(bucket, inventory.manifest().toString()))
                .contains(inventory.dataKeys().get(2), "where the manifest says " + content.length);

        Files.delete(inventory.dataFile(2));
        assertThat(failure(bucket, inventory.manifest().toString()))
                .contains(inventory.dataKeys().get(2), "is missing");

        Files.write(inventory.dataFile(2), content);
        String json = Files.readString(inventory.manifest());
        Files.writeString(inventory.manifest(), json.replace(inventory.dataKeys().get(2), inventory.dataKeys().get(1)));
        assertThat(failure(bucket, inventory.manifest().toString()))
                .contains("where its manifest.checksum says", "damaged");
    }

    @Test
    void refusesAnInventoryOfAnotherBucketOrOlderThanTheLimitAndRowsOfAnotherBucket() throws Exception {
        String bucket = shared;
        Path root = Files.createTempDirectory(tempDir, "foreign-");
        InventoryFixture.Written foreign = InventoryFixture.write(root, "someone-elses", InventoryFormat.CSV,
                Instant.now(), InventoryFixture.rowsOf(client, bucket), 1);
        assertThat(failure(bucket, foreign.manifest().toString()))
                .contains("lists bucket 'someone-elses', not the store's bucket '" + bucket + "'");

        // As old as one-machine sweeps refuse: the job runs three days after now, the limit is 8 days.
        InventoryFixture.Written old = InventoryFixture.write(Files.createTempDirectory(tempDir, "old-"), bucket,
                InventoryFormat.CSV, Instant.now().minus(Duration.ofDays(6)), InventoryFixture.rowsOf(client, bucket), 1);
        assertThat(failure(bucket, old.manifest().toString())).contains("ago, older than --inventory-max-age 8d");

        // The manifest names the bucket, but a data file holds another's rows.
        List<InventoryFixture.Row> rows = new ArrayList<>(InventoryFixture.rowsOf(client, bucket));
        InventoryFixture.Row any = rows.get(0);
        rows.add(new InventoryFixture.Row("someone-elses", any.key(), null, true, false, any.size(), any.lastModified(),
                any.eTag()));
        InventoryFixture.Written mixed = InventoryFixture.write(Files.createTempDirectory(tempDir, "mixed-"), bucket,
                InventoryFormat.PARQUET, Instant.now(), rows, 2);
        assertThat(failure(bucket, mixed.manifest().toString())).contains("lists bucket 'someone-elses', not '" + bucket + "'");
    }
}
