package dev.mediagc.internal.sweep;

import dev.mediagc.OrphanListFormat;

import dev.mediagc.spi.StoredObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Writes every candidate's raw key, sorted by code unit, in the chosen format, with memory bounded by a
 * chunk size rather than by the number of orphans: chunks are sorted and spilled to temporary
 * runs, then merged.
 */
final class OrphanListWriter {

    /** Keys sorted in memory at a time (about 50 MB at most). */
    static final int CHUNK = 500_000;

    private OrphanListWriter() {
    }

    /**
     * Writes the list in {@code format}; returns how many keys were left out because the format
     * cannot hold them safely (see {@link OrphanListFormat#holds}). Those orphans are still acted
     * on by the sweep itself, and the nul and jsonl formats list them.
     */
    static long write(CandidateSpool candidates, Path target, OrphanListFormat format, int chunkSize) throws IOException {
        long leftOut = 0;
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        List<Path> runs = new ArrayList<>();
        try {
            List<String> chunk = new ArrayList<>();
            try (CandidateSpool.Reader reader = candidates.reader(8192)) {
                for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                    for (StoredObject o : batch) {
                        if (!format.holds(o.key())) {
                            leftOut++;
                            continue;
                        }
                        chunk.add(o.key());
                        if (chunk.size() >= chunkSize) {
                            runs.add(spill(chunk, absolute));
                        }
                    }
                }
            }
            chunk.sort(null);
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                if (runs.isEmpty()) {
                    for (String key : chunk) {
                        format.write(out, key);
                    }
                } else {
                    runs.add(spill(chunk, absolute));
                    merge(runs, out, format);
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            return leftOut;
        } finally {
            for (Path run : runs) {
                Files.deleteIfExists(run);
            }
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Sorts the chunk into a temporary run file beside the list and empties it: on the file system
     * the user chose for the list (the system's temporary folder may be a small tmpfs), and where
     * they look if a crash leaves one behind.
     */
    private static Path spill(List<String> chunk, Path list) throws IOException {
        chunk.sort(null);
        Path run = Files.createTempFile(list.getParent(), "." + list.getFileName() + "-", ".run");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(run), 1 << 16))) {
            for (String key : chunk) {
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
        chunk.clear();
        return run;
    }

    private static void merge(List<Path> runs, BufferedWriter out, OrphanListFormat format) throws IOException {
        List<RunReader> readers = new ArrayList<>();
        try {
            PriorityQueue<RunReader> heads = new PriorityQueue<>(Comparator.comparing(RunReader::head));
            for (Path run : runs) {
                RunReader reader = new RunReader(run);
                readers.add(reader);
                if (reader.advance()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                RunReader smallest = heads.poll();
                format.write(out, smallest.head());
                if (smallest.advance()) {
                    heads.add(smallest);
                }
            }
        } finally {
            for (RunReader reader : readers) {
                reader.close();
            }
        }
    }

    private static final class RunReader implements Closeable {
        private final DataInputStream in;
        private String head;

        RunReader(Path run) throws IOException {
            this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(run), 1 << 16));
        }

        String head() {
            return head;
        }

        boolean advance() throws IOException {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                head = null;
                return false;
            }
            head = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
