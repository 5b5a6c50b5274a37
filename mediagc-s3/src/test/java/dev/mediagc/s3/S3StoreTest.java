package dev.mediagc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.quarantine.Quarantine;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.Action;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 store against a real S3 protocol server (S3Proxy), no SDK mocks. */
class S3StoreTest {

    static S3ProxyServer server;
    static S3Client client;
    static int buckets;

    @TempDir
    Path temp;
    String bucket;

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
    void newBucket() {
        bucket = "media-" + (++buckets);
        client.createBucket(b -> b.bucket(bucket));
    }

    private void put(String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private S3Store store(String prefix) {
        return S3Store.open(S3Location.parse("s3://" + bucket + "/" + prefix), server.settings());
    }

    private static List<String> keysListedBy(S3Store store) throws IOException {
        List<String> keys = new ArrayList<>();
        store.list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                keys.add(object.key());
            }
        });
        keys.sort(null);
        return keys;
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

    @Test
    void aVersionedBucketIsNamedInTheStoresWarningsSoTheReportSaysTheSpaceIsNotFreed() {
        try (S3Store plain = store("")) {
            assertThat(plain.warnings()).as("S3Proxy's buckets are not versioned").isEmpty();
        }
        // S3Proxy cannot version a bucket: the one answer that differs is the service's.
        S3Store versioned = S3Store.using(new ForwardingS3Client(client) {
            @Override
            public software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse getBucketVersioning(
                    software.amazon.awssdk.services.s3.model.GetBucketVersioningRequest request) {
                return software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse.builder()
                        .status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED).build();
            }
        }, S3Location.parse("s3://" + bucket + "/"), server.settings());

        versioned.checkReachable();

        assertThat(versioned.warnings()).singleElement().asString()
                .contains("bucket " + bucket + " has versioning enabled").contains("delete marker");
    }

    @Test
    void listsKeysWithAwkwardNamesRelativeToThePrefix() throws IOException {
        List<String> keys = List.of("a b.jpg", "plus+sign.png", "100% done.pdf", "caf\u00e9/\u6771\u4eac.jpg",
                "deep/er/and/deeper/still/file.bin", "top.png");
        for (String key : keys) {
            put("site/media/" + key, key);
        }
        put("site/other/not-mine.jpg", "x");
        put("outside.jpg", "x");
        put("site/media/.mediagc/last-run.json", "{}");
        put("site/media/folder-marker/", "");

        try (S3Store prefixed = store("site/media")) {
            assertThat(keysListedBy(prefixed)).containsExactlyElementsOf(keys.stream().sorted().toList());
        }
        try (S3Store whole = store("")) {
            // site/media/ holds a store's state: swept from the bucket root it is another store, left alone.
            assertThat(keysListedBy(whole)).containsExactly("outside.jpg", "site/other/not-mine.jpg");
        }
    }

    @Test
    void listsMoreThanAThousandObjectsInOnePartition() throws IOException {
        for (int i = 0; i < 2300; i++) {
            put("photos/2024/05/IMG_" + i + ".jpg", "");
        }
        for (int i = 0; i < 30; i++) {
            put("photos/2023/0" + (i % 9 + 1) + "/x" + i + ".jpg", "");
        }
        try (S3Store store = store("")) {
            List<String> keys = keysListedBy(store);
            assertThat(keys).hasSize(2330).doesNotHaveDuplicates();
        }
    }

    @Test
    void statMatchesTheListingSoTheVerifierSeesNoChange() throws IOException {
        put("m/a.jpg", "hello");
        try (S3Store store = store("m")) {
            List<StoredObject> listed = new ArrayList<>();
            store.list(listed::add);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).unchangedIn(store.stat("a.jpg").orElseThrow())).isTrue();
            put("m/a.jpg", "hello, rewritten");
            assertThat(listed.get(0).unchangedIn(store.stat("a.jpg").orElseThrow())).isFalse();
            assertThat(store.stat("missing.jpg")).isEmpty();
        }
    }

    /** Uploads the dataset's files to the bucket under {@code prefix}, and gives both the same age. */
    private Path upload(DjangoStyleDataset data, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(data.media())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = data.media().relativize(file).toString();
                client.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
                // Objects are as old as their upload; local files get the same time.
                Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            }
        }
        return data.media();
    }

    @Test
    void aSweepOfAPrefixFindsTheSameOrphansAsTheSameFilesInALocalFolder() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 500, 3);
            upload(data, "site/media/");
            // Everything was just uploaded; a clock a month ahead makes every object old.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));
            Path s3List = temp.resolve("s3.txt");
            Path localList = temp.resolve("local.txt");

            try (S3Store s3 = store("site/media")) {
                SweepReport fromS3 = sweep(db, data, later).store(s3).orphanList(s3List).load().sweep();
                assertThat(fromS3.outcome()).as(fromS3.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            }
            SweepReport fromDisk = sweep(db, data, later).store(LocalStore.at(data.media())).orphanList(localList).load().sweep();

            List<String> expected = new ArrayList<>(data.expectedOrphans());
            expected.addAll(data.youngOrphans());
            expected.sort(null);
            assertThat(Files.readAllLines(s3List)).containsExactlyElementsOf(expected);
            assertThat(Files.readAllLines(s3List)).isEqualTo(Files.readAllLines(localList));
            assertThat(fromDisk.danglingReferences().count()).isEqualTo(data.dangling().size());
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
    void quarantineThenRestoreGivesBackByteIdenticalObjects() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 300, 5);
            upload(data, "m/");
            Map<String, String> before = bucketContents();
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));

            SweepReport report;
            try (S3Store s3 = store("m")) {
                report = sweep(db, data, later).store(s3).apply(Action.QUARANTINE).load().sweep();
            }
            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            long orphans = data.expectedOrphans().size() + data.youngOrphans().size();
            assertThat(report.quarantined().count()).isEqualTo(orphans);
            Map<String, String> during = bucketContents();
            for (String orphan : data.expectedOrphans()) {
                assertThat(during).doesNotContainKey("m/" + orphan)
                        .containsEntry("m/.mediagc/quarantine/" + report.runId() + "/" + orphan, before.get("m/" + orphan));
            }

            try (S3Store s3 = store("m")) {
                Quarantine.RestoreResult restored = new Quarantine(s3).restore(report.runId());
                assertThat(restored.failed()).isEmpty();
                assertThat(restored.restored()).isEqualTo(orphans);
            }
            Map<String, String> after = bucketContents();
            after.keySet().removeIf(k -> k.startsWith("m/.mediagc/"));
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void deleteRemovesExactlyTheOrphansInBatches() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 300, 9);
            upload(data, "");
            Map<String, String> before = bucketContents();
            try (S3Store s3 = store("")) {
                SweepReport report = sweep(db, data, Clock.offset(Clock.systemUTC(), Duration.ofDays(30)))
                        .store(s3).apply(Action.DELETE).batchSize(40).load().sweep();
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
    void aMissingBucketIsAClearErrorAndChangesNothing() {
        assertThatThrownBy(() -> S3Store.open(S3Location.parse("s3://no-such-bucket/x"), server.settings()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bucket 'no-such-bucket' does not exist");
    }

    @Test
    void wrongCredentialsAreAClearErrorThatNeverShowsTheSecret() {
        S3Client wrong = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.ACCESS_KEY, "not-the-secret")))
                .build();
        S3Store store = S3Store.using(wrong, S3Location.parse("s3://" + bucket + "/"), server.settings());
        assertThatThrownBy(store::checkReachable)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("denied").hasMessageContaining("credentials")
                .hasMessageNotContaining("not-the-secret");
        wrong.close();
    }

    @Test
    void anEndpointThatRefusesConnectionsIsAClearError() {
        S3Settings refused = new S3Settings(URI.create("http://127.0.0.1:1"), "us-east-1", true, 2);
        assertThatThrownBy(() -> S3Store.open(S3Location.parse("s3://" + bucket + "/"), refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot reach http://127.0.0.1:1");
    }

    @Test
    void keysThatWouldLeaveThePrefixOrEnterMediagcsAreaAreRefused() throws IOException {
        put("m/a.jpg", "a");
        put("other/secret.jpg", "s");
        try (S3Store store = store("m")) {
            // The store itself refuses keys leaving its prefix; mediagc's own area is refused by the
            // engine (ManagedStore), since the store keeps that area's objects for it.
            dev.mediagc.internal.store.ManagedStore managed = dev.mediagc.internal.store.ManagedStore.of(store);
            for (String key : List.of("../other/secret.jpg", "a/../../other/secret.jpg", ".mediagc/last-run.json", "")) {
                assertThatThrownBy(() -> managed.delete(key)).isInstanceOf(IOException.class);
                if (!key.startsWith(".mediagc/")) {
                    assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IOException.class);
                }
            }
        }
        assertThat(bucketContents()).containsKeys("m/a.jpg", "other/secret.jpg");
    }

    /** Another store's state and files under {@code folder} (full key prefix ending with '/'). */
    private List<String> nestedStore(String folder) {
        List<String> keys = List.of(folder + ".mediagc/binding.json", folder + ".mediagc/journal/20260101T000000Z-abc.jsonl",
                folder + ".mediagc/quarantine/20260101T000000Z-abc/a.jpg", folder + "-early.jpg", folder + "(1).jpg",
                folder + ".hidden.jpg", folder + ".mediagc-old/x.jpg", folder + "-thumbs/Café.jpg", folder + "zebra.jpg",
                folder + "photos/2024/Straße.jpg");
        keys.forEach(key -> put(key, "tenant content of " + key));
        return keys;
    }

    @Test
    void listsNothingUnderAFolderThatHoldsAnotherStoresStateAtAnyDepth() throws IOException {
        List<String> mine = List.of("-first.jpg", "a/-early.jpg", "a/b/-x.jpg", "a/b/c/zz.jpg", "a/b/c/d/e.jpg", "top.jpg",
                "zz/last.jpg");
        mine.forEach(key -> put("m/" + key, key));
        nestedStore("m/t1/");          // found while discovering the root's folders
        nestedStore("m/a/t2/");        // a partition of its own
        nestedStore("m/a/b/c/t3/");    // inside a partition listed flat
        put("m/a/b/t4/.mediagc", "a file named .mediagc marks a store too");
        put("m/a/b/t4/x.jpg", "x");
        put("m/.mediagc/lock.json", "{}"); // the store's own state: never listed, never "another store"

        List<String> others = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try (S3Store store = store("m")) {
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
        assertThat(others).containsExactlyInAnyOrder("t1", "a/t2", "a/b/c/t3", "a/b/t4");
    }

    @Test
    void anOuterSweepWithDeleteLeavesANestedStoresStateAndObjectsUntouched() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            db.execute("CREATE TABLE profile (id INT PRIMARY KEY, avatar VARCHAR(500))",
                    "INSERT INTO profile VALUES (1, 'avatars/live.jpg'), (2, 'tenant/zebra.jpg')");
            put("media/avatars/live.jpg", "live");
            put("media/avatars/orphan.jpg", "orphan");
            put("media/-orphan.jpg", "orphan too");
            List<String> tenant = nestedStore("media/tenant/");
            Map<String, String> before = bucketContents();

            SweepReport report;
            try (S3Store s3 = store("media")) {
                report = MediaGc.configure().dataSource(db.dataSource()).reference("profile.avatar").store(s3)
                        .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(30))).maxOrphanRatio(1)
                        .apply(Action.DELETE).load().sweep();
            }

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            assertThat(report.deleted().samples()).containsExactlyInAnyOrder("avatars/orphan.jpg", "-orphan.jpg");
            assertThat(report.otherStores().samples()).containsExactly("tenant");
            Map<String, String> after = bucketContents();
            for (String key : tenant) {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            }
            assertThat(after).containsKey("media/avatars/live.jpg");
        }
    }
}
