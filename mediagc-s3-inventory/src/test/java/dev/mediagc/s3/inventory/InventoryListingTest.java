package dev.mediagc.s3.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.s3.S3Store;
import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** An inventory's listing against the store's own listing of the same bucket, on a real S3 protocol server. */
class InventoryListingTest {

    static S3ProxyServer server;
    static S3Client client;
    static int buckets;

    @TempDir
    Path temp;
    String bucket;
    String destination;

    /** Keys that need care: spaces, plus, percent, Unicode (also outside the BMP), a comma and a quote. */
    static final List<String> MEDIA = List.of("a b.jpg", "plus+sign.png", "100% done.pdf", "caf\u00e9/\u6771\u4eac.jpg",
            "emoji/\uD83D\uDE00 smile.png", "comma, \"quoted\".txt", "deep/er/file.bin", "-early.jpg", "top.png");

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
    void newBuckets() {
        bucket = "media-" + (++buckets);
        destination = "inventory-" + buckets;
        client.createBucket(b -> b.bucket(bucket));
        client.createBucket(b -> b.bucket(destination));
    }

    private void put(String key, String content) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    private S3Store store(String prefix) {
        return S3Store.open(S3Location.parse("s3://" + bucket + "/" + prefix), server.settings());
    }

    /** What a listing reported: objects with every attribute, and other stores' folders. */
    record Listing(Set<String> objects, Set<String> otherStores) {
        static Listing of(ObjectStore store) throws IOException {
            Set<String> objects = new TreeSet<>();
            Set<String> others = new TreeSet<>();
            store.list(new ListingVisitor() {
                @Override
                public void object(StoredObject o) {
                    objects.add(o.key() + " | " + o.size() + " | " + o.lastModified() + " | " + o.version());
                }

                @Override
                public void otherStore(String folderKey) {
                    others.add(folderKey);
                }
            });
            return new Listing(objects, others);
        }
    }

    private void fillBucket() {
        for (String key : MEDIA) {
            put("site/" + key, "content of " + key);
        }
        put("outside.jpg", "x");
        put("sitemap.xml", "not under site/ though it starts with 'site'");
        put("site/.mediagc/last-run.json", "{}");
        put("site/folder-marker/", "");
        put("site/tenant/.mediagc/lock", "another store's state");
        put("site/tenant/theirs.jpg", "another store's file");
        // Another store whose state is, so far, only an empty folder marker: a store all the same.
        put("site/marked/.mediagc/", "");
        put("site/marked/theirs too.jpg", "another store's file");
    }

    private List<InventoryFixture.Row> rowsWithOldVersionsAndDeleteMarkers() {
        List<InventoryFixture.Row> rows = new ArrayList<>(InventoryFixture.rowsOf(client, bucket));
        InventoryFixture.Row any = rows.get(0);
        rows.add(0, any.notLatest());
        rows.add(new InventoryFixture.Row(bucket, "site/deleted since.jpg", "v1", false, false, 5L, any.lastModified(),
                "0123456789abcdef0123456789abcdef"));
        rows.add(new InventoryFixture.Row(bucket, "site/deleted since.jpg", "v2", true, true, null, any.lastModified(), null));
        return rows;
    }

    @ParameterizedTest
    @EnumSource(InventoryFormat.class)
    void listsWhatTheStoresOwnListingShowsFromALocalCopy(InventoryFormat format) throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, format, Instant.now(),
                rowsWithOldVersionsAndDeleteMarkers(), 3);

        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            Listing expected = Listing.of(live);
            assertThat(expected.objects()).hasSize(MEDIA.size());
            assertThat(Listing.of(fromInventory)).isEqualTo(expected);
            assertThat(expected.otherStores()).containsExactly("marked", "tenant");
        }
    }

    /** Version flags named in another letter case are still read: missing them would list old versions and delete markers. */
    @ParameterizedTest
    @EnumSource(value = InventoryFormat.class, names = {"ORC", "PARQUET"})
    void readsVersionFlagsWhateverTheirColumnsLetterCase(InventoryFormat format) throws IOException {
        listsAsTheStoreDoes(format, InventoryFixture.Shape.FLAGS_IN_OTHER_CASE);
    }

    /** A Parquet time without a timestamp annotation is milliseconds, the unit S3 writes. */
    @Test
    void readsAParquetTimeWrittenAsAPlainNumberAsMilliseconds() throws IOException {
        listsAsTheStoreDoes(InventoryFormat.PARQUET, InventoryFixture.Shape.TIME_AS_NUMBER);
    }

    private void listsAsTheStoreDoes(InventoryFormat format, InventoryFixture.Shape shape) throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, format, Instant.now(),
                rowsWithOldVersionsAndDeleteMarkers(), 2, shape);

        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThat(Listing.of(fromInventory)).isEqualTo(Listing.of(live));
        }
    }

    /** An ORC time that is a plain number needs a zone correction nobody can know: refused, not guessed. */
    @Test
    void refusesAnOrcTimeWrittenAsAPlainNumber() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.ORC, Instant.now(),
                rowsWithOldVersionsAndDeleteMarkers(), 2, InventoryFixture.Shape.TIME_AS_NUMBER);

        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThatThrownBy(() -> Listing.of(fromInventory))
                    .hasMessageContaining("last_modified_date is bigint, not an ORC timestamp");
        }
    }

    @ParameterizedTest
    @EnumSource(InventoryFormat.class)
    void listsWhatTheStoresOwnListingShowsFromS3(InventoryFormat format) throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, format, Instant.now(),
                rowsWithOldVersionsAndDeleteMarkers(), 2);
        String manifest = written.uploadTo(client, destination);

        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(manifest, s3Options())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThat(Listing.of(fromInventory)).isEqualTo(Listing.of(live));
        }
    }

    @Test
    void theWholeBucketAsAStoreSeesTheNestedStoreAtItsPrefix() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, Instant.now(),
                InventoryFixture.rowsOf(client, bucket), 2);
        try (S3Store live = store("");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            Listing listing = Listing.of(InventoryListedStore.over(live, inventory, null, Clock.systemUTC()));
            assertThat(listing).isEqualTo(Listing.of(live));
            assertThat(listing.otherStores()).containsExactly("site");
        }
    }

    @Test
    void readsACopyOfTheInventorysOwnFolderWithTheDataFilesBesideIt() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp.resolve("bucket"), bucket, InventoryFormat.PARQUET,
                Instant.now(), InventoryFixture.rowsOf(client, bucket), 2);
        // As `aws s3 sync s3://DEST/inventories/SOURCE/daily/ copy/` leaves it: no destination prefix above.
        Path copy = temp.resolve("copy");
        Path daily = written.manifest().getParent().getParent();
        try (var files = Files.walk(daily)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = copy.resolve(daily.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        Path manifest = copy.resolve(daily.relativize(written.manifest()).toString());
        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(manifest.toString(), Map.of())) {
            assertThat(Listing.of(InventoryListedStore.over(live, inventory, null, Clock.systemUTC())))
                    .isEqualTo(Listing.of(live));
        }
    }

    @ParameterizedTest
    @EnumSource(InventoryFormat.class)
    void aDamagedDataFileFailsTheListingBeforeAnyObjectIsReported(InventoryFormat format) throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, format, Instant.now(),
                InventoryFixture.rowsOf(client, bucket), 3);
        byte[] last = Files.readAllBytes(written.dataFile(2));
        last[last.length / 2] ^= 0x5a; // same size, other content
        Files.write(written.dataFile(2), last);

        List<String> reported = new ArrayList<>();
        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThatThrownBy(() -> fromInventory.list(o -> reported.add(o.key())))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining(written.dataKeys().get(2))
                    .hasMessageContaining("MD5");
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aMissingDataFileOnS3FailsTheListingBeforeAnyObjectIsReported() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.ORC, Instant.now(),
                InventoryFixture.rowsOf(client, bucket), 2);
        String manifest = written.uploadTo(client, destination);
        client.deleteObject(b -> b.bucket(destination).key(written.dataKeys().get(1)));

        List<String> reported = new ArrayList<>();
        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(manifest, s3Options())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThatThrownBy(() -> fromInventory.list(o -> reported.add(o.key())))
                    .isInstanceOf(NoSuchFileException.class)
                    .hasMessageContaining(written.dataKeys().get(1))
                    .hasMessageContaining("missing");
        }
        assertThat(reported).isEmpty();
    }

    @Test
    void aDataFileThatIsNotInTheManifestsFormatFailsTheListing() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, Instant.now(),
                InventoryFixture.rowsOf(client, bucket), 1);
        Files.writeString(written.dataFile(0), "plain text, not gzip\n");
        Path manifest = written.manifest();
        Files.delete(written.root().resolve(written.checksumKey()));
        Files.writeString(manifest, Files.readString(manifest).replaceAll("\"MD5checksum\" : \"[0-9a-f]+\"", "\"MD5checksum\" : null")
                .replaceAll("\"size\" : \\d+", "\"size\" : " + Files.size(written.dataFile(0))));

        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(manifest.toString(), Map.of())) {
            InventoryListedStore fromInventory = InventoryListedStore.over(live, inventory, null, Clock.systemUTC());
            assertThatThrownBy(() -> fromInventory.list(o -> { }))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not a gzip-compressed CSV");
        }
    }

    @Test
    void refusesAnInventoryOfAnotherBucket() throws IOException {
        InventoryFixture.Written written = InventoryFixture.write(temp, "someone-elses", InventoryFormat.CSV, Instant.now(),
                List.of(), 1);
        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            assertThatThrownBy(() -> InventoryListedStore.over(live, inventory, null, Clock.systemUTC()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("lists bucket 'someone-elses', not the store's bucket '" + bucket + "'");
        }
    }

    @Test
    void refusesAnInventoryOlderThanTheLimit() throws IOException {
        Instant created = Instant.parse("2026-11-01T01:00:00Z");
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, created, List.of(), 1);
        Clock tenDaysLater = Clock.fixed(created.plus(Duration.ofDays(10)), java.time.ZoneOffset.UTC);
        try (S3Store live = store("site");
             Inventory inventory = Inventory.open(written.manifest().toString(), Map.of())) {
            assertThatThrownBy(() -> InventoryListedStore.over(live, inventory, Duration.ofDays(8), tenDaysLater))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is from 2026-11-01T01:00:00Z, 10d ago, older than --inventory-max-age 8d");
            assertThat(InventoryListedStore.over(live, inventory, Duration.ofDays(11), tenDaysLater).listedAsOf())
                    .contains(created);
        }
    }

    @Test
    void refusesWhatIsNotAnInventoryManifest() throws IOException {
        Path notJson = Files.writeString(temp.resolve("manifest.json"), "<html>");
        assertThatThrownBy(() -> Inventory.open(notJson.toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not JSON");
        Path otherJson = Files.writeString(temp.resolve("other.json"), "{\"sourceBucket\":\"b\",\"fileFormat\":\"JSON\"}");
        assertThatThrownBy(() -> Inventory.open(otherJson.toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fileFormat 'JSON' is not one S3 Inventory writes");
        assertThatThrownBy(() -> Inventory.open(temp.resolve("nothing/manifest.json").toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no inventory manifest at");
        assertThatThrownBy(() -> Inventory.open("s3://" + destination + "/nothing/manifest.json", s3Options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no inventory manifest at s3://");
    }

    @Test
    void refusesAManifestThatDiffersFromItsChecksum() throws IOException {
        fillBucket();
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.ORC, Instant.now(),
                InventoryFixture.rowsOf(client, bucket), 2);
        // A manifest naming one data file fewer: its listing would hide that file's objects without a word.
        String json = Files.readString(written.manifest());
        String shortened = json.replaceFirst("\\{[^{}]*\"" + java.util.regex.Pattern.quote(written.dataKeys().get(1))
                + "\"[^{}]*\\}\\s*", "").replaceAll(",\\s*]", "]");
        assertThat(shortened).isNotEqualTo(json).doesNotContain(written.dataKeys().get(1));
        Files.writeString(written.manifest(), shortened);
        String onS3 = written.uploadTo(client, destination);

        assertThatThrownBy(() -> Inventory.open(written.manifest().toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("where its manifest.checksum says");
        assertThatThrownBy(() -> Inventory.open(onS3, s3Options()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("where its manifest.checksum says");
    }

    @Test
    void refusesACsvInventoryWithoutTheFieldsTheReVerificationCompares() throws IOException {
        InventoryFixture.Written written = InventoryFixture.write(temp, bucket, InventoryFormat.CSV, Instant.now(), List.of(), 1);
        Files.delete(written.root().resolve(written.checksumKey()));
        Files.writeString(written.manifest(), Files.readString(written.manifest())
                .replace(InventoryFixture.CSV_SCHEMA, "Bucket, Key, Size, LastModifiedDate"));
        assertThatThrownBy(() -> Inventory.open(written.manifest().toString(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lacks the field(s) ETag");
    }

    @Test
    void delegatesEveryOperationOfTheStoreButTheListing() {
        // A default method of ObjectStore left to its default here would bypass the S3 store's own
        // (its conditional move above all): every one must be declared.
        for (var method : ObjectStore.class.getMethods()) {
            assertThat(method.getDeclaringClass() == ObjectStore.class || method.getDeclaringClass() == java.io.Closeable.class
                    || method.getDeclaringClass() == AutoCloseable.class).isTrue();
            try {
                assertThat(InventoryListedStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes()))
                        .as(method.getName()).isNotNull();
            } catch (NoSuchMethodException e) {
                throw new AssertionError("InventoryListedStore does not delegate " + method.getName(), e);
            }
        }
    }

    private static Map<String, String> s3Options() {
        return Map.of("s3-endpoint", server.endpoint().toString(), "s3-path-style", "true", "s3-region", "us-east-1");
    }
}
