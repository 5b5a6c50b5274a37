package dev.mediagc.internal.sweep;

import dev.mediagc.spi.StoredObject;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Candidates spooled to a temporary file as the listing finds them, so a sweep with millions of
 * orphans does not hold them on the heap. Read back in batches for verification and action.
 */
final class CandidateSpool implements Closeable {

    private final Path file;
    private DataOutputStream out;

    CandidateSpool() throws IOException {
        this.file = Files.createTempFile("mediagc-candidates-", ".bin");
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    synchronized void add(StoredObject object) throws IOException {
        byte[] key = object.key().getBytes(StandardCharsets.UTF_8);
        out.writeInt(key.length);
        out.write(key);
        out.writeLong(object.size());
        out.writeLong(object.lastModified().getEpochSecond());
        out.writeInt(object.lastModified().getNano());
        byte[] version = object.version() == null ? null : object.version().getBytes(StandardCharsets.UTF_8);
        out.writeInt(version == null ? -1 : version.length);
        if (version != null) {
            out.write(version);
        }
    }

    /** Ends writing; after this the spool can be read any number of times. */
    void seal() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** Reads the candidates back, {@code batchSize} at a time, in listing order. */
    Reader reader(int batchSize) throws IOException {
        seal();
        return new Reader(new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16)), batchSize);
    }

    static final class Reader implements Closeable {
        private final DataInputStream in;
        private final int batchSize;

        private Reader(DataInputStream in, int batchSize) {
            this.in = in;
            this.batchSize = batchSize;
        }

        /** The next batch, empty at the end. */
        List<StoredObject> next() throws IOException {
            List<StoredObject> batch = new ArrayList<>(batchSize);
            while (batch.size() < batchSize) {
                int keyLength;
                try {
                    keyLength = in.readInt();
                } catch (EOFException end) {
                    break;
                }
                String key = new String(in.readNBytes(keyLength), StandardCharsets.UTF_8);
                long size = in.readLong();
                Instant time = Instant.ofEpochSecond(in.readLong(), in.readInt());
                int versionLength = in.readInt();
                String version = versionLength < 0 ? null : new String(in.readNBytes(versionLength), StandardCharsets.UTF_8);
                batch.add(new StoredObject(key, size, time, version));
            }
            return batch;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Override
    public void close() throws IOException {
        seal();
        Files.deleteIfExists(file);
    }
}
