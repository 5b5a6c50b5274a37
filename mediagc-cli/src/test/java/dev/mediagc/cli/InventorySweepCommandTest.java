package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.s3.inventory.InventoryFixture;
import dev.mediagc.s3.inventory.InventoryFormat;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code mediagc sweep --inventory}: an S3 Inventory as the listing, from local disk and from S3 (S3Proxy). */
class InventorySweepCommandTest {

    @TempDir
    Path temp;

    @Test
    void sweepsFromAnInventoryAndLeavesWhatCameSinceAlone() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             S3Client s3 = server.client();
             TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, file VARCHAR(500))",
                    "INSERT INTO media VALUES (1, 'live one.jpg'), (2, 'caf\u00e9/live.png')");
            s3.createBucket(b -> b.bucket("uploads"));
            s3.createBucket(b -> b.bucket("inventories"));
            for (String key : List.of("live one.jpg", "caf\u00e9/live.png", "orphan one.jpg", "\u5b64\u513f/orphan+two.png")) {
                s3.putObject(b -> b.bucket("uploads").key("media/" + key), RequestBody.fromString(key));
            }
            InventoryFixture.Written written = InventoryFixture.write(temp.resolve("copy"), "uploads", InventoryFormat.CSV,
                    Instant.now(), InventoryFixture.rowsOf(s3, "uploads"), 2);
            String onS3 = written.uploadTo(s3, "inventories");
            s3.putObject(b -> b.bucket("uploads").key("media/uploaded after.jpg"), RequestBody.fromString("new"));
            String endpoint = server.endpoint().toString();
            Path list = temp.resolve("orphans.txt");

            CliRun dry = CliRun.of("sweep", "--db", db.url(), "--ref", "media.file", "--store", "s3://uploads/media",
                    "--s3-endpoint", endpoint, "--s3-path-style", "--min-age", "0s", "--force", "--max-orphan-ratio", "1",
                    "--inventory", written.manifest().toString(), "--list-orphans", list.toString());

            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactly("orphan one.jpg", "\u5b64\u513f/orphan+two.png");
            assertThat(dry.out()).contains("the listing was read from a report of the store made", "(an S3 Inventory)");

            CliRun applied = CliRun.of("sweep", "--db", db.url(), "--ref", "media.file", "--store", "s3://uploads/media",
                    "--s3-endpoint", endpoint, "--s3-path-style", "--min-age", "0s", "--force", "--max-orphan-ratio", "1",
                    "--inventory", onS3, "--apply", "--action", "delete");

            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            assertThat(ownLines(applied.err())).isEmpty();
            List<String> left = s3.listObjectsV2(b -> b.bucket("uploads").prefix("media/")).contents().stream()
                    .map(o -> o.key()).filter(k -> !k.startsWith("media/.mediagc/")).sorted().toList();
            assertThat(left).containsExactly("media/caf\u00e9/live.png", "media/live one.jpg", "media/uploaded after.jpg");
        }
    }

    @Test
    void saysInOneLineWhatIsWrongWithTheInventory() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             S3Client s3 = server.client();
             TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            db.execute("CREATE TABLE media (id INT PRIMARY KEY, file VARCHAR(500))", "INSERT INTO media VALUES (1, 'b.jpg')");
            s3.createBucket(b -> b.bucket("uploads"));
            s3.putObject(b -> b.bucket("uploads").key("media/a.jpg"), RequestBody.fromString("a"));
            String endpoint = server.endpoint().toString();
            InventoryFixture.Written other = InventoryFixture.write(temp.resolve("other"), "another-bucket",
                    InventoryFormat.ORC, Instant.now(), List.of(), 1);
            InventoryFixture.Written damaged = InventoryFixture.write(temp.resolve("damaged"), "uploads",
                    InventoryFormat.PARQUET, Instant.now(), InventoryFixture.rowsOf(s3, "uploads"), 1);
            Files.write(damaged.dataFile(0), new byte[] {1, 2, 3});

            for (String[] inventoryAndMessage : new String[][] {
                    {temp.resolve("missing/manifest.json").toString(), "no inventory manifest at"},
                    {other.manifest().toString(), "lists bucket 'another-bucket', not the store's bucket 'uploads'"}}) {
                CliRun run = CliRun.of("sweep", "--db", db.url(), "--ref", "media.file", "--store", "s3://uploads/media",
                        "--s3-endpoint", endpoint, "--s3-path-style", "--inventory", inventoryAndMessage[0]);
                assertThat(run.exit()).as(run.err()).isEqualTo(ExitCode.USAGE);
                assertThat(run.err()).contains(inventoryAndMessage[1]);
                assertThat(ownLines(run.err())).hasSize(1);
            }

            CliRun run = CliRun.of("sweep", "--db", db.url(), "--ref", "media.file", "--store", "s3://uploads/media",
                    "--s3-endpoint", endpoint, "--s3-path-style", "--min-age", "0s", "--force", "--inventory",
                    damaged.manifest().toString(), "--apply", "--action", "delete");
            assertThat(run.exit()).isEqualTo(ExitCode.ERROR);
            assertThat(run.err()).contains("has 3 bytes where the manifest says");
            assertThat(s3.headObject(b -> b.bucket("uploads").key("media/a.jpg")).contentLength()).isEqualTo(1);

            CliRun local = CliRun.of("sweep", "--db", db.url(), "--ref", "media.file", "--store", temp.toString(),
                    "--inventory", other.manifest().toString());
            assertThat(local.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(local.err()).contains("only an s3:// store has");
        }
    }

    /** What the command wrote to standard error, without the log of the S3 server running in this JVM. */
    private static List<String> ownLines(String err) {
        return err.lines().filter(line -> !line.contains("S3Proxy")).toList();
    }
}
