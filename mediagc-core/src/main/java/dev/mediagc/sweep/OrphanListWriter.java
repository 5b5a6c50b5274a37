package dev.mediagc.sweep;

import dev.mediagc.store.StoredObject;
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
 * Writes every candidate's raw key, one per line, sorted by code unit, with memory bounded by a
 * chunk size rather than by the number of orphans: chunks are sorted and spilled to temporary
 * runs, then merged.
 */
final class OrphanListWriter {

    /** Keys sorted in memory at a time (about 50 MB at most). */
    static final int CHUNK = 500_000;

    private OrphanListWriter() {
    }

    /**
     * Writes the list; returns how many keys were left out because they contain a line break. Such a
     * name would read as two lines, and a script deleting "the listed files" could then hit a live
     * file named like the second half; those orphans are still acted on by the sweep itself.
     */
    static long write(CandidateSpool candidates, Path target, int chunkSize) throws IOException {
        long withLineBreaks = 0;
        Path absolute = target.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        List<Path> runs = new ArrayList<>();
        try {
            List<String> chunk = new ArrayList<>();
            try (CandidateSpool.Reader reader = candidates.reader(8192)) {
                for (List<StoredObject> batch = reader.next(); !batch.isEmpty(); batch = reader.next()) {
                    for (StoredObject o : batch) {
                        if (o.key().indexOf('\n') >= 0 || o.key().indexOf('\r') >= 0) {
                            withLineBreaks++;
                            continue;
                        }
                        chunk.add(o.key());
                        if (chunk.size() >= chunkSize) {
                            runs.add(spill(chunk));
                        }
                    }
                }
            }
            chunk.sort(null);
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                if (runs.isEmpty()) {
                    for (String key : chunk) {
                        out.write(key);
                        out.write('\n');
                    }
                } else {
                    runs.add(spill(chunk));
                    merge(runs, out);
                }
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            return withLineBreaks;
        } finally {
            for (Path run : runs) {
                Files.deleteIfExists(run);
            }
            Files.deleteIfExists(temp);
        }
    }

    /** Sorts the chunk into a temporary run file and empties it. */
    private static Path spill(List<String> chunk) throws IOException {
        chunk.sort(null);
        Path run = Files.createTempFile("mediagc-orphans-", ".run");
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

    private static void merge(List<Path> runs, BufferedWriter out) throws IOException {
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
                out.write(smallest.head());
                out.write('\n');
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
