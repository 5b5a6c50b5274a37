package dev.mediagc.internal.key;

/**
 * A 64-bit hash of a matching form. Two different keys with one hash only ever keep a file
 * (the orphan looks referenced), so a fast non-cryptographic hash is enough; at ten million keys
 * the chance of any collision at all is about one in two hundred thousand.
 */
public final class KeyHash {

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private KeyHash() {
    }

    /** FNV-1a over UTF-16 code units, then a murmur finaliser so the low bits are well mixed. */
    public static long of(String key) {
        long h = FNV_OFFSET;
        for (int i = 0, n = key.length(); i < n; i++) {
            char c = key.charAt(i);
            h ^= (c & 0xff);
            h *= FNV_PRIME;
            h ^= (c >>> 8);
            h *= FNV_PRIME;
        }
        return mix(h);
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
