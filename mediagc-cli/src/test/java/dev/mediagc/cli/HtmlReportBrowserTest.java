package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.report.ReportWriter;
import dev.mediagc.internal.report.html.HtmlReportWriter;
import dev.mediagc.internal.report.html.OrphanSource;
import dev.mediagc.internal.sweep.RunningReport;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.PageOrphanList;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code sweep --report-html} end to end: a real sweep on embedded PostgreSQL writes the page and
 * the JSON report in the same run, and a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) opens the page from {@code file://}. One browser for the class.
 *
 * <p>Without Chromium the class is skipped with a message saying what to install, except under
 * {@code CI=true}, where it fails: CI must run it ({@code .ci/run} installs Chromium).
 */
class HtmlReportBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("mediagc.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("mediagc.chromedriver", "/usr/bin/chromedriver"));

    /** Keys that would be markup if the page did not escape them; each an old orphan. */
    static final String IMG_KEY = "zz-markup/<img src=x onerror=document.body.dataset.pwned=1>.jpg";
    static final String SCRIPT_KEY = "zz-markup/x</script><script>document.body.dataset.pwned=2</script>.png";

    @TempDir
    static Path temp;
    static TestDatabase db;
    static DjangoStyleDataset data;
    static Path page;
    static JsonNode json;
    static List<String> listedOrphans;
    static Path refusedPage;
    static JsonNode refusedJson;
    static WebDriver browser;

    @BeforeAll
    static void sweepAndOpenABrowser() throws IOException {
        requireChromium();
        db = TestDatabase.Kind.POSTGRESQL.create(temp);
        data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 600, 7);
        for (String key : List.of(IMG_KEY, SCRIPT_KEY)) {
            Path file = data.media().resolve(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, "orphan");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        }
        page = temp.resolve("report.html");
        Path report = temp.resolve("report.json");
        Path list = temp.resolve("orphans.nul");
        CliRun run = CliRun.of(sweepArgs("--report", report.toString(), "--report-html", page.toString(),
                "--list-orphans", list.toString(), "--list-orphans-format", "nul"));
        assertThat(run.exit()).as(run.err()).isZero();
        json = new ObjectMapper().readTree(report.toFile());
        listedOrphans = Arrays.asList(Files.readString(list, StandardCharsets.UTF_8).split("\0"));

        // Applied with --max-delete 1: the blast-radius guard refuses before the first action.
        refusedPage = temp.resolve("refused.html");
        Path refusedReport = temp.resolve("refused.json");
        CliRun refused = CliRun.of(sweepArgs("--apply", "--max-delete", "1", "--report", refusedReport.toString(),
                "--report-html", refusedPage.toString()));
        assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCode.REFUSED);
        refusedJson = new ObjectMapper().readTree(refusedReport.toFile());

        browser = chromium();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void showsTheSameFiguresAsTheJsonReportOfTheSameRun() throws IOException {
        open(page);

        assertThat(text("#outcome-title")).isEqualTo("Dry run");
        assertThat(text("#outcome-words")).startsWith("Nothing was changed. " + count(json.at("/orphans/count")) + " orphan(s)");
        assertThat(text("#set-action .value")).isEqualTo("none (dry run)");
        assertThat(text("#set-grace-period .value")).isEqualTo(json.at("/minAge").asText());
        assertThat(text("#fig-references .count")).isEqualTo(count(json.at("/references")));
        for (String[] figure : new String[][] {{"objects", "objects"}, {"referenced", "referenced"},
                {"orphans", "orphans"}, {"young-orphans", "youngOrphans"}, {"dangling-references", "danglingReferences"},
                {"derived-looking", "derivedLooking"}, {"excluded", "excluded"}, {"unreadable", "unreadable"}}) {
            JsonNode tally = json.get(figure[1]);
            assertThat(text("#fig-" + figure[0] + " .count")).as(figure[0]).isEqualTo(count(tally.get("count")));
            assertThat(text("#fig-" + figure[0] + " .bytes")).as(figure[0])
                    .isEqualTo(tally.get("bytes").asLong() == 0 ? "" : (tally.get("bytesComplete").asBoolean() ? ""
                            : "at least ") + ReportWriter.humanBytes(tally.get("bytes").asLong()));
        }
        assertThat(json.at("/orphans/count").asLong()).isEqualTo(data.expectedOrphans().size() + 2);
        assertThat(json.at("/danglingReferences/count").asLong()).isPositive();
        assertThat(text("#finding-dangling .count")).isEqualTo(count(json.at("/danglingReferences/count")));
        assertThat(browser.findElements(By.cssSelector("#finding-dangling .samples li")))
                .extracting(WebElement::getText)
                .containsExactlyElementsOf(texts(json.at("/danglingReferences/samples")));
        screenshot("report-screenshot.png");
    }

    @Test
    void drawsABarPerTopFolderAndABucketPerAgeRangeHoldingEveryOrphan() {
        open(page);

        Set<String> topFolders = new LinkedHashSet<>();
        boolean filesAtTheTop = false;
        for (String key : listedOrphans) {
            int slash = key.indexOf('/');
            if (slash > 0) {
                topFolders.add(key.substring(0, slash) + "/");
            } else {
                filesAtTheTop = true;
            }
        }
        assertThat(texts(".bar-row.folder .name")).containsExactlyInAnyOrderElementsOf(topFolders);
        assertThat(browser.findElements(By.cssSelector(".bar-row.here"))).hasSize(filesAtTheTop ? 1 : 0);

        // Grace period 24h: one bucket from it to 7d, then 30d, 90d, 180d, 1y, 2y, 5y and over.
        List<WebElement> buckets = browser.findElements(By.cssSelector("#age-histogram .age-bucket"));
        assertThat(buckets).hasSize(8);
        long inBuckets = buckets.stream().mapToLong(b -> Long.parseLong(b.getAttribute("data-count"))).sum();
        assertThat(inBuckets).isEqualTo(json.at("/orphans/count").asLong());
        assertThat(browser.findElements(By.cssSelector("#age-histogram .grace"))).hasSize(1);

        // Drill down: zz-markup holds one of the two keys put there, and the other in its folder "x<".
        browser.findElements(By.cssSelector(".bar-row.folder button.name")).stream()
                .filter(b -> b.getText().equals("zz-markup/")).findFirst().orElseThrow().click();
        assertThat(texts("#crumbs button")).containsExactly("(all folders)", "zz-markup", "(list its orphans below)");
        assertThat(texts(".bar-row .name")).containsExactly("x</", "(files here)");
    }

    @Test
    void theTableHoldsEveryOrphanAndItsLastPageShowsTheLastKey() throws IOException {
        open(page);

        List<String> embedded = embeddedKeys(Files.readString(page, StandardCharsets.UTF_8));
        assertThat(embedded).containsExactlyInAnyOrderElementsOf(listedOrphans);
        assertThat(text("#matches")).isEqualTo(count(embedded.size()) + " orphans");
        assertThat(texts("#rows td.key")).hasSize(100).first().isEqualTo(embedded.get(0));

        ((JavascriptExecutor) browser).executeScript("document.getElementById('ages').scrollIntoView()");
        screenshot("report-table-screenshot.png");
        browser.findElement(By.id("last")).click();

        List<String> lastPage = texts("#rows td.key");
        assertThat(lastPage).hasSize(embedded.size() % 100 == 0 ? 100 : embedded.size() % 100);
        assertThat(lastPage.get(lastPage.size() - 1)).isEqualTo(embedded.get(embedded.size() - 1));
    }

    @Test
    void sortsByKeyAsTheOrphanListDoesAndBySizeBiggestFirst() throws IOException {
        open(page);
        long biggest = 0;
        for (String key : listedOrphans) {
            biggest = Math.max(biggest, Files.size(data.media().resolve(key)));
        }

        sort("size");
        assertThat(browser.findElement(By.cssSelector("#rows td.num")).getAttribute("title")).isEqualTo(biggest + " bytes");

        sort("key");
        assertThat(texts("#rows td.key").get(0)).isEqualTo(listedOrphans.get(0));
        browser.findElement(By.id("last")).click();
        List<String> lastPage = texts("#rows td.key");
        assertThat(lastPage.get(lastPage.size() - 1)).isEqualTo(listedOrphans.get(listedOrphans.size() - 1));
    }

    @Test
    void searchingFindsAnOrphanByAnyPartOfItsKey() {
        open(page);
        String wanted = data.expectedOrphans().get(data.expectedOrphans().size() / 2);
        String part = wanted.substring(wanted.lastIndexOf('/') + 1).toUpperCase(Locale.ROOT);

        search(part);

        assertThat(texts("#rows td.key")).contains(wanted);
        assertThat(text("#matches")).endsWith("orphans match");
    }

    @Test
    void showsAKeyHoldingMarkupAsTextAndRunsNoScriptFromIt() {
        open(page);

        search("dataset.pwned");

        assertThat(texts("#rows td.key")).containsExactlyInAnyOrder(IMG_KEY, SCRIPT_KEY);
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return document.body.dataset.pwned === undefined")).isEqualTo(true);
        assertThat(js.executeScript("return document.images.length")).isEqualTo(0L);
        assertThat(js.executeScript("return document.scripts.length")).isEqualTo(4L);
    }

    @Test
    void showsTheFirstPageBeforeTheListIsReadAndTheSameRowsOnceItIs() throws IOException {
        Path observed = observedBeforeTheList(page, "observed.html");

        open(observed);

        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return document.body.dataset.listReadBefore")).isEqualTo("false");
        assertThat(js.executeScript("return document.body.dataset.searchDisabledBefore")).isEqualTo("true");
        List<String> embedded = embeddedKeys(Files.readString(page, StandardCharsets.UTF_8));
        assertThat(js.executeScript("return document.body.dataset.noticeBefore"))
                .isEqualTo("loading the full list (" + count(embedded.size()) + " orphans)…");
        List<String> before = Arrays.asList(((String) js.executeScript("return document.body.dataset.rowsBefore")).split("\n"));
        assertThat(before).hasSize(100);
        assertThat(before).extracting(r -> r.substring(0, r.indexOf('\t'))).containsExactlyElementsOf(embedded.subList(0, 100));
        assertThat(rowsNow()).containsExactlyElementsOf(before); // the script's own rows, worded as the page's
        assertThat(text("#matches")).isEqualTo(count(embedded.size()) + " orphans");
        assertThat(browser.findElement(By.id("search")).isEnabled()).isTrue();
    }

    @Test
    void aBrowserThatNeverReadsTheListStillShowsTheFirstPage() throws IOException {
        String html = Files.readString(page, StandardCharsets.UTF_8);
        Path cut = temp.resolve("first-page-only.html");
        Files.writeString(cut, html.substring(0, html.indexOf("<script type=\"text/plain\" id=\"orphan-list\"")));

        browser.get(cut.toUri().toString());
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(d ->
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null") != null);

        assertThat(texts("#rows td.key")).containsExactlyElementsOf(embeddedKeys(html).subList(0, 100));
        assertThat(text("#orphan-table .note")).startsWith("The table could not be shown");
        assertThat(browser.findElement(By.id("search")).isEnabled()).isFalse();
    }

    @Test
    void aKeyHoldingMarkupOnTheFirstPageShowsAsTextBeforeAndAfterTheListIsRead() throws IOException {
        RunningReport running = new RunningReport("20261126T040000Z-mark", "/srv/media", false, null, "1d", Instant.now());
        List<StoredObject> orphans = new ArrayList<>();
        orphans.add(new StoredObject(IMG_KEY, 1_536, Instant.now().minus(Duration.ofDays(400))));
        orphans.add(new StoredObject(SCRIPT_KEY, 5, Instant.now().minus(Duration.ofDays(2))));
        orphans.add(new StoredObject("caf\u00e9/\ud83d\udcf7 \u00fcber.jpg", 1_048_576, Instant.now().minus(Duration.ofDays(3))));
        for (int i = 0; i < 150; i++) {
            orphans.add(new StoredObject("plain/" + i + ".jpg", 1L << (i % 45), Instant.now().minus(Duration.ofHours(25 + 97L * i))));
        }
        orphans.forEach(o -> running.orphans().add(o.key(), o.size()));
        running.finish(SweepReport.Outcome.DRY_RUN, null, Instant.now());
        Path written = temp.resolve("markup-first.html");
        new HtmlReportWriter().write(running.freeze(), OrphanSource.of(orphans), written);

        open(observedBeforeTheList(written, "markup-first-observed.html"));

        JavascriptExecutor js = (JavascriptExecutor) browser;
        List<String> before = Arrays.asList(((String) js.executeScript("return document.body.dataset.rowsBefore")).split("\n"));
        assertThat(before.get(0)).startsWith(IMG_KEY + "\t");
        assertThat(before.get(1)).startsWith(SCRIPT_KEY + "\t");
        assertThat(before.get(2)).startsWith("caf\u00e9/\ud83d\udcf7 \u00fcber.jpg\t");
        assertThat(rowsNow()).containsExactlyElementsOf(before);
        assertThat(js.executeScript("return document.body.dataset.pwned === undefined")).isEqualTo(true);
        assertThat(js.executeScript("return document.images.length")).isEqualTo(0L);
    }

    @Test
    void makesNoNetworkRequest() {
        browser.manage().logs().get(LogType.PERFORMANCE); // forget earlier pages' requests
        open(page);

        List<String> requested = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            try {
                JsonNode message = new ObjectMapper().readTree(entry.getMessage()).get("message");
                if (message.get("method").asText().equals("Network.requestWillBeSent")) {
                    requested.add(message.at("/params/request/url").asText());
                }
            } catch (IOException e) {
                fail("unreadable performance log entry: " + entry.getMessage());
            }
        }
        assertThat(requested).containsExactly(page.toUri().toString());
        JavascriptExecutor js = (JavascriptExecutor) browser;
        assertThat(js.executeScript("return performance.getEntriesByType('resource').length")).isEqualTo(0L);
        assertThat(browser.findElement(By.cssSelector("meta[http-equiv=Content-Security-Policy]")).getAttribute("content"))
                .contains("default-src 'none'", "connect-src 'none'");
    }

    @Test
    void saysWhyARefusedRunChangedNothing() {
        open(refusedPage);

        assertThat(refusedJson.at("/outcome").asText()).isEqualTo("REFUSED");
        assertThat(text("#outcome-title")).isEqualTo("Refused");
        assertThat(text("#outcome-words")).contains("nothing was changed");
        assertThat(text("#outcome-reason")).isEqualTo(refusedJson.at("/reason").asText()).contains("max-delete");
        assertThat(text("#set-action .value")).isEqualTo("quarantine");
        assertThat(text("#matches")).isEqualTo(count(refusedJson.at("/orphans/count")) + " orphans");
    }

    @Test
    void aPlansPageShowsItsCandidatesWithTheFiguresOfTheRunThatMadeIt() throws IOException {
        Path plan = temp.resolve("plan.jsonl.gz");
        Path planJson = temp.resolve("plan.json");
        CliRun made = CliRun.of(sweepArgs("--plan", plan.toString(), "--report", planJson.toString()));
        assertThat(made.exit()).as(made.err()).isZero();
        JsonNode planRun = new ObjectMapper().readTree(planJson.toFile());
        Path planPage = temp.resolve("plan.html");

        CliRun shown = CliRun.of("plan", "show", plan.toString(), "--report-html", planPage.toString());

        assertThat(shown.exit()).as(shown.err()).isZero();
        open(planPage);
        assertThat(text("#outcome-title")).isEqualTo("Dry run");
        assertThat(text("#fig-orphans .count")).isEqualTo(count(planRun.at("/orphans/count")));
        assertThat(text("#fig-orphans .bytes")).isEqualTo(ReportWriter.humanBytes(planRun.at("/orphans/bytes").asLong()));
        assertThat(text("#fig-objects .count")).isEqualTo(count(planRun.at("/objects/count")));
        assertThat(text("#fig-referenced .count")).isEqualTo(count(planRun.at("/referenced/count")));
        List<String> candidates = embeddedKeys(Files.readString(planPage, StandardCharsets.UTF_8));
        assertThat(candidates).containsExactlyInAnyOrderElementsOf(listedOrphans);
        assertThat(text("#matches")).isEqualTo(count(candidates.size()) + " orphans");
        // A plan keeps each source's values, not its rows or time: those cells stay blank, never a made-up figure.
        assertThat(texts("#sources tbody tr td:nth-child(2)")).isNotEmpty().allMatch(String::isEmpty);
        assertThat(texts("#sources tbody tr td:nth-child(3)")).containsExactlyElementsOf(valuesOf(planRun.at("/sources")));
    }

    @Test
    void theHistoryPageDrawsABarPerRunAndFigureAndAPastRunsPageSaysItsListIsNotKept() throws IOException {
        // Of the runs above only the refused one ran with --apply: the dry runs saved no report.
        String refusedId = refusedJson.at("/runId").asText();
        Path history = temp.resolve("runs.html");
        CliRun made = CliRun.of("report", "--history", "--store", data.media().toString(), "--html", history.toString());
        assertThat(made.exit()).as(made.err()).isZero();

        browser.get(history.toUri().toString()); // no script on this page: nothing to wait for
        assertThat(texts("tr.run td:first-child")).containsExactly(refusedId);
        assertThat(text("tr.run td.orphans")).isEqualTo(count(refusedJson.at("/orphans/count")));
        assertThat(text("tr.run td.objects")).isEqualTo(count(refusedJson.at("/objects/count")));
        assertThat(browser.findElements(By.cssSelector("svg rect.bar-mark.refused"))).hasSize(4);
        assertThat(browser.findElement(By.cssSelector("#chart-orphans")).getSize().getWidth()).isGreaterThan(200);

        Path past = temp.resolve("past.html");
        CliRun pastPage = CliRun.of("report", refusedId, "--store", data.media().toString(), "--html", past.toString());
        assertThat(pastPage.exit()).as(pastPage.err()).isZero();
        open(past); // its script finds no list and says the page is ready, with no error shown
        assertThat(text("#outcome-title")).isEqualTo("Refused");
        assertThat(text("#fig-orphans .count")).isEqualTo(count(refusedJson.at("/orphans/count")));
        assertThat(text("#list-not-kept")).contains("not kept");
        assertThat(browser.findElements(By.cssSelector("#rows, #search"))).isEmpty();
    }

    @Test
    void theHistoryOfSeveralRunsDrawsEachRunsFiguresInOrder() throws IOException {
        // A small app swept five times as it grows: orphans of varying number and size each time, one run refused.
        try (SmallApp app = new SmallApp(TestDatabase.Kind.SQLITE.create(temp), Files.createDirectories(temp.resolve("growing")),
                120, 30)) {
            List<JsonNode> runs = new ArrayList<>();
            runs.add(appliedSweep(app, "run-1"));
            writeOrphans(app.media, "uploads/2026-10", 14, 900_000);
            runs.add(appliedSweep(app, "run-2"));
            writeOrphans(app.media, "uploads/2026-11", 75, 300_000);
            runs.add(appliedSweep(app, "run-3", "--max-delete", "50"));
            runs.add(appliedSweep(app, "run-4"));
            addLiveFiles(app, 120, 80);
            writeOrphans(app.media, "uploads/2026-12", 40, 1_200_000);
            runs.add(appliedSweep(app, "run-5"));
            assertThat(runs).extracting(run -> run.at("/outcome").asText())
                    .containsExactly("APPLIED", "APPLIED", "REFUSED", "APPLIED", "APPLIED");
            assertThat(runs).extracting(run -> run.at("/orphans/count").asLong()).containsExactly(30L, 14L, 75L, 75L, 40L);
            Path history = temp.resolve("growing-runs.html");
            CliRun made = CliRun.of("report", "--history", "--store", app.media.toString(), "--html", history.toString());
            assertThat(made.exit()).as(made.err()).isZero();

            browser.get(history.toUri().toString());

            assertThat(texts("tr.run td:first-child")).containsExactlyElementsOf(
                    runs.stream().map(run -> run.at("/runId").asText()).toList());
            assertThat(texts("tr.run td.orphans")).containsExactly("30", "14", "75", "75", "40");
            assertThat(texts("tr.run td.objects")).containsExactlyElementsOf(
                    runs.stream().map(run -> count(run.at("/objects/count"))).toList());
            assertThat(browser.findElements(By.cssSelector("svg rect.bar-mark"))).hasSize(4 * runs.size());
            assertThat(browser.findElements(By.cssSelector("svg rect.bar-mark.refused"))).hasSize(4);
            screenshot("history-screenshot.png");
        }
    }

    // ---- helpers ----

    /** An applied sweep of {@code app} (refused, when {@code extra} says so), its JSON report read back. */
    private JsonNode appliedSweep(SmallApp app, String name, String... extra) throws IOException {
        Path report = temp.resolve(name + ".json");
        List<String> args = new ArrayList<>(SmallAppSweep.args(app, "--apply", "--report", report.toString()));
        args.addAll(List.of(extra));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out() + run.err()).isIn(0, ExitCode.REFUSED);
        return new ObjectMapper().readTree(report.toFile());
    }

    /** {@code count} unreferenced files of about {@code bytes} each under {@code folder}, a month old. */
    private static void writeOrphans(Path media, String folder, int count, int bytes) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = Files.createDirectories(media.resolve(folder)).resolve("upload-" + i + ".jpg");
            Files.write(file, new byte[bytes / 2 + (i * 7919) % bytes]);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
        }
    }

    /** {@code count} more referenced files, with ids from {@code firstId}. */
    private static void addLiveFiles(SmallApp app, int firstId, int count) {
        StringBuilder insert = new StringBuilder("INSERT INTO profile VALUES ");
        for (int i = 0; i < count; i++) {
            String key = "avatars/new/live-" + i + ".png";
            app.write(key, Duration.ofDays(10));
            insert.append(i == 0 ? "" : ",").append("(").append(firstId + i).append(", '").append(key).append("')");
        }
        app.db.execute(insert.toString());
    }


    private static String[] sweepArgs(String... extra) {
        return DjangoStyleSweep.args(db, data, extra);
    }

    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "the HTML report's browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + message);
        }
        System.out.println("HtmlReportBrowserTest skipped: " + message);
        Assumptions.abort("skipped: " + message);
    }

    /** Headless Chromium driven by the installed chromedriver: Selenium Manager never downloads a driver. */
    static WebDriver chromium() {
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1800", "--no-first-run", "--disable-background-networking");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    static void open(Path file) {
        open(browser, file);
    }

    /** Opens the page and waits until its script has shown the table's first rows (or failed to). */
    static void open(WebDriver driver, Path file) {
        driver.get(file.toUri().toString());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d ->
                ((JavascriptExecutor) d).executeScript("return document.body.dataset.ready || null") != null);
        assertThat(((JavascriptExecutor) driver).executeScript("return document.body.dataset.ready")).isEqualTo("true");
    }

    private static void search(String text) {
        WebElement box = browser.findElement(By.id("search"));
        box.clear();
        box.sendKeys(text);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                text.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.searched || null")));
    }

    private static void sort(String column) {
        browser.findElement(By.cssSelector("button.sort[data-sort=" + column + "]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                column.equals(((JavascriptExecutor) d).executeScript("return document.body.dataset.sorted || null")));
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static List<String> texts(String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> valuesOf(JsonNode sources) {
        List<String> out = new ArrayList<>();
        sources.forEach(n -> out.add(count(n.get("values"))));
        return out;
    }

    private static String count(JsonNode n) {
        return count(n.asLong());
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static void screenshot(String name) throws IOException {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Files.createDirectories(Path.of("target"));
        Files.copy(shot.toPath(), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * A copy of {@code file} with a script between the page's script and its embedded list: it notes
     * what the table shows at that moment, before the browser has read the list.
     */
    private static Path observedBeforeTheList(Path file, String name) throws IOException {
        String html = Files.readString(file, StandardCharsets.UTF_8);
        int list = html.indexOf("<script type=\"text/plain\" id=\"orphan-list\"");
        String observer = "<script>(function () { var d = document.body.dataset;"
                + " d.rowsBefore = Array.from(document.querySelectorAll('#rows tr')).map(function (tr) {"
                + " return Array.from(tr.cells).map(function (c) { return c.textContent + (c.title ? ' (' + c.title + ')' : ''); })"
                + ".join('\\t'); }).join('\\n');"
                + " d.noticeBefore = document.getElementById('matches').textContent;"
                + " d.listReadBefore = String(document.getElementById('orphan-list') !== null);"
                + " d.searchDisabledBefore = String(document.getElementById('search').disabled); })();</script>\n";
        Path observed = temp.resolve(name);
        Files.writeString(observed, html.substring(0, list) + observer + html.substring(list), StandardCharsets.UTF_8);
        return observed;
    }

    /** The table's rows as the observer above words them. */
    private static List<String> rowsNow() {
        return tableRows(browser);
    }

    /** The table's rows shown in {@code browser}: each cell's text and its title (a size's exact bytes), tab-separated. */
    static List<String> tableRows(WebDriver browser) {
        @SuppressWarnings("unchecked")
        List<String> rows = (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelectorAll('#rows tr')).map(function (tr) {"
                        + " return Array.from(tr.cells).map(function (c) { return c.textContent + (c.title ? ' (' + c.title + ')' : ''); })"
                        + ".join('\\t'); })");
        return rows;
    }

    /** The keys of the page's embedded list, in the table's default order. */
    static List<String> embeddedKeys(String html) throws IOException {
        return PageOrphanList.keys(html);
    }
}
