package dev.mediagc.internal.report.html;

import dev.mediagc.internal.report.ReportWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The table's first page as plain HTML rows, so a page of a million orphans shows rows as soon as the
 * browser has read them, before (and without) the script that decodes the whole list. Its rows are
 * the first {@value #ROWS} orphans in the list's own order, worded exactly as {@code report.js}
 * words a row (the script replaces them with its own once the whole list is read; a browser test
 * checks that nothing changes then). Keys are escaped here: they are user data.
 */
final class FirstPage {

    /** The table's page size; {@code report.js} has the same. */
    static final int ROWS = 100;

    private record Row(String key, long size, long ageSeconds) {
    }

    private final List<Row> rows = new ArrayList<>(ROWS);

    /** Keeps the orphan if the first page has room for it; memory stays {@value #ROWS} rows. */
    void offer(String key, long size, long ageSeconds) {
        if (rows.size() < ROWS) {
            rows.add(new Row(key, size, ageSeconds));
        }
    }

    void appendTo(StringBuilder b) {
        for (Row row : rows) {
            b.append("<tr><td class=\"key\"><code>").append(Html.escape(row.key())).append("</code></td>")
                    .append("<td class=\"num\" title=\"").append(row.size()).append(" bytes\">").append(bytes(row.size()))
                    .append("</td><td class=\"num\">").append(age(row.ageSeconds())).append("</td></tr>\n");
        }
    }

    /** As report.js's {@code bytes}: binary units, one decimal ({@code toFixed(1)}: the exact value, half up). */
    static String bytes(long n) {
        return ReportWriter.humanBytes(n, FirstPage::oneDecimal);
    }

    /** As report.js's {@code age}. */
    static String age(long seconds) {
        long days = Math.floorDiv(seconds, 86_400L);
        if (days >= 365) {
            return oneDecimal(days / 365.0) + " y";
        }
        if (days >= 1) {
            return days + " d";
        }
        long hours = Math.floorDiv(seconds, 3600L);
        if (hours >= 1) {
            return hours + " h";
        }
        return Math.floorDiv(seconds, 60L) + " min";
    }

    /** JavaScript's {@code toFixed(1)}: rounds the double's exact value, a tie away from zero. */
    private static String oneDecimal(double v) {
        return new BigDecimal(v).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
