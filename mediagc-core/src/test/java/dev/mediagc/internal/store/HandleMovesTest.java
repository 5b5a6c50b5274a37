package dev.mediagc.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A move never replaces a file someone else put at the target name after it was claimed, and a
 * copy across file systems never removes an original that changed while it was copied.
 */
@Tag("fast")
class HandleMovesTest {

    private static final Path NAME = Path.of("a.jpg");

    @TempDir
    Path temp;
    Path quarantine;
    Path store;

    @BeforeEach
    void setUp() throws IOException {
        quarantine = Files.createDirectories(temp.resolve("quarantine"));
        store = Files.createDirectories(temp.resolve("store"));
        Files.writeString(quarantine.resolve(NAME), "old copy");
    }

    private static SecureDirectoryStream<Path> open(Path dir) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue(stream instanceof SecureDirectoryStream, "needs directory handles");
        return (SecureDirectoryStream<Path>) stream;
    }

    private static Object fileKey(SecureDirectoryStream<Path> dir, Path name) throws IOException {
        return HandleMoves.attributes(dir, name).fileKey();
    }

    /** The application puts its new file at the key: written aside, then renamed onto it. */
    private void applicationWritesTheKey() {
        try {
            Path upload = Files.writeString(store.resolve("upload.tmp"), "new upload");
            Files.move(upload, store.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theEmptyFileClaimedIsStillThePlaceholder() throws IOException {
        try (SecureDirectoryStream<Path> dir = open(store)) {
            Files.createFile(store.resolve(NAME));
            assertThat(HandleMoves.isStillPlaceholder(dir, NAME, fileKey(dir, NAME))).isTrue();
        }
    }

    @Test
    void aPlaceholderWrittenIntoReplacedRemovedOrSwappedForALinkIsNoLongerThePlaceholder() throws IOException {
        try (SecureDirectoryStream<Path> dir = open(store)) {
            Path placeholder = Files.createFile(store.resolve(NAME));
            Object claimed = fileKey(dir, NAME);

            Files.writeString(placeholder, "written into", StandardOpenOption.APPEND);
            assertThat(HandleMoves.isStillPlaceholder(dir, NAME, claimed)).as("written into").isFalse();

            // Made while the claimed file still exists, so it cannot reuse its inode number.
            Path other = Files.createFile(store.resolve("other"));
            Files.move(other, placeholder, StandardCopyOption.REPLACE_EXISTING);
            assertThat(HandleMoves.isStillPlaceholder(dir, NAME, claimed)).as("replaced by an empty file").isFalse();

            Files.delete(placeholder);
            assertThat(HandleMoves.isStillPlaceholder(dir, NAME, claimed)).as("removed").isFalse();

            Files.createSymbolicLink(placeholder, quarantine.resolve(NAME));
            assertThat(HandleMoves.isStillPlaceholder(dir, NAME, claimed)).as("a link").isFalse();
        }
    }

    @Test
    void aFileIsUnchangedOnlyWhileItIsTheSameFileWithTheSameSizeAndTime() throws IOException {
        Path file = store.resolve(NAME);
        Files.writeString(file, "abc");
        BasicFileAttributes before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertThat(HandleMoves.unchanged(before, Files.readAttributes(file, BasicFileAttributes.class))).isTrue();

        Files.setLastModifiedTime(file, FileTime.fromMillis(before.lastModifiedTime().toMillis() + 5000));
        assertThat(HandleMoves.unchanged(before, Files.readAttributes(file, BasicFileAttributes.class))).as("touched").isFalse();

        Files.setLastModifiedTime(file, before.lastModifiedTime());
        Files.writeString(file, "abcd");
        Files.setLastModifiedTime(file, before.lastModifiedTime());
        assertThat(HandleMoves.unchanged(before, Files.readAttributes(file, BasicFileAttributes.class))).as("grown").isFalse();

        Path other = Files.writeString(store.resolve("other"), "abc");
        Files.setLastModifiedTime(other, before.lastModifiedTime());
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(HandleMoves.unchanged(before, Files.readAttributes(file, BasicFileAttributes.class))).as("replaced").isFalse();
    }

    @Test
    void aRestoreLeavesAFileTheApplicationPutAtTheKeyAfterTheClaimAndKeepsTheOldCopyInQuarantine() throws IOException {
        try (SecureDirectoryStream<Path> from = open(quarantine); SecureDirectoryStream<Path> to = open(store)) {
            // The application's rename lands right after the placeholder was claimed.
            Hooked target = new Hooked(to, this::applicationWritesTheKey);

            assertThatThrownBy(() -> HandleMoves.moveWithoutReplacing(new Hooked(from, null), NAME, target, NAME, "a.jpg", "superseded"))
                    .isInstanceOf(FileAlreadyExistsException.class);

            assertThat(store.resolve(NAME)).hasContent("new upload");
            assertThat(quarantine.resolve(NAME)).hasContent("old copy");
        }
    }

    @Test
    void acrossFileSystemsAFileTheApplicationPutAtTheKeyDuringTheCopyWinsAndTheOriginalStays() throws IOException {
        try (SecureDirectoryStream<Path> from = open(quarantine); SecureDirectoryStream<Path> to = open(store)) {
            Hooked source = new Hooked(from, null).acrossFileSystems().onRead(this::applicationWritesTheKey);

            assertThatThrownBy(() -> HandleMoves.moveWithoutReplacing(source, NAME, new Hooked(to, null), NAME, "a.jpg", "superseded"))
                    .isInstanceOf(FileAlreadyExistsException.class);

            assertThat(store.resolve(NAME)).hasContent("new upload");
            assertThat(quarantine.resolve(NAME)).hasContent("old copy");
        }
    }

    @Test
    void acrossFileSystemsAnOriginalChangedDuringTheCopyStaysAndTheCopyIsRemoved() throws IOException {
        try (SecureDirectoryStream<Path> from = open(store); SecureDirectoryStream<Path> to = open(quarantine)) {
            Files.delete(quarantine.resolve(NAME));
            Files.writeString(store.resolve(NAME), "first version");
            Hooked source = new Hooked(from, null).acrossFileSystems().onRead(() -> {
                try {
                    Files.writeString(store.resolve(NAME), " and more", StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            assertThatThrownBy(() -> HandleMoves.moveWithoutReplacing(source, NAME, new Hooked(to, null), NAME, "a.jpg", "in quarantine"))
                    .isInstanceOf(IOException.class).hasMessageContaining("changed");

            assertThat(store.resolve(NAME)).hasContent("first version and more");
            assertThat(quarantine.resolve(NAME)).doesNotExist();
        }
    }

    /**
     * A folder handle that runs {@code afterClaim} once the placeholder is claimed (at the first
     * look at it), can act as if on another file system, and can run {@code onRead} when the file
     * is opened to be copied.
     */
    private static final class Hooked implements SecureDirectoryStream<Path> {
        private final SecureDirectoryStream<Path> delegate;
        private Runnable afterClaim;
        private Runnable onRead;
        private boolean acrossFileSystems;

        Hooked(SecureDirectoryStream<Path> delegate, Runnable afterClaim) {
            this.delegate = delegate;
            this.afterClaim = afterClaim;
        }

        Hooked acrossFileSystems() {
            acrossFileSystems = true;
            return this;
        }

        Hooked onRead(Runnable hook) {
            onRead = hook;
            return this;
        }

        @Override
        public SecureDirectoryStream<Path> newDirectoryStream(Path path, LinkOption... options) throws IOException {
            return delegate.newDirectoryStream(path, options);
        }

        @Override
        public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            SeekableByteChannel channel = delegate.newByteChannel(path, options, attrs);
            if (options.contains(StandardOpenOption.READ) && onRead != null) {
                onRead.run();
            }
            return channel;
        }

        @Override
        public void deleteFile(Path path) throws IOException {
            delegate.deleteFile(path);
        }

        @Override
        public void deleteDirectory(Path path) throws IOException {
            delegate.deleteDirectory(path);
        }

        @Override
        public void move(Path srcpath, SecureDirectoryStream<Path> targetdir, Path targetpath) throws IOException {
            if (acrossFileSystems) {
                throw new AtomicMoveNotSupportedException(srcpath.toString(), targetpath.toString(), "another file system");
            }
            delegate.move(srcpath, ((Hooked) targetdir).delegate, targetpath);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Class<V> type) {
            return delegate.getFileAttributeView(type);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
            if (afterClaim != null) {
                Runnable hook = afterClaim;
                afterClaim = null;
                hook.run();
            }
            return delegate.getFileAttributeView(path, type, options);
        }

        @Override
        public Iterator<Path> iterator() {
            return delegate.iterator();
        }

        @Override
        public void close() throws IOException {
            delegate.close();
        }
    }
}
