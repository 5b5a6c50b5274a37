package dev.mediagc.internal.discover;

import dev.mediagc.spi.KeyOrder;

/**
 * A stretch of the store's key order listed completely: every stored key after {@code after} and
 * up to {@code through} was listed.
 *
 * @param after   exclusive start; {@code null}: from the first key
 * @param through inclusive end; {@code null}: to the last key
 */
public record KeyRange(String after, String through) {

    public boolean contains(String key) {
        return (after == null || KeyOrder.compare(key, after) > 0) && (through == null || KeyOrder.compare(key, through) <= 0);
    }

    /** Whether this range covers the whole key order. */
    public boolean whole() {
        return after == null && through == null;
    }
}
