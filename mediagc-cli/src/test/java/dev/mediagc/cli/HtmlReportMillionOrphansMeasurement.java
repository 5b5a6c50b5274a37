package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.SweepReport;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * Measures, asserts nothing but the last key: the page of a run with a million orphans, its size,
 * the time to write it, and for three openings in headless Chromium the time until the table shows
 * its first rows (the page's own {@code mediagc-rows-shown} mark, and the first paint) and until the
 * whole list is decoded, searchable and sortable ({@code mediagc-decoded}), with the steps between.
 * Run on demand:
 * <pre>
 * mvn -B -o verify -pl mediagc-cli -am -Dtest=HtmlReportMillionOrphansMeasurement \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dmediagc.measure=true -Dmaven.javadoc.skip=true
 * </pre>
 * The figures go to standard output and {@code target/report-million.txt}. With
 * {@code -Dmediagc.measure.compareWith=PAGE}, an existing page of the same orphans (another build's)
 * is opened in turn with this one, so both are measured under the same load.
 */
@EnabledIfSystemProperty(named = "mediagc.measure", matches = "true")
class HtmlReportMillionOrphansMeasurement {

    static final int ORPHANS = Integer.getInteger("mediagc.measure.orphans", 1_000_000);
    static final Instant START = Instant.parse("2026-11-26T04:00:00Z");
    static final String LAST_KEY = lastKey();
    /** How often a wait looks again: often enough not to add to what it measures. */
    static final Duration POLL = Duration.ofMillis(10);

    @Test
    void aMillionOrphans() throws IOException {
        HtmlReportBrowserTest.requireChromium();
        RunningReport running = new RunningReport("20261126T040000Z-1m00", "s3://media-bucket/", false, null, "1d", START);
        OrphanSource orphans = each -> {
            SplittableRandom random = new SplittableRandom(42); // the same orphans on each reading
            for (int i = 0; i < ORPHANS; i++) {
                StoredObject orphan = orphan(i, random);
                each.accept(orphan);
            }
        };
        orphans.forEach(o -> running.orphans().add(o.key(), o.size()));
        running.objects().setCount(3L * ORPHANS);
        running.finish(SweepReport.Outcome.DRY_RUN, null, START.plusSeconds(95));
        Path page = Files.createDirectories(Path.of("target")).resolve("report-million.html");

        long generateStart = System.nanoTime();
        orphans.forEach(o -> { });
        long generateMillis = (System.nanoTime() - generateStart) / 1_000_000;
        long writeStart = System.nanoTime();
        new HtmlReportWriter().write(running.freeze(), orphans, page);
        long writeMillis = (System.nanoTime() - writeStart) / 1_000_000;

        WebDriver browser = HtmlReportBrowserTest.chromium();
        StringBuilder out = new StringBuilder();
        try {
            JavascriptExecutor js = (JavascriptExecutor) browser;
            out.append(String.format(Locale.ROOT, "orphans %,d; page %,d bytes (%.1f MB); written in %,d ms, of which "
                            + "about %,d ms made up the synthetic orphans (read twice)%n",
                    ORPHANS, Files.size(page), Files.size(page) / 1e6, writeMillis, 2 * generateMillis));
            List<Path> pages = new ArrayList<>(List.of(page));
            String other = System.getProperty("mediagc.measure.compareWith");
            if (other != null) { // another build's page of the same orphans, opened in turn with this one
                pages.add(Path.of(other));
                out.append(String.format(Locale.ROOT, "compared with %s: %,d bytes (%.1f MB)%n", other,
                        Files.size(Path.of(other)), Files.size(Path.of(other)) / 1e6));
            }
            for (int opening = 0; opening < 3 * pages.size(); opening++) {
                int run = opening / pages.size() + 1;
                Path opened = pages.get(opening % pages.size());
                out.append(opened == page ? "" : "(compared page) ");
                long openStart = System.nanoTime();
                HtmlReportBrowserTest.open(browser, opened);
                long wall = (System.nanoTime() - openStart) / 1_000_000;
                double shown = mark(js, "mediagc-rows-shown");
                double decoded = mark(js, "mediagc-decoded");
                double script = mark(js, "mediagc-script");
                double painted = ((Number) js.executeScript("var p = performance.getEntriesByName('first-contentful-paint')[0];"
                        + " return p ? p.startTime : -1")).doubleValue();
                double read = ((Number) js.executeScript(
                        "return performance.getEntriesByType('navigation')[0].domContentLoadedEventStart")).doubleValue();
                double base64 = mark(js, "mediagc-base64");
                double inflated = mark(js, "mediagc-inflated");
                long searchStart = System.nanoTime();
                org.openqa.selenium.WebElement box = browser.findElement(By.id("search"));
                box.sendKeys("-999999.jpg");
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(POLL).until(d ->
                        "-999999.jpg".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.searched || null")));
                long searchMillis = (System.nanoTime() - searchStart) / 1_000_000 - 150; // less the typing pause
                String found = browser.findElement(By.cssSelector("#rows td.key")).getText();
                js.executeScript("var s = document.getElementById('search'); s.value = ''; s.dispatchEvent(new Event('input'))");
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(30)).pollingEvery(POLL).until(d ->
                        "".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.searched")));
                long sortStart = System.nanoTime();
                browser.findElement(By.cssSelector("button.sort[data-sort=size]")).click();
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(POLL).until(d ->
                        "size".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.sorted || null")));
                long sortMillis = (System.nanoTime() - sortStart) / 1_000_000;
                long keySortStart = System.nanoTime();
                browser.findElement(By.cssSelector("button.sort[data-sort=key]")).click(); // back to an order the last key is known in
                new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(60)).pollingEvery(POLL).until(d ->
                        "key".equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.sorted || null")));
                long keySortMillis = (System.nanoTime() - keySortStart) / 1_000_000;
                long lastStart = System.nanoTime();
                browser.findElement(By.id("last")).click();
                String lastKey = browser.findElements(By.cssSelector("#rows td.key")).stream()
                        .reduce((a, b) -> b).orElseThrow().getText();
                long lastMillis = (System.nanoTime() - lastStart) / 1_000_000;
                out.append(String.format(Locale.ROOT, "open %d: first rows shown at %.0f ms after navigation start "
                                + "(script started at %.0f ms, first paint at %.0f ms), whole list decoded (search, sort and "
                                + "last page ready) at %.0f ms (document read at %.0f ms, Base64 decoded at %.0f ms, "
                                + "inflated at %.0f ms); %,d ms as the driver saw it; a search over all keys took about "
                                + "%,d ms (found %s); sorting by size took %,d ms, by key %,d ms; last page in %,d ms, last key %s%n",
                        run, shown, script, painted, decoded, read, base64, inflated, wall, searchMillis, found,
                        sortMillis, keySortMillis, lastMillis, lastKey));
                assertThat(lastKey).isEqualTo(LAST_KEY);
            }
        } finally {
            browser.quit();
        }
        System.out.print(out);
        Files.writeString(Path.of("target", "report-million.txt"), out);
    }

    /** When the page's own mark {@code name} was set, in ms after navigation start; -1 if never. */
    private static double mark(JavascriptExecutor js, String name) {
        return ((Number) js.executeScript("var m = performance.getEntriesByName(arguments[0])[0]; return m ? m.startTime : -1",
                name)).doubleValue();
    }

    private static StoredObject orphan(int i, SplittableRandom random) {
        String key = String.format(Locale.ROOT, "uploads/%d/%02d/%08x-%d.jpg", 2015 + random.nextInt(11),
                1 + random.nextInt(12), random.nextInt(), i);
        return new StoredObject(key, 1_000 + random.nextInt(5_000_000),
                START.minus(Duration.ofSeconds(86_400 + random.nextLong(10L * 365 * 86_400))));
    }

    /** The greatest key (sorted as the page sorts it, by UTF-16 code unit). */
    private static String lastKey() {
        SplittableRandom random = new SplittableRandom(42);
        String last = "";
        for (int i = 0; i < ORPHANS; i++) {
            String key = orphan(i, random).key();
            last = key.compareTo(last) > 0 ? key : last;
        }
        return last;
    }
}
