package dev.mediagc.internal.mark;

/**
 * Every referenced key, held as a 64-bit hash in an open-addressing table of primitive longs
 * (8 bytes a key plus load factor), with two extra bits per slot: whether the store holds an
 * object for that key (what turns leftover marks into dangling references), and whether some
 * value was marked under it strictly (its normal form) rather than only through a lenient
 * spelling (what the report counts as referenced leniently).
 *
 * <p>A primitive set library has no room for that bit, hence this small table. Not thread-safe:
 * the marker feeds it in batches under its own lock.
 */
public final class MarkSet {

    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.6;

    private long[] slots;
    private long[] seen;
    /** Set for entries marked only through lenient spellings: rare, so strict adds never touch it. */
    private long[] lenientOnly;
    private int size;
    /** Entries marked only through lenient spellings. */
    private int lenientOnlySize;
    private int mask;
    private int resizeAt;
    /** Counts additions, so a {@link Probe} made before one knows it is out of date. */
    private long additions;

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
        lenientOnly = new long[seen.length];
        mask = capacity - 1;
        resizeAt = (int) (capacity * MAX_LOAD);
    }

    private static long nonEmpty(long hash) {
        return hash == EMPTY ? 1L : hash;
    }

    /** How a listed key's hash matched. */
    public enum Match {
        /** Not marked: no reference names it. */
        ABSENT,
        /** Marked by some value's normal form. */
        STRICT,
        /** Marked only through lenient spellings of values (a prefix spelt otherwise, a query, ...). */
        LENIENT
    }

    /** Adds the hash of a value's normal form; returns true when it was not there before. */
    public boolean add(long hash) {
        return add(hash, true);
    }

    /**
     * Adds a hash, {@code strict} when it is a value's normal form and false for a lenient
     * spelling; returns true when it was not there before. A strict add wins over lenient ones.
     */
    public boolean add(long hash, boolean strictly) {
        long h = nonEmpty(hash);
        int i = (int) h & mask;
        while (true) {
            long slot = slots[i];
            if (slot == EMPTY) {
                slots[i] = h;
                additions++;
                if (!strictly) {
                    lenientOnly[i >>> 6] |= 1L << i;
                    lenientOnlySize++;
                }
                if (++size >= resizeAt) {
                    grow();
                }
                return true;
            }
            if (slot == h) {
                if (strictly && (lenientOnly[i >>> 6] & (1L << i)) != 0) {
                    lenientOnly[i >>> 6] &= ~(1L << i);
                    lenientOnlySize--;
                }
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
        return recordSeen(hash) != Match.ABSENT;
    }

    /** How the hash is marked, if at all; if it is, remembers that the store holds it. One probe. */
    public Match recordSeen(long hash) {
        int i = indexOf(nonEmpty(hash));
        if (i < 0) {
            return Match.ABSENT;
        }
        seen[i >>> 6] |= 1L << i;
        return (lenientOnly[i >>> 6] & (1L << i)) == 0 ? Match.STRICT : Match.LENIENT;
    }

    /** Whether the hash is marked and the store was seen to hold an object for it. */
    public boolean wasSeen(long hash) {
        int i = indexOf(nonEmpty(hash));
        return i >= 0 && (seen[i >>> 6] & (1L << i)) != 0;
    }

    /**
     * Normal forms for which the store held no object: the dangling references. Lenient spellings
     * left unseen are not references of their own; a value matched only through one still counts
     * here, as the application, reading its own spelling, may not find the file either.
     */
    public long unseenCount() {
        long strictSeen = 0;
        for (int w = 0; w < seen.length; w++) {
            strictSeen += Long.bitCount(seen[w] & ~lenientOnly[w]);
        }
        return size() - strictSeen;
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
        long[] oldLenientOnly = lenientOnly;
        allocate(old.length << 1);
        size = 0;
        lenientOnlySize = 0;
        for (int i = 0; i < old.length; i++) {
            if (old[i] != EMPTY) {
                add(old[i], (oldLenientOnly[i >>> 6] & (1L << i)) == 0);
                if ((oldSeen[i >>> 6] & (1L << i)) != 0) {
                    markSeen(old[i]);
                }
            }
        }
    }

    /**
     * A view of the set for many look-ups that mostly miss, as the derived-files guard makes (a few
     * dozen possible owners per orphan candidate, nearly all unmarked). A look-up first reads a
     * filter of two bits per hash in one 64-bit word, 8 to 16 bits per entry (1.4% to 5% false
     * positives), small enough to stay in the processor's cache where the table does not; only a
     * hash the filter holds goes to the table.
     * The filter has false positives, never false negatives, so every answer is the table's.
     * Once the set is added to, the probe asks the table alone.
     */
    public Probe probe() {
        return new Probe();
    }

    /** See {@link #probe()}. */
    public final class Probe {
        private final long[] words;
        private final int wordShift;
        private final long builtAt;

        private Probe() {
            int wordBits = Math.max(10, 64 - Long.numberOfLeadingZeros(Math.max(1, size) - 1L) - 3);
            words = new long[1 << wordBits];
            wordShift = 64 - wordBits;
            builtAt = additions;
            for (long slot : slots) {
                if (slot != EMPTY) {
                    words[word(slot)] |= bits(slot);
                }
            }
        }

        private int word(long h) {
            return (int) (h >>> wordShift);
        }

        /**
         * Two bit positions from hash bits 26 to 37, which the table's index (low bits) and the
         * word's index (high bits) reach only for sets of tens of millions of entries; even then
         * the mixed hash keeps the rate of false positives, and correctness never depends on it.
         */
        private static long bits(long h) {
            return (1L << (h >>> 26)) | (1L << (h >>> 32));
        }

        /** Exactly {@link MarkSet#contains}. */
        public boolean contains(long hash) {
            if (builtAt != additions) {
                return MarkSet.this.contains(hash);
            }
            long h = nonEmpty(hash);
            long want = bits(h);
            return (words[word(h)] & want) == want && indexOf(h) >= 0;
        }
    }

    /** Distinct references: normal forms marked. */
    public int size() {
        return size - lenientOnlySize;
    }

    /** Hashes held, lenient spellings included. */
    public int entries() {
        return size;
    }

    /** Bytes held by the table, for the report. */
    public long footprintBytes() {
        return (long) slots.length * Long.BYTES + 2L * seen.length * Long.BYTES;
    }
}
