package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same command line on an s3:// store, against a real S3 protocol server. */
class S3SweepCommandTest {

    @TempDir
    Path temp;

    @Test
    void sweepsAnS3PrefixFromTheCommandLine() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 5, 3)) {
            BlobStore blobs = server.blobs();
            SmallAppInABucket.upload(blobs, app);
            Path list = temp.resolve("orphans.txt");
            String endpoint = server.endpoint().toString();

            CliRun dry = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--store", "s3://uploads/media", "--s3-endpoint", endpoint, "--s3-path-style",
                    "--min-age", "0s", "--force", "--list-orphans", list.toString());

            assertThat(dry.exit()).as(dry.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(app.orphans.stream().sorted().toList());

            CliRun applied = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--store", "s3://uploads/media", "--s3-endpoint", endpoint, "--s3-path-style",
                    "--min-age", "0s", "--force", "--apply", "--action", "delete", "--max-orphan-ratio", "1");

            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            for (String key : app.orphans) {
                assertThat(blobs.blobExists("uploads", "media/" + key)).isFalse();
            }
            for (String key : app.live) {
                assertThat(blobs.blobExists("uploads", "media/" + key)).isTrue();
            }

            CliRun missing = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--store", "s3://no-such-bucket/media", "--s3-endpoint", endpoint, "--s3-path-style");
            assertThat(missing.exit()).isEqualTo(ExitCode.USAGE);
            assertThat(missing.err()).contains("bucket 'no-such-bucket' does not exist");
            assertThat(missing.err().lines().toList()).hasSize(1);
        }
    }
}
