package dev.mediagc.internal.report.html;

import dev.mediagc.spi.StoredObject;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Every orphan ({@code key, size in bytes, age in seconds}) in a compact binary form, gzip-compressed
 * and Base64-encoded, written straight into the page as it is read: the page decodes it with the
 * browser's own {@code DecompressionStream} into typed arrays and one string of every key, with no
 * string per row to split or parse.
 *
 * <p>The rows go in blocks of at most {@value #BLOCK}: a block is its row count, then its keys,
 * then its sizes, then its ages, so that gzip sees like next to like (a column of sizes compresses
 * better than sizes between keys). A key is front-coded against the key before it, across blocks
 * too: the number of UTF-8 bytes it shares with it, the number of bytes that follow, those bytes; a
 * listing in key order so stores little more than what changes from key to key. Every number is an
 * unsigned LEB128 varint (seven bits a byte, the high bit set on all bytes but the last); sizes and
 * ages are zigzag-encoded first, so an unknown size (-1) or a date in the future stays small. Memory
 * here is one block's three buffers and the compressor's, whatever the number of orphans.
 *
 * <p>Keys are bytes, so no character needs escaping; Base64 has no {@code <}, so the text cannot
 * end the element that holds it. A key that is not valid UTF-16 (a lone surrogate) is written with
 * a {@code ?} in its place, as anywhere a Java string becomes UTF-8.
 */
final class EmbeddedOrphanList implements AutoCloseable {

    /** Rows per block: bounds this class's memory; large enough for gzip to see a column's pattern. */
    static final int BLOCK = 4096;

    private final OutputStream compressed;
    private final ByteArrayOutputStream keys = new ByteArrayOutputStream(BLOCK * 32);
    private final ByteArrayOutputStream sizes = new ByteArrayOutputStream(BLOCK * 4);
    private final ByteArrayOutputStream ages = new ByteArrayOutputStream(BLOCK * 4);
    private byte[] previousKey = new byte[0];
    private int inBlock;
    private long count;

    /** Writes into {@code page}, which stays open when this closes. */
    EmbeddedOrphanList(OutputStream page) throws IOException {
        OutputStream base64 = Base64.getEncoder().wrap(new FilterOutputStream(page) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush(); // the page goes on after the list
            }
        });
        this.compressed = new GZIPOutputStream(base64, 1 << 16);
    }

    void add(StoredObject orphan, long ageSeconds) throws IOException {
        byte[] key = orphan.key().getBytes(StandardCharsets.UTF_8);
        int shared = 0;
        int most = Math.min(key.length, previousKey.length);
        while (shared < most && key[shared] == previousKey[shared]) {
            shared++;
        }
        varint(keys, shared);
        varint(keys, key.length - shared);
        keys.write(key, shared, key.length - shared);
        varint(sizes, zigzag(orphan.size()));
        varint(ages, zigzag(ageSeconds));
        previousKey = key;
        count++;
        if (++inBlock == BLOCK) {
            endBlock();
        }
    }

    long count() {
        return count;
    }

    /** Ends the last block, the compressed stream and its Base64 padding; the page stays open. */
    @Override
    public void close() throws IOException {
        endBlock();
        compressed.close();
    }

    private void endBlock() throws IOException {
        if (inBlock == 0) {
            return;
        }
        varint(compressed, inBlock);
        keys.writeTo(compressed);
        sizes.writeTo(compressed);
        ages.writeTo(compressed);
        keys.reset();
        sizes.reset();
        ages.reset();
        inBlock = 0;
    }

    private static long zigzag(long n) {
        return (n << 1) ^ (n >> 63);
    }

    private static void varint(OutputStream out, long unsigned) throws IOException {
        long v = unsigned;
        while ((v & ~0x7FL) != 0) {
            out.write((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
