package dev.mediagc.internal.mark;

/**
 * Every referenced key, held as a 64-bit hash in an open-addressing table of primitive longs
 * (8 bytes a key plus load factor, 9 with the byte below), with two extra bits per slot: whether the store holds an
 * object for that key (what turns leftover marks into dangling references), and whether some
 * value was marked under it strictly (its normal form) rather than only through a lenient
 * spelling (what the report counts as referenced leniently). One byte more per slot says which
 * reference source named it (see {@link #markedBy}), so dangling references can be told by source
 * without a second pass over the database.
 *
 * <p>A primitive set library has no room for that bit, hence this small table. Not thread-safe:
 * the marker feeds it in batches under its own lock.
 */
public final class MarkSet {

    private static final long EMPTY = 0L;
    private static final double MAX_LOAD = 0.6;

    /** The highest source index a slot can name; sources past it share {@link #LATER_SOURCES}. */
    public static final int LAST_NAMED_SOURCE = 253;
    /** {@link #markedBy} of an entry that more than one source named strictly. */
    public static final int SEVERAL_SOURCES = 254;
    /**
     * {@link #markedBy} of an entry named only by sources past {@link #LAST_NAMED_SOURCE}: one of
     * them or several, which is not kept (a byte cannot tell 255 sources and more apart).
     */
    public static final int LATER_SOURCES = 255;

    private long[] slots;
    private long[] seen;
    /** Set for entries marked only through lenient spellings: rare, so strict adds never touch it. */
    private long[] lenientOnly;
    /**
     * Per slot, which source named the entry strictly: its index, {@link #SEVERAL_SOURCES} or
     * {@link #LATER_SOURCES}. Meaningless while the entry is lenient-only; the first strict add
     * sets it.
     */
    private byte[] markers;
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
        markers = new byte[capacity];
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

    /** Adds the hash of a value's normal form, named by source 0; returns true when it was not there before. */
    public boolean add(long hash) {
        return add(hash, true);
    }

    /** As {@link #add(long, boolean, int)} for source 0. */
    public boolean add(long hash, boolean strictly) {
        return add(hash, strictly, 0);
    }

    /**
     * Adds a hash, {@code strict} when it is a value's normal form and false for a lenient
     * spelling, named by the source at {@code sourceIndex} (0 and up, in the order sources are
     * configured); returns true when it was not there before. A strict add wins over lenient ones.
     * Only strict adds say who named an entry: a lenient spelling is not a reference of its own.
     */
    public boolean add(long hash, boolean strictly, int sourceIndex) {
        long h = nonEmpty(hash);
        byte marker = markerOf(sourceIndex);
        int i = (int) h & mask;
        while (true) {
            long slot = slots[i];
            if (slot == EMPTY) {
                slots[i] = h;
                additions++;
                if (strictly) {
                    markers[i] = marker;
                } else {
                    lenientOnly[i >>> 6] |= 1L << i;
                    lenientOnlySize++;
                }
                if (++size >= resizeAt) {
                    grow();
                }
                return true;
            }
            if (slot == h) {
                if (strictly) {
                    if ((lenientOnly[i >>> 6] & (1L << i)) != 0) {
                        lenientOnly[i >>> 6] &= ~(1L << i);
                        lenientOnlySize--;
                        markers[i] = marker;
                    } else if (markers[i] != marker) {
                        markers[i] = (byte) SEVERAL_SOURCES;
                    }
                }
                return false;
            }
            i = (i + 1) & mask;
        }
    }

    private static byte markerOf(int sourceIndex) {
        if (sourceIndex < 0) {
            throw new IllegalArgumentException("source index " + sourceIndex);
        }
        return (byte) (sourceIndex <= LAST_NAMED_SOURCE ? sourceIndex : LATER_SOURCES);
    }

    /**
     * Which source named the hash strictly: its index (up to {@link #LAST_NAMED_SOURCE}),
     * {@link #SEVERAL_SOURCES} or {@link #LATER_SOURCES}; -1 when no source named it strictly
     * (not marked, or only through lenient spellings).
     */
    public int markedBy(long hash) {
        int i = indexOf(nonEmpty(hash));
        if (i < 0 || (lenientOnly[i >>> 6] & (1L << i)) != 0) {
            return -1;
        }
        return markers[i] & 0xFF;
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

    /**
     * {@link #unseenCount()} told by who named each: element {@code m} counts the dangling
     * references whose {@link #markedBy} is {@code m}. The 256 elements add up to
     * {@link #unseenCount()}.
     */
    public long[] unseenCountByMarker() {
        long[] counts = new long[256];
        for (int w = 0; w < seen.length; w++) {
            long unseenStrict = ~(seen[w] | lenientOnly[w]);
            while (unseenStrict != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(unseenStrict);
                unseenStrict &= unseenStrict - 1;
                if (i < slots.length && slots[i] != EMPTY) {
                    counts[markers[i] & 0xFF]++;
                }
            }
        }
        return counts;
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

    /** Doubles the table, carrying each entry's bits and marker along; sizes stay as they are. */
    private void grow() {
        long[] old = slots;
        long[] oldSeen = seen;
        long[] oldLenientOnly = lenientOnly;
        byte[] oldMarkers = markers;
        allocate(old.length << 1);
        for (int from = 0; from < old.length; from++) {
            long h = old[from];
            if (h == EMPTY) {
                continue;
            }
            int to = (int) h & mask;
            while (slots[to] != EMPTY) {
                to = (to + 1) & mask;
            }
            slots[to] = h;
            markers[to] = oldMarkers[from];
            if ((oldSeen[from >>> 6] & (1L << from)) != 0) {
                seen[to >>> 6] |= 1L << to;
            }
            if ((oldLenientOnly[from >>> 6] & (1L << from)) != 0) {
                lenientOnly[to >>> 6] |= 1L << to;
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

    /** Bytes held by the table, for the report: 8 bytes a slot for the hash, 1 for the marker, 2 bits. */
    public long footprintBytes() {
        return (long) slots.length * (Long.BYTES + 1) + 2L * seen.length * Long.BYTES;
    }
}
