package dev.mediagc.internal.report.html;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the orphan list back out of a page, as the page's script does: for tests. */
final class EmbeddedOrphans {

    /** One row: the key as it was, its size, its age in seconds. */
    record Row(String key, long size, long ageSeconds) {
    }

    static List<Row> of(String page) throws IOException {
        int open = page.indexOf("id=\"orphan-list\"");
        int start = page.indexOf('>', open) + 1;
        int end = page.indexOf("</script>", start);
        byte[] gz = Base64.getDecoder().decode(page.substring(start, end));
        String text;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Row> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(unescape(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2])));
        }
        return rows;
    }

    private static String unescape(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '\\') {
                char next = key.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
