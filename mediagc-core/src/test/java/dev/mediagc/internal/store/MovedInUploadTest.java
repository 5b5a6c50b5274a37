package dev.mediagc.internal.store;

import dev.mediagc.spi.StoredObject;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.Action;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * An upload written elsewhere and moved (renamed) into the store keeps its old modification time;
 * its row may not have committed yet. Its age counts from when it arrived (its ctime).
 */
@Tag("fast")
class MovedInUploadTest {

    @TempDir
    Path temp;

    private static Path oldUpload(Path folder, String name) throws IOException {
        Path upload = Files.createDirectories(folder).resolve(name);
        Files.writeString(upload, "uploaded ten days ago, moved into the store just now");
        Files.setLastModifiedTime(upload, FileTime.from(Instant.now().minus(Duration.ofDays(10))));
        return upload;
    }

    @Test
    void anOldFileMovedIntoTheStoreJustNowIsYoungAndKept() throws IOException {
        try (SmallApp app = new SmallApp(TestDatabase.Kind.H2.create(temp), Files.createDirectories(temp.resolve("media")), 10, 0)) {
            Path upload = oldUpload(temp.resolve("incoming"), "Été 2024.jpg");
            Path target = Files.createDirectories(app.media.resolve("avatars/new")).resolve("Été 2024.jpg");
            Files.move(upload, target, StandardCopyOption.ATOMIC_MOVE);

            SweepReport report = app.sweep().store(LocalStore.at(app.media).countingCtime())
                    .minAge(Duration.ofHours(1)).maxOrphanRatio(1).apply(Action.DELETE).load().sweep();

            assertThat(report.youngOrphans().samples()).containsExactly("avatars/new/Été 2024.jpg");
            assertThat(report.orphans().count()).isZero();
            assertThat(report.deleted().count()).isZero();
            assertThat(target).exists();
        }
    }

    @Test
    void theListingAndTheReStatBeforeActingReportTheSameArrivalTime() throws IOException {
        Path root = Files.createDirectories(temp.resolve("media"));
        Files.move(oldUpload(temp.resolve("incoming"), "x.jpg"), root.resolve("x.jpg"), StandardCopyOption.ATOMIC_MOVE);
        LocalStore store = LocalStore.at(root).countingCtime();
        StoredObject[] listed = new StoredObject[1];
        store.list(object -> listed[0] = object);

        Instant recent = Instant.now().minus(Duration.ofMinutes(5));
        assertThat(listed[0].lastModified()).isAfter(recent);
        assertThat(listed[0].unchangedIn(store.stat("x.jpg").orElseThrow())).isTrue();
    }
}
