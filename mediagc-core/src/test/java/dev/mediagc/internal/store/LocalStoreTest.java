package dev.mediagc.internal.store;

import dev.mediagc.spi.ListingVisitor;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.spi.UnsafeKeyException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;

@Tag("fast")
class LocalStoreTest {

    @TempDir
    Path temp;
    Path root;
    Path outside;
    LocalStore store;
    ManagedStore managed;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("media"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not touch");
        Files.createDirectories(root.resolve("photos/2024"));
        Files.writeString(root.resolve("photos/2024/a.jpg"), "a");
        Files.writeString(root.resolve("top.png"), "top");
        Files.createSymbolicLink(root.resolve("linked-file.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("linked-dir"), outside);
        Files.createDirectories(root.resolve(".mediagc/quarantine/run/x"));
        Files.writeString(root.resolve(".mediagc/quarantine/run/x/old.jpg"), "q");
        store = LocalStore.at(root);
        managed = ManagedStore.of(store);
    }

    private record Listing(List<String> objects, List<String> symlinks) {
    }

    private Listing list() throws IOException {
        List<String> objects = new ArrayList<>();
        List<String> links = new ArrayList<>();
        store.list(new ListingVisitor() {
            @Override
            public void object(StoredObject object) {
                objects.add(object.key());
            }

            @Override
            public void symlink(String key) {
                links.add(key);
            }
        });
        return new Listing(objects, links);
    }

    @Test
    void listsKeysRelativeToTheRootWithSlashesAndReportsLinksWithoutFollowingThem() throws IOException {
        Listing listing = list();
        assertThat(listing.objects()).containsExactlyInAnyOrder("photos/2024/a.jpg", "top.png");
        assertThat(listing.symlinks()).containsExactlyInAnyOrder("linked-file.txt", "linked-dir");
    }

    @Test
    void aRootReachedThroughALinkKeepsItsStateAndQuarantineOnTheFirstRun() throws IOException {
        Path linkedRoot = Files.createSymbolicLink(temp.resolve("media-link"), root);
        LocalStore throughLink = LocalStore.at(linkedRoot);

        assertThat(throughLink.createIfAbsent(".mediagc/journal/run1.jsonl/00000001", "{}\n".getBytes())).isTrue();
        ManagedStore.of(throughLink).quarantine("top.png", "run1");

        assertThat(root.resolve(".mediagc/journal/run1.jsonl/00000001")).hasContent("{}");
        assertThat(root.resolve("top.png")).doesNotExist();
        ManagedStore.of(throughLink).restore("top.png", "run1");
        assertThat(root.resolve("top.png")).hasContent("top");
    }

    @Test
    void neverListsItsOwnArea() throws IOException {
        assertThat(list().objects()).noneMatch(k -> k.startsWith(".mediagc"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "../../etc/passwd", "/etc/passwd", "a/../../b", "photos/../../outside/secret.txt",
        "photos//a.jpg", "./top.png", "", "a\u0000b", "linked-dir/secret.txt"})
    void refusesKeysThatLeaveTheRootOrPassThroughALink(String key) {
        assertThatThrownBy(() -> store.delete(key)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> managed.quarantine(key, "run1")).isInstanceOf(IOException.class);
        assertThat(outside.resolve("secret.txt")).hasContent("do not touch");
    }

    @Test
    void refusesToActOnASymbolicLinkItself() {
        assertThatThrownBy(() -> store.delete("linked-file.txt")).isInstanceOf(UnsafeKeyException.class);
        assertThatThrownBy(() -> managed.quarantine("linked-dir", "run1")).isInstanceOf(UnsafeKeyException.class);
        assertThat(root.resolve("linked-file.txt")).isSymbolicLink();
        assertThat(outside.resolve("secret.txt")).hasContent("do not touch");
    }

    @Test
    void quarantineKeepsTheRelativePathAndRestoreRefusesToOverwrite() throws IOException {
        managed.quarantine("photos/2024/a.jpg", "run1");
        assertThat(root.resolve("photos/2024/a.jpg")).doesNotExist();
        assertThat(root.resolve(".mediagc/quarantine/run1/photos/2024/a.jpg")).hasContent("a");
        assertThat(managed.isQuarantined("photos/2024/a.jpg", "run1")).isTrue();

        Files.writeString(root.resolve("photos/2024/a.jpg"), "a new upload");
        assertThatThrownBy(() -> managed.restore("photos/2024/a.jpg", "run1")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(root.resolve("photos/2024/a.jpg")).hasContent("a new upload");
    }

    @Test
    void removesOnlyEmptyFoldersAndNeverTheRoot() throws IOException {
        Files.createDirectories(root.resolve("empty/deeper"));
        Files.delete(root.resolve("top.png"));
        int removed = store.removeEmptyFolders(List.of("empty/deeper", "photos/2024"));
        assertThat(removed).isEqualTo(2);
        assertThat(root.resolve("empty")).doesNotExist();
        assertThat(root.resolve("photos/2024/a.jpg")).exists();
        assertThat(root).isDirectory();

        Path lonely = Files.createDirectories(temp.resolve("lonely"));
        LocalStore empty = LocalStore.at(lonely);
        Files.createDirectories(lonely.resolve("only"));
        empty.removeEmptyFolders(List.of("only"));
        assertThat(lonely).isDirectory();
    }

    @Test
    void aStateFolderThatIsALinkOutOfTheRootIsRefused() throws IOException {
        Path other = Files.createDirectories(temp.resolve("other-media"));
        Files.createSymbolicLink(other.resolve(".mediagc"), outside);
        assertThatThrownBy(() -> LocalStore.at(other))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
        assertThat(outside).isDirectoryNotContaining("glob:**/lock.json");
    }

    @Test
    void aMissingRootIsAClearError() {
        assertThatThrownBy(() -> LocalStore.at(temp.resolve("nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }

    @Test
    void quarantineRefusesToReplaceAnEntryAlreadyInQuarantine() throws IOException {
        Files.createDirectories(root.resolve(".mediagc/quarantine/run1/photos/2024"));
        Files.writeString(root.resolve(".mediagc/quarantine/run1/photos/2024/a.jpg"), "quarantined earlier");
        assertThatThrownBy(() -> managed.quarantine("photos/2024/a.jpg", "run1")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(root.resolve(".mediagc/quarantine/run1/photos/2024/a.jpg")).hasContent("quarantined earlier");
        assertThat(root.resolve("photos/2024/a.jpg")).hasContent("a");
    }

    @Test
    void restoreRemakesMissingFoldersAndLeavesNoPlaceholderBehindWhenItRefuses() throws IOException {
        managed.quarantine("photos/2024/a.jpg", "run1");
        Files.delete(root.resolve("photos/2024"));
        Files.delete(root.resolve("photos"));
        managed.restore("photos/2024/a.jpg", "run1");
        assertThat(root.resolve("photos/2024/a.jpg")).hasContent("a");

        managed.quarantine("top.png", "run2");
        Files.writeString(root.resolve("top.png"), "new upload");
        assertThatThrownBy(() -> managed.restore("top.png", "run2")).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(root.resolve("top.png")).hasContent("new upload");
        assertThat(root.resolve(".mediagc/quarantine/run2/top.png")).hasContent("top");
    }

    @Test
    void quarantineOnAnotherFileSystemCopiesSyncsThenRemovesAndRestoresByteForByte() throws IOException {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm)
                && !Files.getFileStore(shm).equals(Files.getFileStore(temp)), "needs a second file system at /dev/shm");
        Path quarantine = Files.createTempDirectory(shm, "mediagc-quarantine-");
        try {
            java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(1_600_000_000_000L);
            Files.setLastModifiedTime(root.resolve("photos/2024/a.jpg"), old);
            LocalStore elsewhere = LocalStore.at(root, quarantine);

            ManagedStore.of(elsewhere).quarantine("photos/2024/a.jpg", "run1");
            assertThat(root.resolve("photos/2024/a.jpg")).doesNotExist();
            assertThat(quarantine.resolve("run1/photos/2024/a.jpg")).hasContent("a");
            assertThat(Files.getLastModifiedTime(quarantine.resolve("run1/photos/2024/a.jpg"))).isEqualTo(old);
            assertThat(ManagedStore.of(elsewhere).quarantineRuns()).containsExactly("run1");

            ManagedStore.of(elsewhere).restore("photos/2024/a.jpg", "run1");
            assertThat(root.resolve("photos/2024/a.jpg")).hasContent("a");
            assertThat(quarantine.resolve("run1/photos/2024/a.jpg")).doesNotExist();
            ManagedStore.of(elsewhere).purgeQuarantine("run1");
            assertThat(ManagedStore.of(elsewhere).quarantineRuns()).isEmpty();
        } finally {
            try (java.util.stream.Stream<Path> all = Files.walk(quarantine)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
