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
 * browser's own {@code DecompressionStream} into typed arrays and one string of keys per block, with no
 * string per row to split or parse.
 *
 * <p>The rows go in blocks of at most {@value #BLOCK}, column by column, so that gzip sees like next
 * to like: a block is its row count, then the UTF-8 length of each key, then the keys' bytes one
 * after another (decoded by the page in one call per block), then the sizes, then the ages. Every
 * number is an unsigned LEB128 varint (seven bits a byte, the high bit set on all bytes but the
 * last); sizes and ages are zigzag-encoded first, so an unknown size (-1) or a date in the future
 * stays small. Memory here is one block's buffers and the compressor's, whatever the number of
 * orphans. (Front-coding each key against the one before made a key-ordered listing's page about 7%
 * smaller, but rebuilding the keys byte by byte in the page took longer than the saving bought.)
 *
 * <p>Keys are bytes, so no character needs escaping; Base64 has no {@code <}, so the text cannot
 * end the element that holds it. A key that is not valid UTF-16 (a lone surrogate) is written with
 * a {@code ?} in its place, as anywhere a Java string becomes UTF-8.
 */
final class EmbeddedOrphanList implements AutoCloseable {

    /** Rows per block: bounds this class's memory; large enough for gzip to see a column's pattern. */
    static final int BLOCK = 4096;

    private final OutputStream compressed;
    private final ByteArrayOutputStream lengths = new ByteArrayOutputStream(BLOCK * 2);
    private final ByteArrayOutputStream keys = new ByteArrayOutputStream(BLOCK * 32);
    private final ByteArrayOutputStream sizes = new ByteArrayOutputStream(BLOCK * 4);
    private final ByteArrayOutputStream ages = new ByteArrayOutputStream(BLOCK * 4);
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
        varint(lengths, key.length);
        keys.write(key);
        varint(sizes, zigzag(orphan.size()));
        varint(ages, zigzag(ageSeconds));
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
        lengths.writeTo(compressed);
        keys.writeTo(compressed);
        sizes.writeTo(compressed);
        ages.writeTo(compressed);
        lengths.reset();
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
