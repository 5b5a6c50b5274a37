package dev.mediagc.internal.quarantine;

import dev.mediagc.internal.key.KeyHash;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.store.StateFolder;
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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * What a run's journal says it moved out of place and kept out (quarantined, or deleted from
 * quarantine afterwards), worked out in temporary files so a journal of millions of actions never
 * sits on the heap: a past run's page lists it. An object is listed when the journal holds its
 * quarantine intent and a done outcome, and no later restore put it back; one whose move failed,
 * was kept at the last moment (changed since verification) or was put back (re-referenced at the
 * second mark, or restored afterwards) is not. Listed in the journal's order of intents, with the
 * size and time the intent recorded.
 *
 * <p>How: one pass over the journal (one part in memory at a time) spools the entries that matter;
 * they are then split by key into buckets of about {@link #PER_BUCKET} entries, so each key's
 * entries meet in one bucket small enough to settle in memory; the buckets' settled lists, each in
 * journal order, are merged into one file read back as often as the page needs.
 */
public final class KeptOutSpool implements OrphanSource, Closeable {

    /** Entries settled in memory at once: about 5 MB of keys and their fates. */
    static final int PER_BUCKET = 20_000;
    /** At most this many bucket files are open at once; beyond, buckets grow past {@link #PER_BUCKET}. */
    static final int MAX_BUCKETS = 256;

    private static final byte INTENT = 'I';
    private static final byte MOVED = 'M';
    private static final byte PUT_BACK = 'P';
    private static final int BUFFER = 1 << 13;

    private final Path folder;
    private final Path list;
    private final long count;

    private KeptOutSpool(Path folder, Path list, long count) {
        this.folder = folder;
        this.list = list;
        this.count = count;
    }

    /** Works out what run {@code runId}'s journal kept out; the caller closes it to delete its files. */
    public static KeptOutSpool of(StateFolder state, String runId) throws IOException {
        return of(state, runId, PER_BUCKET);
    }

    /** As {@link #of(StateFolder, String)}, settling about {@code perBucket} entries at once. */
    static KeptOutSpool of(StateFolder state, String runId, int perBucket) throws IOException {
        Path folder = Files.createTempDirectory("mediagc-kept-out-");
        try {
            Path entries = folder.resolve("entries");
            long spooled = spoolEntries(state, runId, entries);
            int buckets = (int) Math.max(1, Math.min(MAX_BUCKETS, (spooled + perBucket - 1) / perBucket));
            List<Path> bucketFiles = split(entries, buckets, folder);
            Files.delete(entries);
            List<Path> settled = new ArrayList<>(buckets);
            for (Path bucket : bucketFiles) {
                settled.add(settle(bucket));
                Files.delete(bucket);
            }
            Path list = folder.resolve("kept-out");
            long count = merge(settled, list);
            for (Path file : settled) {
                Files.delete(file);
            }
            return new KeptOutSpool(folder, list, count);
        } catch (Throwable failure) {
            // Whatever stopped it (an out-of-memory error in a bucket included), leave no temporary files.
            try {
                deleteFolder(folder);
            } catch (IOException | RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /** How many objects are listed. */
    public long count() {
        return count;
    }

    /** Every object listed, in the journal's order. */
    @Override
    public void forEach(OrphanConsumer each) throws IOException {
        try (DataInputStream in = reader(list)) {
            for (Entry entry = Entry.read(in); entry != null; entry = Entry.read(in)) {
                each.accept(entry.object());
            }
        }
    }

    @Override
    public void close() throws IOException {
        deleteFolder(folder);
    }

    /** Spools the quarantine intents and outcomes and the restores, each with its place in the journal. */
    private static long spoolEntries(StateFolder state, String runId, Path file) throws IOException {
        long[] position = new long[2]; // the entry's place in the journal; how many were spooled
        try (DataOutputStream out = writer(file)) {
            Journal.forEach(state, runId, entry -> {
                long seq = position[0]++;
                byte kind = kindOf(entry);
                if (kind != 0) {
                    new Entry(seq, kind, entry.key(), entry.size() == null ? 0 : entry.size(), entry.modified()).write(out);
                    position[1]++;
                }
            });
        }
        return position[1];
    }

    private static byte kindOf(JournalEntry entry) {
        if (entry.key() == null) {
            return 0;
        }
        if (JournalEntry.QUARANTINE.equals(entry.op())) {
            return JournalEntry.INTENT.equals(entry.phase()) ? INTENT : JournalEntry.DONE.equals(entry.phase()) ? MOVED : 0;
        }
        return JournalEntry.RESTORE.equals(entry.op()) && JournalEntry.DONE.equals(entry.phase()) ? PUT_BACK : 0;
    }

    /** Splits the spooled entries by key, keeping each bucket in journal order. */
    private static List<Path> split(Path entries, int buckets, Path folder) throws IOException {
        List<Path> files = new ArrayList<>(buckets);
        List<DataOutputStream> outs = new ArrayList<>(buckets);
        try {
            for (int i = 0; i < buckets; i++) {
                Path file = folder.resolve("bucket-" + i);
                files.add(file);
                outs.add(writer(file));
            }
            try (DataInputStream in = reader(entries)) {
                for (Entry entry = Entry.read(in); entry != null; entry = Entry.read(in)) {
                    entry.write(outs.get(bucketOf(entry.key(), buckets)));
                }
            }
        } finally {
            closeEach(outs);
        }
        return files;
    }

    /** Closes every stream, even after one fails to close; the first failure is thrown. */
    private static void closeEach(List<? extends Closeable> streams) throws IOException {
        IOException first = null;
        for (Closeable stream : streams) {
            try {
                stream.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The bucket of {@code key}, by a well-mixed hash: {@code String.hashCode} modulo a power of two
     * puts nearly twice their share of keys that differ only in their digits ({@code IMG_00000001.jpg},
     * ...) into some buckets, which must each be settled in little memory.
     */
    static int bucketOf(String key, int buckets) {
        return (int) Math.floorMod(KeyHash.of(key), (long) buckets);
    }

    /** Settles one bucket's keys in memory: what was moved and not put back, in journal order. */
    private static Path settle(Path bucket) throws IOException {
        Map<String, Fate> fates = new HashMap<>();
        try (DataInputStream in = reader(bucket)) {
            for (Entry entry = Entry.read(in); entry != null; entry = Entry.read(in)) {
                Fate fate = fates.computeIfAbsent(entry.key(), key -> new Fate());
                switch (entry.kind()) {
                    case INTENT -> {
                        if (fate.intent == null) {
                            fate.intent = entry;
                        }
                    }
                    case MOVED -> fate.moved = true;
                    default -> fate.putBack = true;
                }
            }
        }
        List<Entry> keptOut = new ArrayList<>();
        for (Fate fate : fates.values()) {
            if (fate.intent != null && fate.moved && !fate.putBack) {
                keptOut.add(fate.intent);
            }
        }
        fates.clear();
        keptOut.sort(Comparator.comparingLong(Entry::seq));
        Path settled = bucket.resolveSibling(bucket.getFileName() + "-settled");
        try (DataOutputStream out = writer(settled)) {
            for (Entry entry : keptOut) {
                entry.write(out);
            }
        }
        return settled;
    }

    /** Merges the settled buckets, each in journal order, into one list in journal order. */
    private static long merge(List<Path> settled, Path list) throws IOException {
        List<DataInputStream> ins = new ArrayList<>(settled.size());
        long count = 0;
        try (DataOutputStream out = writer(list)) {
            PriorityQueue<Head> heads = new PriorityQueue<>(Comparator.comparingLong(head -> head.entry.seq()));
            for (Path file : settled) {
                DataInputStream in = reader(file);
                ins.add(in);
                Entry first = Entry.read(in);
                if (first != null) {
                    heads.add(new Head(first, in));
                }
            }
            while (!heads.isEmpty()) {
                Head head = heads.poll();
                head.entry.write(out);
                count++;
                Entry next = Entry.read(head.in);
                if (next != null) {
                    heads.add(new Head(next, head.in));
                }
            }
        } finally {
            closeEach(ins);
        }
        return count;
    }

    private static DataOutputStream writer(Path file) throws IOException {
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER));
    }

    private static DataInputStream reader(Path file) throws IOException {
        return new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER));
    }

    private static void deleteFolder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(folder);
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in, int length) throws IOException {
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** One spooled journal entry: its place in the journal, what it says, and the intent's size and time. */
    private record Entry(long seq, byte kind, String key, long size, String modified) {

        void write(DataOutputStream out) throws IOException {
            out.writeLong(seq);
            out.writeByte(kind);
            writeText(out, key);
            out.writeLong(size);
            writeText(out, modified);
        }

        /** The next entry, or null at the end. */
        static Entry read(DataInputStream in) throws IOException {
            long seq;
            try {
                seq = in.readLong();
            } catch (EOFException end) {
                return null;
            }
            byte kind = in.readByte();
            String key = readText(in, in.readInt());
            long size = in.readLong();
            return new Entry(seq, kind, key, size, readText(in, in.readInt()));
        }

        /** The object as the intent recorded it. */
        StoredObject object() {
            return new StoredObject(key, size, instant(modified), null);
        }

        private static Instant instant(String text) {
            try {
                return text == null ? null : Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** What the journal says of one key so far. */
    private static final class Fate {
        Entry intent;
        boolean moved;
        boolean putBack;
    }

    /** A settled bucket's next entry in the merge. */
    private record Head(Entry entry, DataInputStream in) {
    }
}
