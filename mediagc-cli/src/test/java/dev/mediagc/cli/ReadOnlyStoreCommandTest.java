package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A dry run changes nothing, mediagc's own state included, so it runs where mediagc may only read
 * the media: a folder nobody can write to, an S3 prefix.
 */
@Tag("fast")
class ReadOnlyStoreCommandTest {

    @TempDir
    Path temp;

    @Test
    void aDryRunListsTheOrphansOfAFolderNobodyCanWriteTo() throws Exception {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("media")), 20, 4)) {
            // An applied run first, so the store has its .mediagc area (baseline, journal, binding).
            CliRun applied = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--store", app.media.toString(), "--apply");
            assertThat(applied.exit()).as(applied.out() + applied.err()).isZero();
            List<String> newOrphans = List.of("avatars/1/later-orphan.png", "avatars/2/later-orphan.png");
            newOrphans.forEach(key -> app.write(key, java.time.Duration.ofDays(3)));
            Map<String, String> before = MediaTree.snapshot(app.media);
            Path list = temp.resolve("orphans.txt");

            // The tests run as root, whom permissions do not stop; the immutable flag stops root too.
            assumeTrue(immutable(app.media, true), "chattr +i is not available here");
            CliRun dry;
            try {
                dry = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                        "--store", app.media.toString(), "--list-orphans", list.toString());
            } finally {
                immutable(app.media, false);
            }

            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(dry.out()).contains("outcome: DRY_RUN");
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(newOrphans);
            assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        }
    }

    @Test
    void aDryRunOnAnS3PrefixWritesNoObject() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer();
             SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("m")), 5, 3)) {
            BlobStore blobs = server.blobs();
            blobs.createContainerInLocation(null, "uploads");
            List<String> keys = new ArrayList<>();
            for (String key : app.live) {
                blobs.putBlob("uploads", blobs.blobBuilder("media/" + key).payload("live").build());
                keys.add("media/" + key);
            }
            for (String key : app.orphans) {
                blobs.putBlob("uploads", blobs.blobBuilder("media/" + key).payload("orphan").build());
                keys.add("media/" + key);
            }
            Path list = temp.resolve("orphans.txt");

            CliRun dry = CliRun.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                    "--store", "s3://uploads/media", "--s3-endpoint", server.endpoint().toString(), "--s3-path-style",
                    "--min-age", "0s", "--force", "--list-orphans", list.toString());

            assertThat(dry.exit()).as(dry.out() + dry.err()).isZero();
            assertThat(Files.readAllLines(list)).containsExactlyElementsOf(app.orphans.stream().sorted().toList());
            assertThat(objectsIn(blobs, "uploads")).containsExactlyInAnyOrderElementsOf(keys);
        }
    }

    private static List<String> objectsIn(BlobStore blobs, String bucket) {
        return blobs.list(bucket, ListContainerOptions.Builder.recursive()).stream()
                .map(StorageMetadata::getName).toList();
    }

    /** Sets or clears the immutable flag on every folder and file under {@code root}; false if that failed. */
    private static boolean immutable(Path root, boolean on) throws IOException, InterruptedException {
        try {
            Process chattr = new ProcessBuilder("chattr", "-R", on ? "+i" : "-i", root.toString())
                    .redirectErrorStream(true).start();
            chattr.getInputStream().readAllBytes();
            if (!chattr.waitFor(30, TimeUnit.SECONDS) || chattr.exitValue() != 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        if (!on) {
            return true;
        }
        try {
            Files.createFile(root.resolve(".probe")); // must fail, or the flag does not stop us
            Files.delete(root.resolve(".probe"));
            immutable(root, false);
            return false;
        } catch (IOException expected) {
            return true;
        }
    }
}
