package dev.mediagc.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the list of orphans back out of an HTML report, as the page's script does (blocks of rows,
 * each its count, its keys' lengths, its keys, its sizes, its ages, numbers as varints): for tests,
 * written from the format's description rather than from the writer's code.
 */
public final class PageOrphanList {

    /** One row: the key as it was, its size, its age in seconds. */
    public record Row(String key, long size, long ageSeconds) {
    }

    private PageOrphanList() {
    }

    /** Every row of the page's embedded list, in the page's default order. */
    public static List<Row> rows(String page) throws IOException {
        int open = page.indexOf("id=\"orphan-list\"");
        int start = page.indexOf('>', open) + 1;
        int end = page.indexOf("</script>", start);
        byte[] gz = Base64.getDecoder().decode(page.substring(start, end).trim());
        List<Row> rows = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(new ByteArrayInputStream(gz)))) {
            long count;
            while ((count = varint(in, true)) >= 0) {
                int[] lengths = new int[(int) count];
                for (int i = 0; i < count; i++) {
                    lengths[i] = (int) varint(in, false);
                }
                List<String> keys = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    byte[] key = in.readNBytes(lengths[i]);
                    if (key.length != lengths[i]) {
                        throw new IOException("the list ends inside a key");
                    }
                    keys.add(new String(key, StandardCharsets.UTF_8));
                }
                long[] sizes = new long[(int) count];
                for (int i = 0; i < count; i++) {
                    sizes[i] = unzigzag(varint(in, false));
                }
                for (int i = 0; i < count; i++) {
                    rows.add(new Row(keys.get(i), sizes[i], unzigzag(varint(in, false))));
                }
            }
        }
        return rows;
    }

    /** The keys of the page's embedded list, in the page's default order. */
    public static List<String> keys(String page) throws IOException {
        return rows(page).stream().map(Row::key).toList();
    }

    /** -1 at a clean end of the stream where {@code endAllowed}. */
    private static long varint(InputStream in, boolean endAllowed) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                if (endAllowed && shift == 0) {
                    return -1;
                }
                throw new IOException("the list ends inside a number");
            }
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
        }
    }

    private static long unzigzag(long n) {
        return (n >>> 1) ^ -(n & 1);
    }
}
