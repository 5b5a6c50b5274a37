package dev.mediagc.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobItem;
import dev.mediagc.Action;
import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.quarantine.Quarantine;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Azure store against Azurite: listing, sweeps through mediagc, and its error messages. */
class AzureStoreTest {

    static AzuriteServer server;
    static BlobServiceClient client;
    static int containers;

    @TempDir
    Path temp;
    String name;
    BlobContainerClient container;

    @BeforeEach
    void newContainer() {
        server = AzuriteServer.shared();
        client = server.client();
        name = "media-" + (++containers);
        container = client.createBlobContainer(name);
    }

    private void put(String key, String content) {
        container.getBlobClient(key).upload(BinaryData.fromString(content), true);
    }

    private AzureStore store(String prefix) {
        return server.store(name, prefix);
    }

    private static List<String> keysListedBy(AzureStore store) throws IOException {
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

    private Map<String, String> containerContents() {
        Map<String, String> contents = new TreeMap<>();
        for (BlobItem item : container.listBlobs()) {
            contents.put(item.getName(), container.getBlobClient(item.getName()).downloadContent().toString());
        }
        return contents;
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

        try (AzureStore prefixed = store("site/media")) {
            assertThat(keysListedBy(prefixed)).containsExactlyElementsOf(keys.stream().sorted().toList());
        }
        try (AzureStore whole = store("")) {
            // site/media/ holds a store's state: swept from the container's root it is another store, left alone.
            assertThat(keysListedBy(whole)).containsExactly("outside.jpg", "site/other/not-mine.jpg");
        }
    }

    @Test
    void listsMoreThanAPageOfObjectsInOneFolder() throws IOException {
        java.util.stream.IntStream.range(0, 5200).parallel().forEach(i -> put("photos/2024/05/IMG_" + i + ".jpg", ""));
        for (int i = 0; i < 30; i++) {
            put("photos/2023/0" + (i % 9 + 1) + "/x" + i + ".jpg", "");
        }
        try (AzureStore store = store("")) {
            assertThat(keysListedBy(store)).hasSize(5230).doesNotHaveDuplicates();
        }
    }

    @Test
    void statMatchesTheListingSoTheVerifierSeesNoChange() throws IOException {
        put("m/a.jpg", "hello");
        try (AzureStore store = store("m")) {
            List<StoredObject> listed = new ArrayList<>();
            store.list(listed::add);
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).unchangedIn(store.stat("a.jpg").orElseThrow())).isTrue();
            assertThat(store.read("a.jpg").orElseThrow().version()).isEqualTo(listed.get(0).version());
            put("m/a.jpg", "hello, rewritten");
            assertThat(listed.get(0).unchangedIn(store.stat("a.jpg").orElseThrow())).isFalse();
            assertThat(store.stat("missing.jpg")).isEmpty();
        }
    }

    /** Uploads the dataset's files under {@code prefix}, and gives both the same age. */
    private void upload(DjangoStyleDataset data, String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(data.media())) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String key = data.media().relativize(file).toString();
                container.getBlobClient(prefix + key).upload(BinaryData.fromFile(file), true);
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
    void aSweepOfAPrefixFindsTheSameOrphansAsTheSameFilesInALocalFolder() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 400, 3);
            upload(data, "site/media/");
            // Everything was just uploaded; a clock a month ahead makes every object old.
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));
            Path azureList = temp.resolve("azure.txt");
            Path localList = temp.resolve("local.txt");

            try (AzureStore azure = store("site/media")) {
                SweepReport fromAzure = sweep(db, data, later).store(azure).orphanList(azureList).load().sweep();
                assertThat(fromAzure.outcome()).as(fromAzure.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
            }
            SweepReport fromDisk = sweep(db, data, later).store(LocalStore.at(data.media())).orphanList(localList).load().sweep();

            List<String> expected = new ArrayList<>(data.expectedOrphans());
            expected.addAll(data.youngOrphans());
            expected.sort(null);
            assertThat(Files.readAllLines(azureList)).containsExactlyElementsOf(expected);
            assertThat(Files.readAllLines(azureList)).isEqualTo(Files.readAllLines(localList));
            assertThat(fromDisk.danglingReferences().count()).isEqualTo(data.dangling().size());
        }
    }

    @Test
    void quarantineThenRestoreGivesBackByteIdenticalObjects() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 300, 5);
            upload(data, "m/");
            Map<String, String> before = containerContents();
            Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(30));

            SweepReport report;
            try (AzureStore azure = store("m")) {
                report = sweep(db, data, later).store(azure).apply(Action.QUARANTINE).load().sweep();
            }
            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            long orphans = data.expectedOrphans().size() + data.youngOrphans().size();
            assertThat(report.quarantined().count()).isEqualTo(orphans);
            Map<String, String> during = containerContents();
            for (String orphan : data.expectedOrphans()) {
                assertThat(during).doesNotContainKey("m/" + orphan)
                        .containsEntry("m/.mediagc/quarantine/" + report.runId() + "/" + orphan, before.get("m/" + orphan));
            }

            try (AzureStore azure = store("m")) {
                Quarantine.RestoreResult restored = new Quarantine(azure).restore(report.runId());
                assertThat(restored.failed()).isEmpty();
                assertThat(restored.restored()).isEqualTo(orphans);
            }
            Map<String, String> after = containerContents();
            after.keySet().removeIf(k -> k.startsWith("m/.mediagc/"));
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void deleteRemovesExactlyTheOrphansInBatches() throws IOException {
        try (TestDatabase db = TestDatabase.Kind.H2.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 300, 9);
            upload(data, "");
            Map<String, String> before = containerContents();
            try (AzureStore azure = store("")) {
                SweepReport report = sweep(db, data, Clock.offset(Clock.systemUTC(), Duration.ofDays(30)))
                        .store(azure).apply(Action.DELETE).batchSize(40).load().sweep();
                assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
                assertThat(report.failed().count()).isZero();
            }
            Map<String, String> after = containerContents();
            after.keySet().removeIf(k -> k.startsWith(".mediagc/"));
            Map<String, String> expected = new TreeMap<>(before);
            data.expectedOrphans().forEach(expected::remove);
            data.youngOrphans().forEach(expected::remove);
            assertThat(after).isEqualTo(expected);
        }
    }

    @Test
    void listsNothingUnderAFolderThatHoldsAnotherStoresStateAtAnyDepth() throws IOException {
        List<String> mine = List.of("-first.jpg", "a/-early.jpg", "a/b/-x.jpg", "a/b/c/zz.jpg", "a/b/c/d/e.jpg", "top.jpg",
                "zz/last.jpg", "a/.mediagc-old/kept.jpg");
        mine.forEach(key -> put("m/" + key, key));
        nestedStore("m/t1/");
        nestedStore("m/a/t2/");
        nestedStore("m/a/b/c/t3/");
        put("m/a/b/t4/.mediagc", "a file named .mediagc marks a store too");
        put("m/a/b/t4/x.jpg", "x");
        put("m/.mediagc/lock.json", "{}"); // the store's own state: never listed, never "another store"

        List<String> others = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try (AzureStore store = store("m")) {
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
    void listsEveryKeyOnceOnBothSidesOfEveryPartitionBoundary() throws IOException {
        // Partitions are the folders two levels down, listed flat; the levels above are listed by folder.
        List<String> keys = List.of("a", "a.jpg", "a-b/x.jpg", "a0.jpg", "a/x.jpg", "a/b", "a/b.jpg", "a/b-c/x.jpg",
                "a/b/x.jpg", "a/b/c/d/e/f.jpg", "a/b0/x.jpg", "a/b/.hidden", "a/b/-early.jpg", "a/b/(1).jpg",
                "ab/c/d.jpg", "-root.jpg", "(1).jpg", ".hidden", "z/z/z/z.jpg", "zz");
        keys.forEach(key -> put("m/" + key, key));
        try (AzureStore store = store("m")) {
            assertThat(keysListedBy(store)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void listsUnicodeKeysInEveryPartitionUnderTheirOwnNames() throws IOException {
        List<String> keys = List.of("caf\u00e9/cr\u00e8me/br\u00fbl\u00e9e.jpg", "\u6771\u4eac/\u6e0b\u8c37/\u5199\u771f.jpg",
                "\ud83d\ude00/\ud83d\ude00/\ud83d\ude00.png", "\uff41/b/c.png", "\uff41/\ud83d\ude00/c.png",
                "\ud83d\ude00.png", "\uff41.png", "Stra\u00dfe/\u0395\u03bb\u03bb\u03ac\u03b4\u03b1/\u043a\u0438\u0440/x y+z%20.jpg");
        keys.forEach(key -> put("m/" + key, key));
        try (AzureStore store = store("m")) {
            assertThat(keysListedBy(store)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void keepsANestedStoreInsideAFlatListedPartitionOut() throws IOException {
        List<String> mine = List.of("p/q/a.jpg", "p/q/other(1)/x.jpg", "p/q/other-b.jpg", "p/q/other.jpg", "p/q/otherz/x.jpg",
                "p/q/r/s/t.jpg");
        mine.forEach(key -> put("m/" + key, key));
        nestedStore("m/p/q/other/");
        nestedStore("m/p/q/r/deep/");
        nestedStore("m/p/q2/");
        List<String> others = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try (AzureStore store = store("m")) {
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
        assertThat(others).containsExactlyInAnyOrder("p/q/other", "p/q/r/deep", "p/q2");
    }

    @Test
    void foldersWithNothingButFolderMarkersListNothingAndFailNothing() throws IOException {
        put("m/empty/", "");
        put("m/e/f/", "");
        put("m/e/f/g/", "");
        put("m/x/y/z.jpg", "z");
        try (AzureStore store = store("m")) {
            assertThat(keysListedBy(store)).containsExactly("x/y/z.jpg");
        }
        try (AzureStore store = store("nothing-here")) {
            assertThat(keysListedBy(store)).isEmpty();
        }
    }

    @Test
    void aPrefixStoreListsItsPrefixAloneNotASiblingThatSharesItsName() throws IOException {
        List<String> keys = List.of("a.jpg", "b/c.jpg", "b/c/d/e.jpg");
        keys.forEach(key -> put("site/media/" + key, key));
        put("site/media-old/x.jpg", "x");
        put("site/media.jpg", "x");
        put("site/mediab/c/d.jpg", "x");
        try (AzureStore store = store("site/media")) {
            assertThat(keysListedBy(store)).containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    @Test
    void aListingThatFailsPartWayFailsWhole() throws IOException {
        for (int folder = 0; folder < 40; folder++) {
            put("m/p" + folder + "/q/r.jpg", "r");
        }
        try (AzureStore store = store("m")) {
            assertThatThrownBy(() -> store.list(new ListingVisitor() {
                @Override
                public void object(StoredObject object) {
                    container.deleteIfExists(); // the partitions still to be listed now fail
                }
            })).isInstanceOf(IOException.class).hasMessageContaining("listing");
        }
    }

    /** Another store's state and files under {@code folder} (full blob name prefix ending with '/'). */
    private List<String> nestedStore(String folder) {
        List<String> keys = List.of(folder + ".mediagc/binding.json", folder + ".mediagc/journal/20260101T000000Z-abc.jsonl",
                folder + ".mediagc/quarantine/20260101T000000Z-abc/a.jpg", folder + "-early.jpg", folder + "(1).jpg",
                folder + ".hidden.jpg", folder + ".mediagc-old/x.jpg", folder + "-thumbs/Caf\u00e9.jpg", folder + "zebra.jpg",
                folder + "photos/2024/Stra\u00dfe.jpg");
        keys.forEach(key -> put(key, "tenant content of " + key));
        return keys;
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
            Map<String, String> before = containerContents();

            SweepReport report;
            try (AzureStore azure = store("media")) {
                report = MediaGc.configure().dataSource(db.dataSource()).reference("profile.avatar").store(azure)
                        .clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(30))).maxOrphanRatio(1)
                        .apply(Action.DELETE).load().sweep();
            }

            assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
            assertThat(report.deleted().samples()).containsExactlyInAnyOrder("avatars/orphan.jpg", "-orphan.jpg");
            assertThat(report.otherStores().samples()).containsExactly("tenant");
            Map<String, String> after = containerContents();
            for (String key : tenant) {
                assertThat(after.get(key)).as(key).isEqualTo(before.get(key));
            }
            assertThat(after).containsKey("media/avatars/live.jpg");
        }
    }

    @Test
    void aBatchDeleteOfBlobsAlreadyGoneSucceedsAndStillReportsARealFailure() throws IOException {
        put("m/here.jpg", "here");
        try (AzureStore store = store("m")) {
            assertThat(store.deleteAll(List.of("here.jpg", "gone-1.jpg", "gone-2.jpg"))).isEmpty();
            assertThat(store.stat("here.jpg")).isEmpty();
            put("m/leased.jpg", "leased");
            new com.azure.storage.blob.specialized.BlobLeaseClientBuilder().blobClient(container.getBlobClient("m/leased.jpg"))
                    .buildClient().acquireLease(60);
            Map<String, String> errors = store.deleteAll(List.of("leased.jpg", "gone-3.jpg"));
            assertThat(errors).containsOnlyKeys("leased.jpg");
            assertThat(errors.get("leased.jpg")).containsIgnoringCase("lease");
        }
    }

    @Test
    void aMoveNeverReplacesABlobThatAppearedAtTheTarget() throws IOException {
        put("m/a.jpg", "original");
        put("m/b.jpg", "someone else's");
        try (AzureStore store = store("m")) {
            assertThatThrownBy(() -> store.move("a.jpg", "b.jpg")).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
        }
        assertThat(containerContents()).containsEntry("m/a.jpg", "original").containsEntry("m/b.jpg", "someone else's");
    }

    @Test
    void aMissingContainerIsAClearErrorAndChangesNothing() {
        assertThatThrownBy(() -> AzureStore.open(AzureLocation.parse("azure://no-such-container/x", true), server.settings()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("container 'no-such-container' does not exist");
    }

    @Test
    void aWrongKeyIsAClearErrorThatNeverShowsTheSecret() {
        String wrongKey = java.util.Base64.getEncoder().encodeToString("not-the-secret-key-at-all-0123456789".getBytes());
        String connection = server.connectionString().replace(AzuriteServer.KEY, wrongKey);
        AzureSettings settings = AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "WRONG"),
                variable -> variable.equals("WRONG") ? connection : null);
        assertThatThrownBy(() -> AzureStore.open(AzureLocation.parse("azure://" + name + "/", true), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("denied").hasMessageContaining("credentials")
                .hasMessageNotContaining(wrongKey).hasMessageNotContaining(AzuriteServer.KEY);
    }

    @Test
    void anEndpointThatRefusesConnectionsIsAClearError() {
        String refused = server.connectionString().replaceAll("BlobEndpoint=[^;]*", "BlobEndpoint=http://127.0.0.1:1/" + AzuriteServer.ACCOUNT);
        AzureSettings settings = AzureSettings.from(Map.of(AzureSettings.CONNECTION_STRING_ENV, "REFUSED"),
                variable -> refused);
        assertThatThrownBy(() -> AzureStore.open(AzureLocation.parse("azure://" + name + "/", true), settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot reach").hasMessageNotContaining(AzuriteServer.KEY);
    }
}
