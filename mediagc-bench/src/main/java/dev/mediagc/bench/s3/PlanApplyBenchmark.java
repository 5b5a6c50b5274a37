package dev.mediagc.bench.s3;

import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.ProgressListener;
import dev.mediagc.SweepReport;
import dev.mediagc.bench.BenchKeys;
import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3Settings;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.LegacyMd5Plugin;
import dev.mediagc.s3.S3Store;
import dev.mediagc.s3.inventory.Inventory;
import dev.mediagc.s3.inventory.InventoryFixture;
import dev.mediagc.s3.inventory.InventoryFormat;
import dev.mediagc.s3.inventory.InventoryListedStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.h2.jdbcx.JdbcDataSource;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.BlobMetadata;

/**
 * Plans and applies a sweep of N objects on a local S3 server (S3Proxy, in-memory), of which one
 * in {@code every} is referenced (an H2 table): the time of the dry run writing the plan, and the
 * apply's throughput in candidates per second (fresh mark, then batch by batch the re-verification
 * (references looked up again, one stat per candidate compared with the plan) and the conditional
 * move into quarantine, then the second mark), with the time of each phase.
 *
 * <p>The referencing column has an index unless {@code unindexed} is given: without one, each
 * batch's look-up is a full scan of the table, and H2 compares every row with each value asked
 * for, so the apply slows with references &times; candidates.
 *
 * <p>With {@code inventory} the plan is made from a CSV S3 Inventory of the bucket, written from
 * the server's metadata, instead of LIST calls: S3Proxy's in-memory store reads every key for each
 * page of a listing, so listing a million objects there takes hours, which S3 itself does not. The
 * apply is the same either way: it never lists the bucket.
 *
 * <pre>java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.s3.PlanApplyBenchmark [objects] [referenced-every] [indexed|unindexed] [list|inventory]</pre>
 */
public final class PlanApplyBenchmark {

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        if (args.length > 2 && !List.of("indexed", "unindexed").contains(args[2])) {
            System.err.println("the third argument is indexed or unindexed, not " + args[2]);
            System.exit(2);
        }
        boolean indexed = args.length <= 2 || args[2].equals("indexed");
        if (args.length > 3 && !List.of("list", "inventory").contains(args[3])) {
            System.err.println("the fourth argument is list or inventory, not " + args[3]);
            System.exit(2);
        }
        boolean fromInventory = args.length > 3 && args[3].equals("inventory");
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        Path work = Files.createTempDirectory("mediagc-plan-bench");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:file:" + work.resolve("app") + ";DB_CLOSE_DELAY=-1");
        try (BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("i", "c")
                .overrides(new Properties()).build(BlobStoreContext.class)) {
            BlobStore blobs = context.getBlobStore();
            blobs.createContainerInLocation(null, "media");
            long started = System.nanoTime();
            fill(blobs, database, objects, every, indexed);
            System.err.printf("filled %,d objects (%,d referenced) in %.1fs%n", objects, objects / every,
                    (System.nanoTime() - started) / 1e9);
            S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
                    .ignoreUnknownHeaders(true).build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            S3Settings settings = new S3Settings(URI.create("http://127.0.0.1:" + proxy.getPort()), "us-east-1", true, 16);
            try (S3Client client = patientClient(settings);
                 S3Store store = S3Store.using(client, S3Location.parse("s3://media/"), settings)) {
                Path plan = work.resolve("plan.jsonl.gz");
                MediaGc.Builder sweep = MediaGc.configure().dataSource(database).reference("files.name")
                        .minAge(Duration.ZERO).force(true).maxOrphanRatio(1).batchSize(1000);
                long planStarted = System.nanoTime();
                SweepReport planned;
                if (fromInventory) {
                    InventoryFixture.Written written = inventoryOf(blobs, objects, work.resolve("inventory"));
                    try (Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
                        planned = sweep.store(InventoryListedStore.over(store, inventory, null, Clock.systemUTC()))
                                .load().plan(plan);
                    }
                } else {
                    planned = sweep.store(store).load().plan(plan);
                }
                double planSeconds = (System.nanoTime() - planStarted) / 1e9;
                if (planned.outcome() != SweepReport.Outcome.DRY_RUN) {
                    throw new IllegalStateException("the plan failed: " + planned.outcome() + " " + planned.reason());
                }
                System.err.printf("plan %.1fs%n", planSeconds);
                long applyStarted = System.nanoTime();
                Phases phases = new Phases();
                SweepReport applied = sweep.store(store).apply(Action.QUARANTINE).progress(phases).load().apply(plan);
                double applySeconds = (System.nanoTime() - applyStarted) / 1e9;
                phases.phase("end");
                if (applied.outcome() != SweepReport.Outcome.APPLIED || applied.quarantined().count() != planned.orphans().count()) {
                    throw new IllegalStateException("apply did not act on the whole plan: " + applied.outcome() + " "
                            + applied.reason() + ", quarantined " + applied.quarantined().count());
                }
                System.out.printf("%,d objects (references %s, listed from %s), %,d candidates: plan (dry run + plan file of %,d bytes) "
                                + "%.1fs = %,.0f objects/s; apply %.1fs = %,.0f candidates/s (%s)%n", objects,
                        indexed ? "indexed" : "unindexed", fromInventory ? "an S3 Inventory" : "LIST calls", planned.orphans().count(), Files.size(plan), planSeconds,
                        objects / planSeconds, applySeconds, planned.orphans().count() / applySeconds, phases);
            } finally {
                proxy.stop();
            }
        }
    }

    /**
     * A CSV S3 Inventory of the objects as S3 Inventory would write it now, made from the server's
     * own metadata (sizes, times, ETags) without listing: S3Proxy's in-memory store reads every key
     * for each page of a listing, which takes hours at a million objects.
     */
    private static InventoryFixture.Written inventoryOf(BlobStore blobs, int objects, Path folder) throws Exception {
        long started = System.nanoTime();
        List<InventoryFixture.Row> rows = new ArrayList<>(objects);
        for (int i = 0; i < objects; i++) {
            String key = BenchKeys.keyOf(i);
            BlobMetadata metadata = blobs.blobMetadata("media", key);
            rows.add(new InventoryFixture.Row("media", key, null, true, false, metadata.getSize(),
                    metadata.getLastModified().toInstant(), metadata.getETag().replace("\"", "")));
        }
        InventoryFixture.Written written = InventoryFixture.write(folder, "media", InventoryFormat.CSV, Instant.now(), rows, 8);
        System.err.printf("wrote a CSV inventory of %,d objects in %.1fs%n", objects, (System.nanoTime() - started) / 1e9);
        return written;
    }

    /**
     * The store's client as {@link dev.mediagc.s3.S3Clients#build} makes it, but waiting up to 10 minutes for an
     * answer: the in-memory server reads all its keys for each listing page, which takes longer
     * than the default 30 seconds with a million objects on a busy machine.
     */
    private static S3Client patientClient(S3Settings settings) {
        return S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(32)
                        .connectionTimeout(Duration.ofSeconds(10)).socketTimeout(Duration.ofMinutes(10)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryStrategy(RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofMinutes(30)).build())
                .forcePathStyle(settings.pathStyle())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .addPlugin(LegacyMd5Plugin.create())
                .endpointOverride(settings.endpoint()).region(Region.of(settings.region()))
                .build();
    }

    /** How long each phase of the apply took, in the order they ran. */
    private static final class Phases implements ProgressListener {
        private final Map<String, Double> seconds = new LinkedHashMap<>();
        private String current;
        private long since;

        @Override
        public synchronized void phase(String name) {
            long now = System.nanoTime();
            if (current != null) {
                seconds.merge(current, (now - since) / 1e9, Double::sum);
            }
            current = name;
            since = now;
        }

        @Override
        public synchronized String toString() {
            StringBuilder text = new StringBuilder();
            seconds.forEach((name, s) -> text.append(text.length() == 0 ? "" : ", ").append(String.format("%s %.1fs", name, s)));
            return text.toString();
        }
    }

    private static void fill(BlobStore blobs, JdbcDataSource database, int objects, int every, boolean indexed)
            throws Exception {
        try (Connection c = database.getConnection()) {
            c.createStatement().execute("CREATE TABLE files (id INT PRIMARY KEY, name VARCHAR(200))");
            if (indexed) {
                c.createStatement().execute("CREATE INDEX files_name ON files (name)");
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO files VALUES (?, ?)")) {
                for (int i = 0; i < objects; i += every) {
                    insert.setInt(1, i);
                    insert.setString(2, BenchKeys.keyOf(i));
                    insert.addBatch();
                    if (i % (every * 10_000) == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            int first = t;
            pool.execute(() -> {
                for (int i = first; i < objects; i += 4) {
                    blobs.putBlob("media", blobs.blobBuilder(BenchKeys.keyOf(i)).payload(new byte[] {1, 2, 3}).build());
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.HOURS)) {
            throw new IllegalStateException("filling took over an hour");
        }
    }
}
