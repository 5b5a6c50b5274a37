package dev.mediagc.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.Stores;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.quarantine.Quarantine;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Cloud Storage store through mediagc's sweeps, against the Cloud Storage emulator of firebase-tools. */
class GcsStoreTest {

    static StorageEmulator emulator;
    static Storage client;
    static int buckets;

    @TempDir
    Path temp;
    String bucket;

    @BeforeAll
    static void startEmulator() throws Exception {
        emulator = StorageEmulator.start();
        client = emulator.client();
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (client != null) {
            client.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @BeforeEach
    void newBucket() {
        bucket = "media-" + (++buckets); // the emulator makes a bucket when it is first named
    }

    private void put(String name, byte[] content) {
        client.create(BlobInfo.newBuilder(BlobId.of(bucket, name)).setContentType("application/octet-stream").build(), content);
    }

    private void put(String name, String content) {
        put(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private GcsStore store(String prefix) {
        return GcsStore.open(GcsLocation.parse("gs://" + bucket + "/" + prefix), emulator.settings());
    }

    private Map<String, String> bucketContents() {
        Map<String, String> contents = new TreeMap<>();
        for (Blob blob : client.list(bucket).iterateAll()) {
            contents.put(blob.getName(), new String(client.readAllBytes(blob.getBlobId()), StandardCharsets.UTF_8));
        }
        return contents;
    }

    /** Uploads the dataset's files to the bucket under {@code prefix}, and gives both the same age. */
    private void upload(DjangoStyleDataset data, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(data.media())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                put(prefix + data.media().relativize(file), Files.readAllBytes(file));
                // Objects are as old as their upload; local files get the same time.
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            }
        }
    }

    private static MediaGc.Builder sweep(TestDatabase db, DjangoStyleDataset data, Clock clock) {
        MediaGc.Builder builder = MediaGc.configure().dataSource(db.dataSource()).clock(clock)
                .stripPrefix(DjangoStyleDataset.STRIP_PREFIXES.toArray(String[]::new))
                .exclude(DjangoStyleDataset.EXCLUDES.toArray(String[]::new))
                .referenceQuery(data.queryReference()).maxOrphanRatio(1);
        data.columnReferences().forEach(builder::reference);
        return builder;
    }

    @Test
    void aDryRunOfAPrefixFindsTheSameOrphansAsTheSameFilesInALocalFolder() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 300, 3);
            upload(data, "site/media/");
            // Everything was just uploaded; a clock a month ahead makes every object old.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));
            Path gcsList = temp.resolve("gcs.txt");
            Path localList = temp.resolve("local.txt");
            Map<String, String> before = bucketContents();

            try (GcsStore gcs = store("site/media")) {
                SweepReport fromGcs = sweep(db, data, later).store(gcs).orphanList(gcsList).load().sweep();
                assertThat(fromGcs.outcome()).as(fromGcs.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            }
            SweepReport fromDisk = sweep(db, data, later).store(LocalStore.at(data.media())).orphanList(localList).load().sweep();

            List<String> expected = new ArrayList<>(data.expectedOrphans());
            expected.addAll(data.youngOrphans());
            expected.sort(null);
            assertThat(Files.readAllLines(gcsList)).containsExactlyElementsOf(expected);
            assertThat(Files.readAllLines(gcsList)).isEqualTo(Files.readAllLines(localList));
            Map<String, String> after = bucketContents();
            after.keySet().removeIf(k -> k.startsWith("site/media/.mediagc/"));
            assertThat(after).as("a dry run changes no object").isEqualTo(before);
        }
    }

    @Test
    void quarantineThenRestoreGivesBackByteIdenticalObjects() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 200, 5);
            upload(data, "m/");
            Map<String, String> before = bucketContents();
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));

            SweepReport report;
            try (GcsStore gcs = store("m")) {
                report = sweep(db, data, later).store(gcs).apply(Action.QUARANTINE).load().sweep();
            }
            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            long orphans = data.expectedOrphans().size() + data.youngOrphans().size();
            assertThat(report.quarantined().count()).isEqualTo(orphans);
            Map<String, String> during = bucketContents();
            for (String orphan : data.expectedOrphans()) {
                assertThat(during).doesNotContainKey("m/" + orphan)
                        .containsEntry("m/.mediagc/quarantine/" + report.runId() + "/" + orphan, before.get("m/" + orphan));
            }

            try (GcsStore gcs = store("m")) {
                Quarantine.RestoreResult restored = new Quarantine(gcs).restore(report.runId());
                assertThat(restored.failed()).isEmpty();
                assertThat(restored.restored()).isEqualTo(orphans);
            }
            Map<String, String> after = bucketContents();
            after.keySet().removeIf(k -> k.startsWith("m/.mediagc/"));
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void deleteRemovesExactlyTheOrphans() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 200, 9);
            upload(data, "");
            Map<String, String> before = bucketContents();
            try (GcsStore gcs = store("")) {
                SweepReport report = sweep(db, data, Clock.offset(Clock.systemUTC(), Duration.ofDays(30)))
                        .store(gcs).apply(Action.DELETE).batchSize(40).load().sweep();
                assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
                assertThat(report.failed().count()).isZero();
            }
            Map<String, String> after = bucketContents();
            after.keySet().removeIf(k -> k.startsWith(".mediagc/"));
            Map<String, String> expected = new TreeMap<>(before);
            data.expectedOrphans().forEach(expected::remove);
            data.youngOrphans().forEach(expected::remove);
            assertThat(after).isEqualTo(expected);
        }
    }

    @Test
    void listsNothingUnderAFolderThatHoldsAnotherStoresState() throws IOException {
        List<String> mine = List.of("-first.jpg", "a/-early.jpg", "a/b/c/zz.jpg", "a/b/c/d/e.jpg", "top.jpg");
        mine.forEach(key -> put("m/" + key, key));
        put("m/t1/.mediagc/lock.json", "{}");
        put("m/t1/x.jpg", "x");
        put("m/a/b/c/t3/.mediagc/lock.json", "{}");
        put("m/a/b/c/t3/y.jpg", "y");
        put("m/.mediagc/lock.json", "{}"); // the store's own state: never listed, never "another store"

        List<String> others = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try (GcsStore store = store("m")) {
            store.list(new ListingVisitor() {
                @Override
                public void object(StoredObject object) {
                    listed.add(object.key());
                }

                @Override
                public void otherStore(String folderKey) {
                    others.add(folderKey);
                }
            });
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(mine);
        assertThat(others).containsExactlyInAnyOrder("t1", "a/b/c/t3");
    }

    /**
     * A folder whose own objects fill more than one page (1,000 a page) next to subfolders: each
     * object is listed once. Cloud Storage gives each subfolder's prefix on one page only; the
     * emulator gave them on every page until its launcher made it page them the same way, and the
     * store then listed each subfolder once per page of its parent (the cloud listing benchmark's
     * 100,000 keys came out as 910,000).
     */
    @Test
    void listsEachObjectOnceWhenAFolderSpansPagesNextToSubfolders() throws IOException {
        List<String> mine = new ArrayList<>(List.of("a/x.jpg", "b/c/y.jpg", "zz/z.jpg"));
        for (int i = 0; i < 1_050; i++) {
            mine.add(String.format("file-%04d.png", i));
        }
        mine.forEach(key -> put("m/" + key, new byte[0]));

        List<String> listed = new ArrayList<>();
        try (GcsStore store = store("m")) {
            store.list(object -> listed.add(object.key()));
        }
        assertThat(listed).hasSize(mine.size()).containsExactlyInAnyOrderElementsOf(mine);
    }

    /**
     * More contenders than the contract kit's two, on many keys: each key has exactly one creator.
     * This is what the emulator's launcher makes atomic, and what the lease relies on.
     */
    @Test
    void ofEightRunsCreatingTheSameObjectsExactlyOneWinsEach() throws Exception {
        int keys = 20;
        int runs = 8;
        java.util.concurrent.atomic.AtomicIntegerArray winners = new java.util.concurrent.atomic.AtomicIntegerArray(keys);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs);
        try (GcsStore store = store("race")) {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<?>> all = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                int id = run;
                all.add(pool.submit(() -> {
                    start.await();
                    for (int key = 0; key < keys; key++) {
                        if (store.createIfAbsent("lock-" + key + ".json", ("run " + id).getBytes(StandardCharsets.UTF_8))) {
                            winners.incrementAndGet(key);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> future : all) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        for (int key = 0; key < keys; key++) {
            assertThat(winners.get(key)).as("creators of lock-" + key + ".json").isEqualTo(1);
        }
    }

    @Test
    void aServerWithoutBucketMetadataOpensTheStoreWithNoRetentionWarning() throws IOException {
        put("a.jpg", "a");
        // The emulator answers no bucket GET with softDeletePolicy or versioning: nothing can be said.
        try (GcsStore store = store("")) {
            assertThat(store.warnings()).isEmpty();
            assertThat(store.keysAfter(null, 10)).containsExactly("a.jpg");
        }
    }

    @Test
    void theCommandLineOpensGsLocationsThroughTheProvider() throws IOException {
        put("p/a.jpg", "a");
        try (ObjectStore store = Stores.open("gs://" + bucket + "/p", emulator.options())) {
            assertThat(store).isInstanceOf(GcsStore.class);
            assertThat(store.location()).isEqualTo("gs://" + bucket + "/p/");
            assertThat(store.stat("a.jpg")).isPresent();
        }
    }

    @Test
    void badLocationsAndOptionsAreOneClearLine() {
        assertThatThrownBy(() -> GcsLocation.parse("gs:///media")).hasMessage("no bucket in 'gs:///media'; write gs://BUCKET/PREFIX");
        assertThatThrownBy(() -> GcsLocation.parse("gs://My_Bucket/media"))
                .hasMessageStartingWith("'My_Bucket' in 'gs://My_Bucket/media' is not a Cloud Storage bucket name");
        assertThatThrownBy(() -> GcsLocation.parse("s3://bucket/media"))
                .hasMessage("a Google Cloud Storage store is written gs://BUCKET/PREFIX, not 's3://bucket/media'");
        assertThatThrownBy(() -> GcsSettings.from(Map.of(GcsSettings.ENDPOINT, "localhost:9199")))
                .hasMessage("`gcs-endpoint` must be a URL such as http://localhost:9199, not 'localhost:9199'");
        assertThatThrownBy(() -> GcsSettings.from(Map.of(GcsSettings.LIST_CONCURRENCY, "many")))
                .hasMessage("`gcs-list-concurrency` must be a whole number from 1 to 256, not 'many'");
        assertThat(GcsLocation.parse("gs://bucket").prefix()).isEmpty();
        assertThat(GcsLocation.parse("gs://bucket/a/b").prefix()).isEqualTo("a/b/");
    }

    @Test
    void anEndpointThatRefusesConnectionsIsAClearErrorWithinSeconds() {
        long start = System.nanoTime();
        GcsSettings refused = GcsSettings.from(Map.of(GcsSettings.ENDPOINT, "http://127.0.0.1:1", GcsSettings.ANONYMOUS, "true"));
        assertThatThrownBy(() -> GcsStore.open(GcsLocation.parse("gs://" + bucket + "/"), refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot reach http://127.0.0.1:1")
                .hasMessageNotContaining("\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void missingCredentialsAreAClearErrorWithAdvice() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("GOOGLE_APPLICATION_CREDENTIALS") == null
                && !Files.exists(Path.of(System.getProperty("user.home"), ".config", "gcloud",
                "application_default_credentials.json")), "this machine has Application Default Credentials");
        Map<String, String> options = new HashMap<>(emulator.options());
        options.remove(GcsSettings.ANONYMOUS);
        assertThatThrownBy(() -> GcsStore.open(GcsLocation.parse("gs://" + bucket + "/"), GcsSettings.from(options)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no Google Cloud credentials found")
                .hasMessageContaining("gcloud auth application-default login")
                .hasMessageNotContaining("\n");
    }
}
