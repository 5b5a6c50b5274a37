package dev.mediagc.internal.key;

/**
 * A 64-bit hash of a matching form. Two different keys with one hash only ever keep a file
 * (the orphan looks referenced), so a fast non-cryptographic hash is enough; at ten million keys
 * the chance of any collision at all is about one in two hundred thousand.
 */
public final class KeyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long FNV_PRIME_SQUARED = FNV_PRIME * FNV_PRIME;

    private KeyHash() {
    }

    /** FNV-1a over UTF-16 code units, then a murmur finaliser so the low bits are well mixed. */
    public static long of(String key) {
        return finish(feed(start(), key, 0, key.length()));
    }

    /*
     * The same hash in steps, for callers that hash many keys sharing a beginning (a folder, a
     * stem) without building each key as a String: finish(feed(feed(start(), a), b)) equals
     * of(a + b).
     */

    /** The state before any character. */
    public static long start() {
        return FNV_OFFSET;
    }

    /**
     * The state after one more character: its low byte, then its high byte. For a character below
     * U+0100 the high byte is 0 and XOR with 0 changes nothing, so the two multiplications are one
     * by the prime squared: the same hash in half the multiplications for the common case.
     */
    public static long feed(long state, char c) {
        if (c < 0x100) {
            return (state ^ c) * FNV_PRIME_SQUARED;
        }
        long h = state;
        h ^= (c & 0xff);
        h *= FNV_PRIME;
        h ^= (c >>> 8);
        h *= FNV_PRIME;
        return h;
    }

    /** The state after the characters {@code from} (inclusive) to {@code to} (exclusive) of {@code chars}. */
    public static long feed(long state, String chars, int from, int to) {
        long h = state;
        for (int i = from; i < to; i++) {
            h = feed(h, chars.charAt(i));
        }
        return h;
    }

    /** The hash of everything fed so far. */
    public static long finish(long state) {
        return mix(state);
    }

    static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
