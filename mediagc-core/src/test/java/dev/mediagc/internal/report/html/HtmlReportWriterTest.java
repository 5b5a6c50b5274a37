package dev.mediagc.internal.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.PageOrphanList;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML page of one run: escaped, summed by folder and age, and holding exactly the run's orphans. */
@Tag("fast")
class HtmlReportWriterTest {

    private static final Instant START = Instant.parse("2026-11-20T12:00:00Z");
    private static final String IMG = "<img src=x onerror=alert(1)>.jpg";
    private static final String SCRIPT_END = "a</script><script>alert(2)</script>.png";

    @TempDir
    Path temp;

    @Test
    void escapesKeysReasonsAndWarningsSoNoneBecomesMarkup() throws IOException {
        RunningReport running = report();
        running.danglingReferences().add(IMG);
        running.danglingReferences().add(SCRIPT_END);
        running.orphans().add(SCRIPT_END, 3);
        running.warn("look at <b>" + SCRIPT_END + "</b>");
        running.finish(SweepReport.Outcome.REFUSED, "too many orphans in <i>" + IMG + "</i>", START.plusSeconds(5));

        String page = page(running.freeze(), List.of(new StoredObject(SCRIPT_END, 3, START.minus(Duration.ofDays(3)))));

        assertThat(page).doesNotContain("<img", "<b>", "<i>", "<script>alert");
        assertThat(page).contains("&lt;img src=x onerror=alert(1)&gt;.jpg", "a&lt;/script&gt;&lt;script&gt;alert(2)");
        // Only the page's own four script elements end: nothing in the embedded JSON ends one early.
        assertThat(occurrences(page, "</script")).isEqualTo(occurrences(page, "<script"));
        assertThat(occurrences(page, "<script")).isEqualTo(4);
        assertThat(page).contains("id=\"outcome-reason\">too many orphans in &lt;i&gt;");
    }

    @Test
    void saysInPlainWordsWhatTheRunDidAndWhy() throws IOException {
        RunningReport dry = report();
        dry.orphans().add("a.jpg", 2048);
        dry.finish(SweepReport.Outcome.DRY_RUN, null, START);
        RunningReport failed = report();
        failed.finish(SweepReport.Outcome.FAILED, "incomplete mark, nothing changed: relation \"media\" does not exist",
                START);

        dry.warn("an applied run would refuse: 1 orphans exceed max-delete 0");
        assertThat(page(dry.freeze(), List.of())).contains("<h2 id=\"outcome-title\">Dry run</h2>",
                "An applied run would refuse: <span class=\"count\">1</span>", "<li>1 orphans exceed max-delete 0</li>",
                "Nothing was changed. 1 orphan(s), 2.0 KiB, are old enough to act on");
        assertThat(page(failed.freeze(), List.of())).contains("<h2 id=\"outcome-title\">Failed</h2>",
                "An error stopped the run; nothing was changed after the error.",
                "relation &quot;media&quot; does not exist");
    }

    @Test
    void sumsOrphansInTheirFolderAndEveryFolderAbove() {
        FolderTotals totals = new FolderTotals(100);
        totals.add("a/b/one.jpg", 10);
        totals.add("a/b/two.jpg", 20);
        totals.add("a/three.jpg", 5);
        totals.add("c/four.jpg", 100);
        totals.add("top.jpg", 1);

        assertThat(totals.folders()).containsExactly(
                new FolderTotals.Folder("", 5, 136),
                new FolderTotals.Folder("c", 1, 100),
                new FolderTotals.Folder("a", 3, 35),
                new FolderTotals.Folder("a/b", 2, 30));
        assertThat(totals.capped()).isFalse();
    }

    @Test
    void beyondItsCapAFolderCountsInTheNearestTrackedFolderAboveIt() {
        FolderTotals totals = new FolderTotals(3); // the root and two more
        totals.add("a/b/one.jpg", 10);
        totals.add("a/c/two.jpg", 20);
        totals.add("d/three.jpg", 5);

        assertThat(totals.capped()).isTrue();
        assertThat(totals.folders()).containsExactly(
                new FolderTotals.Folder("", 3, 35),
                new FolderTotals.Folder("a", 2, 30),
                new FolderTotals.Folder("a/b", 1, 10));
    }

    @Test
    void bucketsAgesFromTheGracePeriodOn() {
        AgeHistogram ages = new AgeHistogram(START, Duration.ofHours(24));
        for (Duration age : List.of(Duration.ofHours(25), Duration.ofDays(6), Duration.ofDays(7), Duration.ofDays(400),
                Duration.ofDays(4000), Duration.ofHours(2))) {
            ages.add(ages.ageSeconds(START.minus(age)), 1);
        }

        List<AgeHistogram.Bucket> buckets = ages.buckets();
        assertThat(buckets).extracting(b -> b.from().toDays())
                .containsExactly(1L, 7L, 30L, 90L, 180L, 365L, 730L, 1825L);
        // 25h, 6d and (younger than the grace period, as from a plan) 2h in the first; 7d starts the second.
        assertThat(buckets).extracting(AgeHistogram.Bucket::count).containsExactly(3L, 1L, 0L, 0L, 0L, 1L, 0L, 1L);
        assertThat(buckets.get(buckets.size() - 1).to()).isNull();
        assertThat(ages.ageSeconds(START.plusSeconds(60))).isZero();
    }

    @Test
    void theEmbeddedListHoldsExactlyTheCandidatesWhateverTheirKeysHold() throws IOException {
        List<StoredObject> candidates = new ArrayList<>();
        candidates.add(new StoredObject("tab\there.jpg", 1, START.minus(Duration.ofDays(2))));
        candidates.add(new StoredObject("line\nbreak\r.jpg", 2, START.minus(Duration.ofDays(3))));
        candidates.add(new StoredObject("back\\slash\\t.jpg", 3, START.minus(Duration.ofSeconds(90_061))));
        candidates.add(new StoredObject(SCRIPT_END, 4, START.minus(Duration.ofDays(900))));
        candidates.add(new StoredObject("caf\u00e9/\ud83d\udcf7.jpg", Long.MAX_VALUE, START.minus(Duration.ofDays(1))));
        for (int i = 0; i < 5000; i++) {
            candidates.add(new StoredObject("bulk/" + (i % 37) + "/file-" + i + ".png", i, START.minus(Duration.ofHours(30 + i))));
        }
        RunningReport running = report();
        running.finish(SweepReport.Outcome.DRY_RUN, null, START);

        String page = page(running.freeze(), candidates);

        List<PageOrphanList.Row> rows = PageOrphanList.rows(page);
        assertThat(rows).hasSize(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            StoredObject c = candidates.get(i);
            assertThat(rows.get(i)).isEqualTo(new PageOrphanList.Row(c.key(), c.size(),
                    START.getEpochSecond() - c.lastModified().getEpochSecond()));
        }
        assertThat(page).contains("data-rows=\"" + candidates.size() + "\"");
    }

    @Test
    void theFirstPageIsPlainEscapedHtmlInTheListsOrderBeforeTheScriptAndTheList() throws IOException {
        List<StoredObject> candidates = new ArrayList<>();
        candidates.add(new StoredObject(IMG, 1_536, START.minus(Duration.ofDays(400))));
        candidates.add(new StoredObject(SCRIPT_END, 5, START.minus(Duration.ofHours(30))));
        for (int i = 0; i < 250; i++) {
            candidates.add(new StoredObject("bulk/file-" + (250 - i) + ".png", 1L << (i % 40), START.minus(Duration.ofDays(1 + i))));
        }
        RunningReport running = report();
        running.finish(SweepReport.Outcome.DRY_RUN, null, START);

        String page = page(running.freeze(), candidates);

        String tbody = page.substring(page.indexOf("<tbody id=\"rows\">"), page.indexOf("</tbody>", page.indexOf("<tbody id=\"rows\">")));
        Matcher row = Pattern.compile("<tr><td class=\"key\"><code>(.*?)</code></td><td class=\"num\" title=\"(\\d+) bytes\">(.*?)"
                + "</td><td class=\"num\">(.*?)</td></tr>").matcher(tbody);
        List<String> keys = new ArrayList<>();
        while (row.find()) {
            keys.add(row.group(1));
            assertThat(Long.parseLong(row.group(2))).isEqualTo(candidates.get(keys.size() - 1).size());
        }
        assertThat(keys).hasSize(FirstPage.ROWS);
        assertThat(keys.get(0)).isEqualTo("&lt;img src=x onerror=alert(1)&gt;.jpg");
        assertThat(keys.get(1)).isEqualTo("a&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;.png");
        for (int i = 2; i < FirstPage.ROWS; i++) {
            assertThat(keys.get(i)).isEqualTo(candidates.get(i).key());
        }
        assertThat(tbody).doesNotContain("<img", "<script");
        assertThat(tbody).contains("<td class=\"num\" title=\"1536 bytes\">1.5 KiB</td><td class=\"num\">1.1 y</td>",
                "<td class=\"num\" title=\"5 bytes\">5 B</td><td class=\"num\">1 d</td>");
        int script = page.indexOf("<script>\n");
        assertThat(page.indexOf("<tbody id=\"rows\">")).isLessThan(script);
        assertThat(script).isLessThan(page.indexOf("id=\"orphan-list\""));
    }

    @Test
    void writesThroughATemporaryFileAndLeavesOnlyThePage() throws IOException {
        RunningReport running = report();
        running.finish(SweepReport.Outcome.DRY_RUN, null, START);
        Path file = temp.resolve("report.html");

        new HtmlReportWriter().write(running.freeze(), OrphanSource.NONE, file);

        assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").contains("connect-src 'none'");
        try (var files = Files.list(temp)) {
            assertThat(files).containsExactly(file);
        }
    }

    private static RunningReport report() {
        return new RunningReport("20261120T120000Z-abcd", "/srv/media", false, null, "24h", START);
    }

    private static String page(SweepReport report, List<StoredObject> orphans) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new HtmlReportWriter().write(report, OrphanSource.of(orphans), out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int occurrences(String text, String part) {
        Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
