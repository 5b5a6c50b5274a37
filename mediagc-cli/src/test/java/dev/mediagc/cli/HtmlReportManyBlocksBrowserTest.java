package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The table of a page whose embedded list is several blocks (4,096 rows each, the last of 10), keys
 * beyond the first block not ASCII, sizes from 0 to {@link Long#MAX_VALUE}: written by
 * {@link HtmlReportWriter} directly (no sweep) and read in headless Chromium, as the sweep's own
 * page is in {@link HtmlReportBrowserTest}.
 */
class HtmlReportManyBlocksBrowserTest {

    static final int BLOCK = 4096;
    static final Instant NOW = Instant.parse("2026-11-27T03:00:00Z");
    /** How often a wait looks again: a search shows within milliseconds of its 150 ms typing pause. */
    static final Duration POLL = Duration.ofMillis(20);

    static final String EMPTY_KEY = "plain/empty.jpg"; // size 0: the last by size
    static final String PAST_DOUBLES_KEY = "plain/past-doubles.bin"; // 2^53 + 1: a double cannot hold it
    static final String CYRILLIC_KEY = "фото/отпуск-2026.jpg";
    static final String EMOJI_KEY = "emoji/\ud83d\udcf7 снимок.png";
    static final String BOM_KEY = "\ufeffa.jpg";
    static final String SIGMA_KEY = "ελληνικά/ΟΔΟΣ"; // its Σ is final alone, not when a letter follows
    static final String AFTER_SIGMA_KEY = "after-sigma/next.jpg";
    static final String HUGE_KEY = "Ωmega/huge.iso"; // Long.MAX_VALUE bytes: the first by size
    static final String LAST_KEY = "zz-последний/ΤΕΛΟΣ";

    @TempDir
    static Path temp;
    static List<StoredObject> orphans;
    static Path page;
    static WebDriver browser;

    @BeforeAll
    static void writeThePageAndOpenABrowser() throws IOException {
        HtmlReportBrowserTest.requireChromium();
        orphans = orphans();
        RunningReport running = new RunningReport("20261127T030000Z-blks", "/srv/media", false, null, "1d", NOW);
        orphans.forEach(o -> running.orphans().add(o.key(), o.size()));
        running.finish(SweepReport.Outcome.DRY_RUN, null, NOW.plusSeconds(5));
        page = temp.resolve("blocks.html");
        new HtmlReportWriter().write(running.freeze(), OrphanSource.of(orphans), page);
        assertThat(HtmlReportBrowserTest.embeddedKeys(Files.readString(page, StandardCharsets.UTF_8)))
                .containsExactlyElementsOf(keys());
        browser = HtmlReportBrowserTest.chromium();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    /** 2 * 4096 + 10 orphans; the keys that are not ASCII in the second and third blocks. */
    private static List<StoredObject> orphans() {
        List<StoredObject> out = new ArrayList<>();
        for (int i = 0; i < 2 * BLOCK + 10; i++) {
            out.add(orphan("plain/" + String.format(Locale.ROOT, "%05d", i) + ".jpg", 1_000 + (i * 7_919L) % 5_000_000, i));
        }
        out.set(1, orphan(PAST_DOUBLES_KEY, (1L << 53) + 1, 1)); // on the first page, shown as HTML before the list is read
        out.set(7, orphan(EMPTY_KEY, 0, 7));
        out.set(BLOCK + 3, orphan(CYRILLIC_KEY, 4_096, BLOCK + 3));
        out.set(BLOCK + 100, orphan(EMOJI_KEY, 123_456, BLOCK + 100));
        out.set(BLOCK + 101, orphan(BOM_KEY, 77, BLOCK + 101));
        out.set(2 * BLOCK - 2, orphan(SIGMA_KEY, 999, 2 * BLOCK - 2));
        out.set(2 * BLOCK - 1, orphan(AFTER_SIGMA_KEY, 998, 2 * BLOCK - 1));
        out.set(2 * BLOCK + 2, orphan(HUGE_KEY, Long.MAX_VALUE, 2 * BLOCK + 2));
        out.set(2 * BLOCK + 4, orphan("в последнем блоке/ΣΟΦΙΑΣ", 5, 2 * BLOCK + 4));
        out.set(2 * BLOCK + 5, orphan("a\ufeffb/c.jpg", 6, 2 * BLOCK + 5));
        out.set(2 * BLOCK + 9, orphan(LAST_KEY, 3, 2 * BLOCK + 9));
        return out;
    }

    private static StoredObject orphan(String key, long size, int i) {
        return new StoredObject(key, size, NOW.minus(Duration.ofHours(25 + 13L * i)));
    }

    private static List<String> keys() {
        return orphans.stream().map(StoredObject::key).toList();
    }

    @Test
    void everyKeyOfEveryBlockReadsBackExactlyAsWritten() {
        HtmlReportBrowserTest.open(browser, page);

        assertThat(text("#matches")).isEqualTo("8,202 orphans");
        assertThat(allKeysPageByPage()).containsExactlyElementsOf(keys());
    }

    @Test
    void theLastPageShowsTheLastKey() {
        HtmlReportBrowserTest.open(browser, page);

        browser.findElement(By.id("last")).click();

        assertThat(text("#page")).isEqualTo("page 83 of 83");
        List<String> lastPage = keysShown();
        assertThat(lastPage).hasSize(2);
        assertThat(lastPage.get(1)).isEqualTo(LAST_KEY);
    }

    @Test
    void searchingForAKeyThatIsNotAsciiFindsExactlyThatKey() {
        HtmlReportBrowserTest.open(browser, page);

        search("ОТПУСК");
        assertThat(keysShown()).containsExactly(CYRILLIC_KEY);
        search("\ud83d\udcf7");
        assertThat(keysShown()).containsExactly(EMOJI_KEY);
        search("\ufeff");
        assertThat(keysShown()).containsExactly(BOM_KEY, "a\ufeffb/c.jpg");
        search("\ufeffa.jpg");
        assertThat(keysShown()).containsExactly(BOM_KEY);
        assertThat(text("#matches")).isEqualTo("1 of 8,202 orphans match");
    }

    @Test
    void aKeyEndingInCapitalSigmaIsFoundAsItsOwnLowerCaseWhateverKeyFollowsIt() {
        HtmlReportBrowserTest.open(browser, page);

        search("ΟΔΟΣ"); // lower case "οδος", its last letter the final sigma, as the key's own lower case
        assertThat(keysShown()).containsExactly(SIGMA_KEY);
        search("ΣΟΦΙΑΣ");
        assertThat(keysShown()).containsExactly("в последнем блоке/ΣΟΦΙΑΣ");
        search("οδοσ"); // the sigma the key's Σ would lower to were the next key part of it
        assertThat(keysShown()).isEmpty();
    }

    @Test
    void sortsBySizeFromTheHugestToTheEmptyAndShowsEachSizeInExactBytes() {
        HtmlReportBrowserTest.open(browser, page);

        sort("size");

        assertThat(keysShown().get(0)).isEqualTo(HUGE_KEY);
        assertThat(browser.findElement(By.cssSelector("#rows td.num")).getAttribute("title"))
                .isEqualTo(Long.MAX_VALUE + " bytes");
        assertThat(keysShown().get(1)).isEqualTo(PAST_DOUBLES_KEY);
        assertThat(browser.findElements(By.cssSelector("#rows td.num")).get(2).getAttribute("title"))
                .isEqualTo(((1L << 53) + 1) + " bytes");
        browser.findElement(By.id("last")).click();
        List<String> lastPage = keysShown();
        assertThat(lastPage.get(lastPage.size() - 1)).isEqualTo(EMPTY_KEY);
    }

    @Test
    void theFirstPageReadsTheSameWrittenAsHtmlAndOnceTheListIsRead() throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path cut = temp.resolve("blocks-first-page-only.html");
        Files.writeString(cut, html.substring(0, html.indexOf("<script type=\"text/plain\" id=\"orphan-list\"")));
        browser.get(cut.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).pollingEvery(POLL).until(d ->
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null") != null);
        List<String> asHtml = rows();

        HtmlReportBrowserTest.open(browser, page);

        assertThat(asHtml).hasSize(100);
        assertThat(asHtml.get(1)).startsWith(PAST_DOUBLES_KEY + "\t8192.0 TiB (9007199254740993 bytes)\t");
        assertThat(rows()).containsExactlyElementsOf(asHtml);
    }

    @Test
    void worksWhereTheBrowsersLongestStringIsShorterThanAllTheKeysTogether() throws IOException {
        // V8 holds strings of up to about 2^29 code units: millions of keys do not fit in one. Here the
        // page's string building is capped at the longest block's keys, a few thousand rows' worth.
        long longestBlock = 0;
        for (int from = 0; from < orphans.size(); from += BLOCK) {
            longestBlock = Math.max(longestBlock, keys().subList(from, Math.min(orphans.size(), from + BLOCK)).stream()
                    .mapToLong(String::length).sum());
        }
        String cap = "<script>(function () { var cap = " + longestBlock + ";"
                + " function capped(s) { if (s.length > cap) { throw new RangeError('Invalid string length'); } return s; }"
                + " var join = Array.prototype.join;"
                + " Array.prototype.join = function () { return capped(join.apply(this, arguments)); };"
                + " var decode = TextDecoder.prototype.decode;"
                + " TextDecoder.prototype.decode = function () { return capped(decode.apply(this, arguments)); };"
                + " var lower = String.prototype.toLowerCase;"
                + " String.prototype.toLowerCase = function () { return capped(lower.apply(this, arguments)); }; })();</script>\n";
        String html = Files.readString(page, StandardCharsets.UTF_8);
        int firstScript = html.indexOf("<script type=\"application/json\" id=\"report-json\"");
        Path capped = temp.resolve("blocks-capped.html");
        Files.writeString(capped, html.substring(0, firstScript) + cap + html.substring(firstScript), StandardCharsets.UTF_8);

        HtmlReportBrowserTest.open(browser, capped);

        assertThat(text("#matches")).isEqualTo("8,202 orphans");
        search("последн");
        assertThat(keysShown()).containsExactly("в последнем блоке/ΣΟΦΙΑΣ", LAST_KEY);
        search("");
        sort("key"); // by UTF-16 code unit: U+FEFF after every other letter here
        assertThat(keysShown().get(0)).isEqualTo(AFTER_SIGMA_KEY);
        assertThat(keysShown().get(1)).isEqualTo("a\ufeffb/c.jpg");
        browser.findElement(By.id("last")).click();
        List<String> lastPage = keysShown();
        assertThat(lastPage.get(lastPage.size() - 1)).isEqualTo(BOM_KEY);
    }

    // ---- helpers ----

    /** Every row's key as the table shows it, page after page from the first (the code's text, exactly). */
    private static List<String> allKeysPageByPage() {
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "var keys = [], next = document.getElementById('next'), page;"
                        + " document.getElementById('first').click();"
                        + " do { page = document.getElementById('page').textContent;"
                        + "   document.querySelectorAll('#rows td.key code').forEach(function (c) { keys.push(c.textContent); });"
                        + "   next.click(); } while (document.getElementById('page').textContent !== page);"
                        + " return keys;");
        return keys;
    }

    private static List<String> keysShown() {
        @SuppressWarnings("unchecked")
        List<String> keys = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#rows td.key code')).map(function (c) { return c.textContent; })");
        return keys;
    }

    /** The table's rows: each cell's text, and the size's exact bytes, tab-separated. */
    private static List<String> rows() {
        return HtmlReportBrowserTest.tableRows(browser);
    }

    /** Types {@code text} into the search box as one input (keys the driver cannot type included). */
    private static void search(String text) {
        ((JavascriptExecutor) browser).executeScript(
                "var s = document.getElementById('search'); s.value = arguments[0]; s.dispatchEvent(new Event('input'))", text);
        new WebDriverWait(browser, Duration.ofSeconds(10)).pollingEvery(POLL).until(d ->
                text.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.searched")));
    }

    private static void sort(String column) {
        browser.findElement(By.cssSelector("button.sort[data-sort=" + column + "]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).pollingEvery(POLL).until(d ->
                column.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.sorted || null")));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
