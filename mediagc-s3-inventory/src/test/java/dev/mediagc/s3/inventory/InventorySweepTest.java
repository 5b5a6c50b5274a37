package dev.mediagc.s3.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.s3.S3Store;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Sweeps whose listing is an S3 Inventory, against a real S3 protocol server and database: what
 * changed in the bucket since the inventory was made is never acted on.
 */
class InventorySweepTest {

    static S3ProxyServer server;
    static S3Client client;
    static int buckets;

    @TempDir
    Path temp;
    String bucket;
    TestDatabase db;

    static final List<String> REFERENCED = List.of("used.jpg", "caf\u00e9/\u6771\u4eac used.png", "deep/er/used.jpg");
    static final List<String> ORPHANS = List.of("orphan one.jpg", "plus+orphan.png", "\u00fcn\u00efc\u00f6d\u00e9/\u5b64\u513f.jpg");

    @BeforeAll
    static void startServer() throws Exception {
        server = new S3ProxyServer();
        client = server.client();
    }

    @AfterAll
    static void stopServer() throws Exception {
        client.close();
        server.close();
    }

    @BeforeEach
    void setUp() {
        bucket = "media-" + (++buckets);
        client.createBucket(b -> b.bucket(bucket));
        db = TestDatabase.Kind.H2.create(temp);
        db.execute("CREATE TABLE media (id INT PRIMARY KEY, file VARCHAR(500))");
        for (int i = 0; i < REFERENCED.size(); i++) {
            db.execute("INSERT INTO media VALUES (" + i + ", '" + REFERENCED.get(i) + "')");
        }
    }

    @org.junit.jupiter.api.AfterEach
    void closeDatabase() {
        db.close();
    }

    private void put(String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private Map<String, String> bucketContents() {
        Map<String, String> contents = new TreeMap<>();
        for (var page : client.listObjectsV2Paginator(b -> b.bucket(bucket))) {
            for (S3Object o : page.contents()) {
                contents.put(o.key(), client.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asUtf8String());
            }
        }
        return contents;
    }

    private MediaGc.Builder sweep(InventoryListedStore store, Clock clock) {
        return MediaGc.configure().dataSource(db.dataSource()).reference("media.file").store(store).clock(clock)
                .minAge(Duration.ofHours(1)).maxOrphanRatio(1);
    }

    private InventoryListedStore listedFrom(InventoryFixture.Written written, Clock clock) {
        S3Store live = S3Store.open(S3Location.parse("s3://" + bucket + "/site"), server.settings());
        return InventoryListedStore.over(live, Inventory.open(written.manifest().toString(), Map.of()), Duration.ofDays(8), clock);
    }

    /** The bucket as in every test here: referenced files, orphans, a nested store, mediagc's own area, a file outside. */
    private void fillBucket() {
        REFERENCED.forEach(key -> put("site/" + key, "live " + key));
        ORPHANS.forEach(key -> put("site/" + key, "orphan " + key));
        put("site/rewritten later.jpg", "first content");
        put("site/deleted later.jpg", "gone before the sweep");
        put("site/tenant/.mediagc/lock", "another store's state");
        put("site/tenant/theirs.jpg", "another store's unreferenced file");
        put("site/.mediagc/notes.txt", "mediagc's own area");
        put("elsewhere/orphan.jpg", "outside the store's prefix");
    }

    @Test
    void aDryRunListsExactlyTheOrphansTheInventoryShows() throws IOException {
        fillBucket();
        Instant made = Instant.now().plus(Duration.ofHours(2));
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, made,
                InventoryFixture.rowsOf(client, bucket), 2);
        put("site/uploaded after.jpg", "not in the inventory");
        Path list = temp.resolve("orphans.txt");

        SweepReport report;
        Clock clock = Clock.fixed(made.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (InventoryListedStore store = listedFrom(written, clock)) {
            report = sweep(store, clock).orphanList(list).load().sweep();
        }

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
        assertThat(Files.readAllLines(list)).containsExactlyInAnyOrder("orphan one.jpg", "plus+orphan.png",
                "\u00fcn\u00efc\u00f6d\u00e9/\u5b64\u513f.jpg", "rewritten later.jpg", "deleted later.jpg");
        assertThat(report.referenced().count()).isEqualTo(REFERENCED.size());
        assertThat(report.otherStores().samples()).containsExactly("tenant");
        assertThat(report.warnings()).anyMatch(w -> w.contains("made " + Instant.ofEpochMilli(made.toEpochMilli()) + " (an S3 Inventory)"));
    }

    @Test
    void anAppliedQuarantineActsOnlyOnInventoryObjectsStillUnchanged() throws IOException {
        fillBucket();
        Instant made = Instant.now().plus(Duration.ofHours(2));
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.PARQUET, made,
                InventoryFixture.rowsOf(client, bucket), 3);
        // Since the inventory: a new upload, a rewrite and a delete.
        put("site/uploaded after.jpg", "not in the inventory");
        put("site/rewritten later.jpg", "second content");
        client.deleteObject(b -> b.bucket(bucket).key("site/deleted later.jpg"));
        Map<String, String> before = bucketContents();

        SweepReport report;
        Clock clock = Clock.fixed(made.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (InventoryListedStore store = listedFrom(written, clock)) {
            report = sweep(store, clock).apply(Action.QUARANTINE).load().sweep();
        }

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(report.quarantined().samples()).containsExactlyInAnyOrderElementsOf(ORPHANS);
        assertThat(report.keptChanged().samples()).containsExactlyInAnyOrder("rewritten later.jpg", "deleted later.jpg");
        Map<String, String> after = bucketContents();
        Map<String, String> expected = new TreeMap<>(before);
        for (String orphan : ORPHANS) {
            assertThat(after).containsEntry("site/.mediagc/quarantine/" + report.runId() + "/" + orphan, "orphan " + orphan);
            expected.remove("site/" + orphan);
        }
        after.keySet().removeIf(k -> k.startsWith("site/.mediagc/") && !before.containsKey(k));
        assertThat(after).isEqualTo(expected);
        assertThat(after).containsEntry("site/uploaded after.jpg", "not in the inventory")
                .containsEntry("site/rewritten later.jpg", "second content")
                .containsEntry("site/tenant/theirs.jpg", "another store's unreferenced file");
    }

    @Test
    void anObjectYoungerThanTheGracePeriodAtTheInventoryDateIsNeverACandidate() throws IOException {
        fillBucket();
        // Written just now; the inventory made 30 minutes after; the sweep two hours after the writes. By
        // the sweep's clock every object is past the hour of grace; by the inventory's date none is.
        Instant written = Instant.now();
        Instant made = written.plus(Duration.ofMinutes(30));
        InventoryFixture.Written inventory = InventoryFixture.write(temp, bucket, InventoryFormat.ORC, made,
                InventoryFixture.rowsOf(client, bucket), 1);
        Map<String, String> before = bucketContents();

        SweepReport report;
        Clock clock = Clock.fixed(written.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        try (InventoryListedStore store = listedFrom(inventory, clock)) {
            report = sweep(store, clock).apply(Action.DELETE).load().sweep();
        }

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(report.orphans().count()).isZero();
        assertThat(report.youngOrphans().count()).isEqualTo(ORPHANS.size() + 2);
        assertThat(report.deleted().count()).isZero();
        Map<String, String> after = bucketContents();
        after.keySet().removeIf(k -> k.startsWith("site/.mediagc/") && !before.containsKey(k));
        assertThat(after).isEqualTo(before);
    }

    @Test
    void aPlanMadeFromAnInventoryCarriesItsDateAndIsAppliedToTheLiveStore() throws IOException {
        fillBucket();
        Instant made = Instant.now().plus(Duration.ofHours(2));
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, made,
                InventoryFixture.rowsOf(client, bucket), 2);
        Path plan = temp.resolve("plan.jsonl.gz");
        Clock clock = Clock.fixed(made.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (InventoryListedStore store = listedFrom(written, clock)) {
            sweep(store, clock).load().plan(plan);
        }
        put("site/rewritten later.jpg", "second content");
        client.deleteObject(b -> b.bucket(bucket).key("site/deleted later.jpg"));

        SweepReport report;
        try (S3Store live = S3Store.open(S3Location.parse("s3://" + bucket + "/site"), server.settings())) {
            report = sweep(null, clock).store(live).load().apply(plan);
        }

        assertThat(dev.mediagc.internal.plan.PlanReader.check(plan).listedAsOf())
                .isEqualTo(Instant.ofEpochMilli(made.toEpochMilli()));
        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(report.quarantined().samples()).containsExactlyInAnyOrderElementsOf(ORPHANS);
        assertThat(report.keptChanged().samples()).containsExactlyInAnyOrder("rewritten later.jpg", "deleted later.jpg");
        assertThat(bucketContents()).containsEntry("site/rewritten later.jpg", "second content")
                .containsEntry("site/tenant/theirs.jpg", "another store's unreferenced file");
    }

    @Test
    void aDamagedDataFileFailsTheRunWithNothingMoved() throws IOException {
        fillBucket();
        Instant made = Instant.now().plus(Duration.ofHours(2));
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, made,
                InventoryFixture.rowsOf(client, bucket), 3);
        Files.write(written.dataFile(1), new byte[] {0x1f, (byte) 0x8b, 0, 0}); // truncated: another size than the manifest's
        Map<String, String> before = bucketContents();

        SweepReport report;
        Clock clock = Clock.fixed(made.plus(Duration.ofHours(1)), ZoneOffset.UTC);
        try (InventoryListedStore store = listedFrom(written, clock)) {
            report = sweep(store, clock).apply(Action.DELETE).load().sweep();
        }

        assertThat(report.outcome()).isEqualTo(SweepReport.Outcome.FAILED);
        assertThat(report.reason()).contains(written.dataKeys().get(1), "the manifest says");
        assertThat(report.deleted().count()).isZero();
        Map<String, String> after = bucketContents();
        after.keySet().removeIf(k -> k.startsWith("site/.mediagc/") && !before.containsKey(k));
        assertThat(after).isEqualTo(before);
    }
}
