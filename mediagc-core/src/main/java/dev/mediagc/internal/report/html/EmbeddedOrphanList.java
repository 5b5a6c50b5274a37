package dev.mediagc.internal.report.html;

import dev.mediagc.spi.StoredObject;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPOutputStream;

/**
 * Every orphan as one line of tab-separated text ({@code key, size in bytes, age in seconds}),
 * gzip-compressed and Base64-encoded, written straight into the page as it is read: the page
 * decodes it with the browser's own {@code DecompressionStream}. A million orphans take a few
 * megabytes and no more memory here than the compressor's buffers.
 *
 * <p>A key's backslash, tab, line feed and carriage return are written as {@code \\}, {@code \t},
 * {@code \n} and {@code \r}, so every key, whatever it holds, is exactly one field of one line.
 * Base64 has no {@code <}, so the text cannot end the element that holds it.
 */
final class EmbeddedOrphanList implements AutoCloseable {

    private final Writer rows;
    private final StringBuilder line = new StringBuilder(256);
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
        this.rows = new OutputStreamWriter(new GZIPOutputStream(base64, 1 << 16), StandardCharsets.UTF_8);
    }

    void add(StoredObject orphan, long ageSeconds) throws IOException {
        String key = orphan.key();
        line.setLength(0);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        line.append('\t').append(orphan.size()).append('\t').append(ageSeconds).append('\n');
        rows.append(line);
        count++;
    }

    long count() {
        return count;
    }

    /** Ends the compressed stream and its Base64 padding; the page stays open. */
    @Override
    public void close() throws IOException {
        rows.close();
    }
}
