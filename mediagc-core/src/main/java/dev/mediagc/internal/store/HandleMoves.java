package dev.mediagc.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** File moves and removals relative to directory handles, none of which follows a link. */
final class HandleMoves {

    private static final int COPY_BUFFER = 1 << 20;

    private HandleMoves() {
    }

    /**
     * Moves {@code name} from folder {@code from} to the same name in folder {@code to}, never
     * replacing anything there. A rename ({@code renameat}) replaces its target, so the target name
     * is first claimed with an exclusive create (fails if anything, even a link, is there) and the
     * file is then renamed over that empty placeholder: the file is in exactly one place at every
     * instant. Across file systems the content is copied into the placeholder, synced, and only
     * then the original removed, so a crash leaves two copies, never none.
     *
     * <p>Someone else (the application) may put a file at the target name after it was claimed. So
     * right before the rename the entry there is checked to still be the placeholder; if it is not,
     * nothing is moved and {@link FileAlreadyExistsException} says a new file stands there. The
     * window that remains is between that check and the rename (a few microseconds): a file renamed
     * onto the name just then, or a write into the placeholder itself by someone who opened it
     * before the check and writes after it, is replaced by the moved file. No handle-relative
     * "rename unless it is still this file" exists to close it.
     */
    static void moveWithoutReplacing(SecureDirectoryStream<Path> from, Path name, SecureDirectoryStream<Path> to,
                                     Path toName, String key, String whenTaken) throws IOException {
        moveWithoutReplacing(from, name, to, toName, key, whenTaken, SourceCheck.NONE);
    }

    /** As above, with {@code check} made on the source right before it is renamed (or copied). */
    static void moveWithoutReplacing(SecureDirectoryStream<Path> from, Path name, SecureDirectoryStream<Path> to,
                                     Path toName, String key, String whenTaken, SourceCheck check) throws IOException {
        moveWithoutReplacing(from, name, to, toName, key, whenTaken, true, check);
    }

    /**
     * A last look at the source, through its folder's handle, made right before the rename (and,
     * across file systems, before the copy): throws to leave the file where it is.
     */
    @FunctionalInterface
    interface SourceCheck {
        /** No check: move whatever is there. */
        SourceCheck NONE = (folder, name) -> { };

        void check(SecureDirectoryStream<Path> folder, Path name) throws IOException;
    }

    /**
     * As {@link #moveWithoutReplacing(SecureDirectoryStream, Path, SecureDirectoryStream, String, String)}
     * into a folder only mediagc writes (a run's own quarantine folder): on one file system a plain
     * rename after checking the name is free, with no placeholder, so a process killed mid-move
     * leaves the file in exactly one place and nothing else behind. Across file systems the
     * placeholder is still needed to copy into.
     */
    static void moveIntoOwnFolder(SecureDirectoryStream<Path> from, Path name, SecureDirectoryStream<Path> to,
                                  Path toName, String key, String whenTaken, SourceCheck check) throws IOException {
        moveWithoutReplacing(from, name, to, toName, key, whenTaken, false, check);
    }

    private static void moveWithoutReplacing(SecureDirectoryStream<Path> from, Path name, SecureDirectoryStream<Path> to,
                                             Path toName, String key, String whenTaken, boolean othersWriteThere,
                                             SourceCheck check)
            throws IOException {
        if (!othersWriteThere) {
            if (exists(to, toName)) {
                throw new FileAlreadyExistsException(key, null, whenTaken);
            }
            try {
                check.check(from, name);
                from.move(name, to, toName);
                return;
            } catch (AtomicMoveNotSupportedException e) {
                // another file system: copy through a claimed placeholder, below
            }
        }
        SeekableByteChannel placeholder;
        try {
            placeholder = to.newByteChannel(toName,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        } catch (FileAlreadyExistsException e) {
            throw new FileAlreadyExistsException(key, null, whenTaken);
        }
        // Kept open: a copy across file systems is written through it, into the very file claimed,
        // never into whatever stands at the name by then.
        try (placeholder) {
            Object placeholderKey = attributes(to, toName).fileKey();
            try {
                if (!isStillPlaceholder(to, toName, placeholderKey)) {
                    throw new FileAlreadyExistsException(key, null, whenTaken);
                }
                try {
                    check.check(from, name);
                    from.move(name, to, toName);
                } catch (AtomicMoveNotSupportedException e) {
                    copyAcross(from, name, to, toName, placeholder, placeholderKey, key, whenTaken, check);
                }
            } catch (IOException | RuntimeException e) {
                removePlaceholder(to, toName, placeholderKey);
                throw e;
            }
        }
    }

    /**
     * Copies into the claimed placeholder, syncs, then removes the original, unless either end
     * changed meanwhile. What remains: the original rewritten or replaced between the last look
     * at it and its removal (microseconds after a copy that may have taken long) is removed too.
     */
    private static void copyAcross(SecureDirectoryStream<Path> from, Path name, SecureDirectoryStream<Path> to, Path toName,
                                   SeekableByteChannel out, Object placeholderKey, String key, String whenTaken,
                                   SourceCheck check)
            throws IOException {
        check.check(from, name);
        BasicFileAttributes source = attributes(from, name);
        try (SeekableByteChannel in = from.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
            while (in.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                buffer.clear();
            }
            if (out instanceof FileChannel file) {
                file.force(true);
            }
        }
        // A file put at the target name meanwhile wins: the original stays where it is.
        BasicFileAttributes copy = attributes(to, toName);
        if (!copy.isRegularFile() || !Objects.equals(copy.fileKey(), placeholderKey)) {
            throw new FileAlreadyExistsException(key, null, whenTaken);
        }
        to.getFileAttributeView(toName, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(source.lastModifiedTime(), null, null);
        // The original is removed only if it is still the file that was copied, unchanged.
        if (!unchanged(source, attributes(from, name))) {
            removeIfOurs(to, toName, placeholderKey);
            throw new IOException("the file changed while it was copied across file systems; kept in place");
        }
        from.deleteFile(name);
    }

    /**
     * Whether {@code name} in {@code folder} is still the empty placeholder claimed as
     * {@code placeholderKey}: the same file (no link, nothing renamed onto the name) and still
     * empty (nothing written into it).
     */
    static boolean isStillPlaceholder(SecureDirectoryStream<Path> folder, Path name, Object placeholderKey)
            throws IOException {
        BasicFileAttributes now;
        try {
            now = attributes(folder, name);
        } catch (NoSuchFileException e) {
            return false;
        }
        return now.isRegularFile() && now.size() == 0 && placeholderKey != null
                && placeholderKey.equals(now.fileKey());
    }

    /** Whether {@code now} is the same file as {@code before}, with the same size and modification time. */
    static boolean unchanged(BasicFileAttributes before, BasicFileAttributes now) {
        return now.isRegularFile() && Objects.equals(before.fileKey(), now.fileKey())
                && before.size() == now.size() && before.lastModifiedTime().equals(now.lastModifiedTime());
    }

    /** Removes the placeholder only while it is still ours and empty: someone else's file there is kept. */
    private static void removePlaceholder(SecureDirectoryStream<Path> folder, Path name, Object placeholderKey) {
        try {
            if (isStillPlaceholder(folder, name, placeholderKey)) {
                folder.deleteFile(name);
            }
        } catch (IOException e) {
            // an empty placeholder left behind is harmless
        }
    }

    /** Removes our own copy (the placeholder's file, now filled) while it is still at the name. */
    private static void removeIfOurs(SecureDirectoryStream<Path> folder, Path name, Object placeholderKey) {
        try {
            if (placeholderKey != null && placeholderKey.equals(attributes(folder, name).fileKey())) {
                folder.deleteFile(name);
            }
        } catch (IOException e) {
            // a second copy left behind loses nothing
        }
    }

    /**
     * Removes {@code name} in {@code folder} and, if it is a folder, everything in it, each entry
     * relative to its own folder's handle. A link is removed, never followed; a folder swapped for
     * a link between the look and the open fails to open and stops the removal.
     */
    static void removeTree(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = attributes(folder, name);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!attrs.isDirectory()) {
            folder.deleteFile(name);
            return;
        }
        try (SecureDirectoryStream<Path> inner = folder.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS)) {
            for (Path entry : names(inner)) {
                removeTree(inner, entry);
            }
        }
        folder.deleteDirectory(name);
    }

    /** The names in a folder, read once before anything in it is changed. */
    static List<Path> names(SecureDirectoryStream<Path> folder) {
        List<Path> names = new ArrayList<>();
        for (Path entry : folder) {
            names.add(entry.getFileName());
        }
        return names;
    }

    private static boolean exists(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        try {
            attributes(folder, name);
            return true;
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        }
    }

    static BasicFileAttributes attributes(SecureDirectoryStream<Path> folder, Path name) throws IOException {
        return folder.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .readAttributes();
    }
}
