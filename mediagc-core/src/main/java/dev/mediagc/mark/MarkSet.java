package dev.mediagc.mark;

/**
 * Every referenced key, held as a 64-bit hash in an open-addressing table of primitive longs
 * (8 bytes a key plus load factor), with one extra bit per slot recording whether the store
 * holds an object for that key. The bit is what turns leftover marks into dangling references.
 *
 * <p>A primitive set library has no room for that bit, hence this small table. Not thread-safe:
 * the marker feeds it in batches under its own lock.
 */
public final class MarkSet {

    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.6;

    private long[] slots;
    private long[] seen;
    private int size;
    private int mask;
    private int resizeAt;

    public MarkSet() {
        this(1 << 16);
    }

    public MarkSet(int expectedKeys) {
        int capacity = Integer.highestOneBit(Math.max(16, (int) Math.min(1 << 30, expectedKeys / MAX_LOAD)) - 1) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        slots = new long[capacity];
        seen = new long[(capacity + 63) >>> 6];
        mask = capacity - 1;
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    private static long nonEmpty(long hash) {
        return hash == EMPTY ? 1L : hash;
    }

    /** Adds a hash; returns true when it was not there before. */
    public boolean add(long hash) {
        long h = nonEmpty(hash);
        int i = (int) h & mask;
        while (true) {
            long slot = slots[i];
            if (slot == EMPTY) {
                slots[i] = h;
                if (++size >= resizeAt) {
                    grow();
                }
                return true;
            }
            if (slot == h) {
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    public boolean contains(long hash) {
        return indexOf(nonEmpty(hash)) >= 0;
    }

    /** Whether the hash is marked; if it is, remembers that the store holds it. */
    public boolean markSeen(long hash) {
        int i = indexOf(nonEmpty(hash));
        if (i < 0) {
            return false;
        }
        seen[i >>> 6] |= 1L << i;
        return true;
    }

    /** Whether the hash is marked and the store was seen to hold an object for it. */
    public boolean wasSeen(long hash) {
        int i = indexOf(nonEmpty(hash));
        return i >= 0 && (seen[i >>> 6] & (1L << i)) != 0;
    }

    /** Marked hashes for which the store held no object: the dangling references. */
    public long unseenCount() {
        long seenCount = 0;
        for (long word : seen) {
            seenCount += Long.bitCount(word);
        }
        return size - seenCount;
    }

    private int indexOf(long h) {
        int i = (int) h & mask;
        while (true) {
            long slot = slots[i];
            if (slot == EMPTY) {
                return -1;
            }
            if (slot == h) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private void grow() {
        long[] old = slots;
        long[] oldSeen = seen;
        allocate(old.length << 1);
        size = 0;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != EMPTY) {
                add(old[i]);
                if ((oldSeen[i >>> 6] & (1L << i)) != 0) {
                    markSeen(old[i]);
                }
            }
        }
    }

    public int size() {
        return size;
    }

    /** Bytes held by the table, for the report. */
    public long footprintBytes() {
        return (long) slots.length * Long.BYTES + (long) seen.length * Long.BYTES;
    }
}
