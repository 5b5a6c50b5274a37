package dev.mediagc.internal.store;

import dev.mediagc.spi.StateFolder;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** {@link StateFolder} in a local folder, {@code ROOT/.mediagc/} by default. */
final class LocalStateFolder implements StateFolder {

    private final Path folder;

    LocalStateFolder(Path folder) {
        this.folder = folder;
    }

    private Path resolve(String name) throws IOException {
        return LocalStore.resolveInside(folder, name);
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(content));
            channel.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean createIfAbsent(String name, byte[] content) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(target.getParent());
        // Written whole to a private file first, then hard-linked into place: link(2) fails if the
        // name exists, so exactly one creator wins and no reader ever sees a half-written file.
        Path temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", ".new");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.createLink(target, temp);
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public List<String> list(String subfolder) throws IOException {
        Path dir = subfolder.isEmpty() ? folder : resolve(subfolder);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    @Override
    public AppendLog openLog(String name) throws IOException {
        Path log = resolve(name);
        Files.createDirectories(log.getParent());
        FileChannel channel;
        boolean created;
        try {
            channel = FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            created = true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            channel = FileChannel.open(log, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            created = false;
        }
        boolean startOnNewLine;
        try {
            if (created) {
                // The file's own syncs do not make its name durable: without this a crash could
                // lose the whole journal, and with it what restore needs.
                syncFolder(log.getParent());
            }
            // A crash mid-append leaves a torn last line without its '\n'; appending straight
            // after it would glue the first new record onto the torn one and lose both.
            startOnNewLine = !created && endsInTornLine(log);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        FileChannel file = channel;
        return new AppendLog() {
            private boolean newLinePending = startOnNewLine;

            @Override
            public void append(List<String> lines) throws IOException {
                StringBuilder sb = new StringBuilder();
                if (newLinePending) {
                    sb.append('\n');
                }
                for (String line : lines) {
                    sb.append(line).append('\n');
                }
                ByteBuffer bytes = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    file.write(bytes);
                }
                file.force(false);
                newLinePending = false;
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    /** Whether the file is non-empty and its last byte is not a line end. */
    static boolean endsInTornLine(Path file) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            if (size == 0) {
                return false;
            }
            ByteBuffer last = ByteBuffer.allocate(1);
            in.read(last, size - 1);
            return last.get(0) != '\n'; // an unread byte counts as torn: one blank line too many is harmless
        }
    }

    /** Syncs a folder, so the names in it (a newly created file) survive a crash. */
    private static void syncFolder(Path folder) throws IOException {
        FileChannel dir;
        try {
            dir = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException e) {
            return; // platforms that cannot open a folder (Windows) keep names durable by themselves
        }
        try (dir) {
            dir.force(true);
        }
    }

    @Override
    public List<String> readLog(String name) throws IOException {
        // Lenient decoding: a run killed mid-write may leave a torn last line, which the
        // journal reader skips; it must not make the whole log unreadable.
        try {
            String text = new String(Files.readAllBytes(resolve(name)), StandardCharsets.UTF_8);
            return text.lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
