package dev.mediagc.internal.store;

import dev.mediagc.spi.UnsafeKeyException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The folders on a key's way, opened one at a time from a trusted base as directory handles
 * ({@link SecureDirectoryStream}: {@code openat} with {@code O_NOFOLLOW} on Linux). Each folder is
 * opened relative to the handle of its parent, so a folder swapped for a symbolic link, at any
 * moment, makes the open fail instead of leading outside; whatever is then done relative to the
 * last handle happens in the folder that was really there. Handles stay open until {@link #close}.
 *
 * <p>Directory handles cannot make folders. A missing folder is made by path and then opened
 * relative to its parent's handle, never following a link: if a link was swapped into the path in
 * that instant, {@code mkdir} may make one empty folder where the link pointed, but the open
 * relative to the handle does not find it there and the action fails. So the window can at most
 * leave an empty folder outside; nothing is ever moved, deleted or overwritten outside.
 */
final class FolderChain implements Closeable {

    private final List<SecureDirectoryStream<Path>> handles = new ArrayList<>();

    private FolderChain() {
    }

    /**
     * Opens {@code base} (trusted: the user named it), then each of {@code segments} below it.
     * With {@code create}, missing folders are made. Fails with {@link NoSuchFileException} when a
     * folder is missing and with {@link UnsafeKeyException} when one is not a real folder.
     */
    static FolderChain open(Path base, List<String> segments, boolean create, String key) throws IOException {
        FolderChain chain = new FolderChain();
        try {
            chain.handles.add(openBase(base));
            Path expected = base;
            for (String segment : segments) {
                expected = expected.resolve(segment);
                chain.handles.add(openChild(chain.last(), segment, create ? expected : null, key));
            }
            return chain;
        } catch (IOException | RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /** The handle of the deepest folder opened. */
    SecureDirectoryStream<Path> last() {
        return handles.get(handles.size() - 1);
    }

    /** The handle of the folder {@code depth} segments below the base (0: the base itself). */
    SecureDirectoryStream<Path> at(int depth) {
        return handles.get(depth);
    }

    /** Whether actions through handles are possible here; listings work either way. */
    static void requireSupported(Path base) throws IOException {
        openBase(base).close();
    }

    private static SecureDirectoryStream<Path> openBase(Path base) throws IOException {
        DirectoryStream<Path> stream = Files.newDirectoryStream(base);
        if (stream instanceof SecureDirectoryStream<Path> secure) {
            return secure;
        }
        stream.close();
        throw new ActionsUnsupportedException(base);
    }

    private static SecureDirectoryStream<Path> openChild(SecureDirectoryStream<Path> parent, String segment,
                                                         Path createAt, String key) throws IOException {
        Path name = Path.of(segment);
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            if (createAt == null) {
                throw e;
            }
        } catch (java.nio.file.AccessDeniedException e) {
            throw e;
        } catch (FileSystemException e) {
            throw notAFolder(key, segment, e);
        }
        try {
            Files.createDirectory(createAt);
        } catch (FileAlreadyExistsException e) {
            // Made by someone else meanwhile, or a link swapped in: the open below tells which.
        }
        try {
            return parent.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.AccessDeniedException e) {
            throw e;
        } catch (NoSuchFileException e) {
            throw new UnsafeKeyException(key, "the folder " + segment + " just made is not where it should be "
                    + "(a folder on the way was swapped for a link?)");
        } catch (FileSystemException e) {
            throw notAFolder(key, segment, e);
        }
    }

    private static UnsafeKeyException notAFolder(String key, String segment, FileSystemException e) {
        return new UnsafeKeyException(key, "'" + segment + "' on its way is not a real folder (a symbolic link?): "
                + e.getReason());
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (int i = handles.size() - 1; i >= 0; i--) {
            try {
                handles.get(i).close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        handles.clear();
        if (first != null) {
            throw first;
        }
    }

    /** This platform gives no directory handles, so mediagc will not act on this store. */
    static final class ActionsUnsupportedException extends IOException {
        ActionsUnsupportedException(Path base) {
            super("the file system of " + base + " offers no secure directory handles (SecureDirectoryStream); "
                    + "mediagc acts on local files only through them, so a folder swapped for a link cannot lead it "
                    + "outside the store. A dry run works here; to act, run on Linux");
        }
    }
}
