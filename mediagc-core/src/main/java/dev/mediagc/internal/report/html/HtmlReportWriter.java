package dev.mediagc.internal.report.html;

import dev.mediagc.DanglingBySource;
import dev.mediagc.SourceFigures;
import dev.mediagc.SweepReport;
import dev.mediagc.Tally;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.internal.report.Json;
import dev.mediagc.internal.report.ReportWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one sweep's report as a single self-contained HTML page: styles and script inline (kept
 * as resources beside this class), no request to anywhere (its Content-Security-Policy forbids
 * them), readable from {@code file://} and as an e-mail attachment. The key figures, the sections,
 * the age histogram and the table's first page ({@link FirstPage}) are plain HTML, readable without
 * JavaScript; the script adds the folder drill-down and the searchable, sortable table of every
 * orphan, decoded from an embedded compressed list ({@link EmbeddedOrphanList}) that ends the page,
 * after the script, so the first rows show before the browser has read it.
 *
 * <p>The orphans are read twice from their source (once to sum them by folder and by age, once to
 * embed them), so memory stays bounded by the folder cap whatever the number of orphans. Anything
 * that has a {@link SweepReport} and its orphans can write a page: the sweep itself, and later a
 * command that rebuilds one from a past run.
 */
public final class HtmlReportWriter {

    /** Folders tracked for the drill-down; beyond them orphans count in a folder above (see {@link FolderTotals}). */
    public static final int MAX_FOLDERS = 10_000;

    static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
            + "img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(java.time.ZoneOffset.UTC);

    /** How a dry run words what a guard would have refused (see the Sweeper). */
    private static final String WOULD_REFUSE = "an applied run would refuse: ";

    /** What the page says where a run's list of orphans is not at hand. */
    private static final String NOT_KEPT = "The list of orphans is not kept for this run: a run that stopped before "
            + "its listing ended has none, and a past run's page shows what its journal says it acted on, when it acted.";

    private final int maxFolders;

    public HtmlReportWriter() {
        this(MAX_FOLDERS);
    }

    HtmlReportWriter(int maxFolders) {
        this.maxFolders = maxFolders;
    }

    /** Writes the page to {@code file} (through a temporary file beside it, so a reader never sees half a page). */
    public void write(SweepReport report, OrphanSource orphans, Path file) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                write(report, orphans, out);
            }
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the page to {@code out}, left open. */
    public void write(SweepReport report, OrphanSource orphans, OutputStream out) throws IOException {
        Instant start = report.startedAt() == null ? Instant.now() : report.startedAt();
        Duration grace = gracePeriod(report.minAge());
        FolderTotals folders = new FolderTotals(maxFolders);
        AgeHistogram ages = new AgeHistogram(start, grace);
        FirstPage firstPage = new FirstPage();
        long[] listed = new long[1];
        orphans.forEach(orphan -> {
            long age = ages.ageSeconds(orphan.lastModified());
            folders.add(orphan.key(), orphan.size());
            ages.add(age, orphan.size());
            firstPage.offer(orphan.key(), orphan.size(), age);
            listed[0]++;
        });

        Writer page = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        page.write(head(report));
        page.write(body(report, folders, ages, listed[0], firstPage, orphans));
        page.write("<script type=\"application/json\" id=\"report-json\">");
        page.write(Html.scriptSafeJson(ReportWriter.toJson(report)));
        page.write("</script>\n<script type=\"application/json\" id=\"folders\">");
        page.write(Html.scriptSafeJson(foldersJson(folders)));
        // The script comes before the big list: it runs while the browser has yet to read the list,
        // so the first page, already in the HTML above, is usable at once; it decodes the list once
        // the whole document is read.
        page.write("</script>\n<script>\n");
        page.write(resource("report.js"));
        page.write("</script>\n<script type=\"text/plain\" id=\"orphan-list\" data-rows=\"" + listed[0] + "\">");
        page.flush();
        try (EmbeddedOrphanList list = new EmbeddedOrphanList(out)) {
            orphans.forEach(orphan -> list.add(orphan, ages.ageSeconds(orphan.lastModified())));
            if (list.count() != listed[0]) {
                throw new IOException("the orphans changed between two readings: " + listed[0] + ", then " + list.count());
            }
        }
        page.write("</script>\n</body>\n</html>\n");
        page.flush();
    }

    private static Duration gracePeriod(String minAge) {
        try {
            return minAge == null ? Duration.ZERO : DurationParser.parse(minAge);
        } catch (RuntimeException unreadable) {
            return Duration.ZERO;
        }
    }

    private static String head(SweepReport report) throws IOException {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"" + CSP + "\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>mediagc " + Html.escape(outcomeTitle(report)) + ": run " + Html.escape(report.runId())
                + "</title>\n<style>\n" + resource("report.css") + "</style>\n</head>\n";
    }

    private String body(SweepReport report, FolderTotals folders, AgeHistogram ages, long listed, FirstPage firstPage,
            OrphanSource orphans) {
        boolean kept = orphans != OrphanSource.NONE;
        StringBuilder b = new StringBuilder(16_384);
        b.append("<body>\n<header><h1>mediagc sweep report</h1><p class=\"run\">run <code id=\"run-id\">")
                .append(Html.escape(report.runId())).append("</code> on <code id=\"store\">")
                .append(Html.escape(report.store())).append("</code></p></header>\n");
        outcome(b, report);
        figures(b, report);
        sources(b, report);
        folderSection(b, folders, listed, kept);
        histogram(b, report, ages, kept);
        guards(b, report);
        lastMoment(b, report);
        warnings(b, report);
        if (!kept) {
            b.append("<section id=\"orphan-table\"><h2>Every orphan</h2>\n<p id=\"list-not-kept\" class=\"note\">")
                    .append(NOT_KEPT).append(" The figures above are the run's own.</p>\n</section>\n");
            return footer(b);
        }
        b.append("<section id=\"orphan-table\"><h2>Every orphan</h2>\n")
                .append("<p>").append(count(listed)).append(' ').append(Html.escape(orphans.wording())).append(' ')
                .append("Search matches any part of a key; choose a column to sort by it.</p>\n")
                .append("<noscript><p class=\"note\">Without JavaScript the table shows its first ").append(FirstPage.ROWS)
                .append(" rows only; the figures above need none.</p></noscript>\n")
                .append("<div class=\"controls\"><input id=\"search\" type=\"search\" placeholder=\"Search keys\" ")
                .append("aria-label=\"Search keys\"> <span id=\"matches\"></span></div>\n")
                .append("<table class=\"orphans\" data-rows=\"").append(listed).append("\">")
                .append("<thead><tr><th><button class=\"sort\" data-sort=\"key\" ")
                .append("title=\"Sort A to Z\">Key</button></th><th class=\"num\"><button class=\"sort\" ")
                .append("data-sort=\"size\" title=\"Biggest first\">Size</button></th><th class=\"num\"><button ")
                .append("class=\"sort\" data-sort=\"age\" title=\"Oldest first\">Age</button></th></tr></thead>")
                .append("<tbody id=\"rows\">\n");
        firstPage.appendTo(b);
        b.append("</tbody></table>\n")
                .append("<div class=\"pager\"><button id=\"first\">First</button> <button id=\"prev\">Previous</button> ")
                .append("<span id=\"page\"></span> <button id=\"next\">Next</button> <button id=\"last\">Last</button></div>\n")
                .append("</section>\n");
        return footer(b);
    }

    private static String footer(StringBuilder b) {
        b.append("<footer><p>Written by mediagc. This page makes no network request; the data it shows is inside it ")
                .append("(the report as JSON in <code>#report-json</code>).</p></footer>\n");
        return b.toString();
    }

    private static void outcome(StringBuilder b, SweepReport report) {
        SweepReport.Outcome outcome = report.outcome();
        String kind = outcome == null ? "unfinished" : outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        b.append("<section id=\"outcome\" class=\"outcome ").append(kind).append("\">\n<h2 id=\"outcome-title\">")
                .append(Html.escape(outcomeTitle(report))).append("</h2>\n<p id=\"outcome-words\">");
        Tally orphans = report.orphans();
        if (outcome == null) {
            b.append("The run did not finish.");
        } else {
            switch (outcome) {
                case DRY_RUN -> b.append("Nothing was changed. ").append(count(orphans.count()))
                        .append(" orphan(s), ").append(bytes(orphans)).append(", are old enough to act on: an applied ")
                        .append("run would quarantine or delete them, after checking each one again.");
                case APPLIED -> {
                    b.append("The run acted: ").append(count(report.quarantined().count())).append(" quarantined (")
                            .append(bytes(report.quarantined())).append("), ").append(count(report.deleted().count()))
                            .append(" deleted (").append(bytes(report.deleted())).append(").");
                    if (report.failed().count() > 0) {
                        b.append(" ").append(count(report.failed().count()))
                                .append(" action(s) failed; those files are still in place.");
                    }
                    if (report.quarantined().count() > 0) {
                        b.append(" Undo with <code>mediagc restore ").append(Html.escape(report.runId()))
                                .append("</code>.");
                    }
                }
                case REFUSED -> b.append("A guard stopped the run before its first action; nothing was changed.");
                case FAILED -> b.append("An error stopped the run; nothing was changed after the error.");
            }
        }
        b.append("</p>\n");
        if (report.reason() != null) {
            b.append("<p>Why: <span id=\"outcome-reason\">").append(Html.escape(report.reason())).append("</span></p>\n");
        }
        b.append("</section>\n");
    }

    private static String outcomeTitle(SweepReport report) {
        if (report.outcome() == null) {
            return "Unfinished";
        }
        return switch (report.outcome()) {
            case DRY_RUN -> "Dry run";
            case APPLIED -> "Applied";
            case REFUSED -> "Refused";
            case FAILED -> "Failed";
        };
    }

    private static void figures(StringBuilder b, SweepReport report) {
        b.append("<section id=\"figures\"><h2>Key figures</h2>\n<table class=\"settings\">\n");
        setting(b, "outcome", "Outcome", outcomeTitle(report));
        setting(b, "action", "Action", report.action() == null ? "none (dry run)" : report.action());
        setting(b, "grace-period", "Grace period (min-age)", report.minAge());
        setting(b, "started", "Started", report.startedAt() == null ? "" : TIME.format(report.startedAt()));
        setting(b, "finished", "Finished", report.finishedAt() == null ? "" : TIME.format(report.finishedAt()));
        b.append("</table>\n<table class=\"figures\">\n<thead><tr><th></th><th class=\"num\">Count</th>")
                .append("<th class=\"num\">Size</th><th>What it means</th></tr></thead>\n<tbody>\n");
        b.append("<tr id=\"fig-references\"><th>References (distinct)</th><td class=\"num count\">")
                .append(count(report.references())).append("</td><td></td><td>file names the database holds</td></tr>\n");
        figure(b, "objects", "Objects", report.objects(), "everything the store listed");
        figure(b, "referenced", "Referenced", report.referenced(), "listed objects a reference names: kept");
        figure(b, "orphans", "Orphans", report.orphans(), "named by no reference and older than the grace period");
        figure(b, "young-orphans", "Young orphans", report.youngOrphans(), "younger than the grace period: kept");
        figure(b, "dangling-references", "Dangling references", report.danglingReferences(),
                "references naming a file the store lacks (broken images)");
        figure(b, "derived-looking", "Look derived", report.derivedLooking(),
                "orphans that look derived from referenced files (the derived-files guard)");
        figure(b, "kept-derived", "Kept as derived", report.keptDerived(), "kept by a derived rule");
        figure(b, "excluded", "Excluded", report.excluded(), "kept by an exclude pattern");
        figure(b, "unreadable", "Unreadable", report.unreadable(), "entries the store could not read: kept");
        if (report.apply()) {
            figure(b, "quarantined", "Quarantined", report.quarantined(), "moved into the quarantine");
            figure(b, "deleted", "Deleted", report.deleted(), "deleted for good");
            figure(b, "failed", "Failed", report.failed(), "actions that failed: still in place");
        }
        b.append("<tr id=\"fig-warnings\"><th>Warnings</th><td class=\"num count\">").append(count(report.warnings().size()))
                .append("</td><td></td><td>things worth a look, listed below</td></tr>\n");
        b.append("</tbody></table>\n</section>\n");
    }

    private static void setting(StringBuilder b, String id, String label, String value) {
        b.append("<tr id=\"set-").append(id).append("\"><th>").append(label).append("</th><td class=\"value\">")
                .append(Html.escape(value)).append("</td></tr>\n");
    }

    private static void figure(StringBuilder b, String id, String label, Tally tally, String meaning) {
        b.append("<tr id=\"fig-").append(id).append("\"><th>").append(label).append("</th><td class=\"num count\">")
                .append(count(tally.count())).append("</td><td class=\"num bytes\" title=\"").append(tally.bytes())
                .append(" bytes\">").append(sizeCell(tally)).append("</td><td>").append(meaning).append("</td></tr>\n");
    }

    private static void sources(StringBuilder b, SweepReport report) {
        if (report.sources().isEmpty()) {
            return;
        }
        b.append("<section id=\"sources\"><h2>Reference sources</h2>\n<table><thead><tr><th>Source</th>")
                .append("<th class=\"num\">Rows</th><th class=\"num\">Values</th><th class=\"num\">Seconds</th></tr></thead><tbody>\n");
        for (SourceFigures s : report.sources()) {
            b.append("<tr><td><code>").append(Html.escape(s.name())).append("</code></td><td class=\"num\">")
                    .append(s.rows() < 0 ? "" : count(s.rows())).append("</td><td class=\"num\">").append(count(s.values()))
                    .append("</td><td class=\"num\">").append(s.seconds() < 0 ? "" : String.format(Locale.ROOT, "%.1f", s.seconds()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }

    private void folderSection(StringBuilder b, FolderTotals folders, long listed, boolean kept) {
        if (!kept) {
            b.append("<section id=\"folders-section\"><h2>Orphans by folder</h2>\n<p class=\"note\">").append(NOT_KEPT)
                    .append("</p>\n</section>\n");
            return;
        }
        b.append("<section id=\"folders-section\"><h2>Orphans by folder</h2>\n<p>Bytes of orphans per folder, biggest ")
                .append("first; choose a folder to see inside it.");
        if (folders.capped()) {
            b.append(" <span id=\"folders-capped\" class=\"note\">Only the first ").append(count(maxFolders))
                    .append(" folders met are shown one by one; orphans in the others count in the nearest folder ")
                    .append("above them that is shown.</span>");
        }
        b.append("</p>\n<noscript><p class=\"note\">The drill-down needs JavaScript.</p></noscript>\n")
                .append("<nav id=\"crumbs\" aria-label=\"Folder\"></nav>\n<div id=\"folder-bars\" class=\"bars\"></div>\n")
                .append("</section>\n");
    }

    private static void histogram(StringBuilder b, SweepReport report, AgeHistogram ages, boolean kept) {
        if (!kept) {
            b.append("<section id=\"ages\"><h2>Orphans by age</h2>\n<p class=\"note\">").append(NOT_KEPT)
                    .append(" Orphans younger than the grace period (<code>").append(Html.escape(report.minAge()))
                    .append("</code>), kept: ").append(count(report.youngOrphans().count())).append(".</p>\n</section>\n");
            return;
        }
        List<AgeHistogram.Bucket> buckets = ages.buckets();
        long most = report.youngOrphans().count();
        for (AgeHistogram.Bucket bucket : buckets) {
            most = Math.max(most, bucket.count());
        }
        b.append("<section id=\"ages\"><h2>Orphans by age</h2>\n<p>Age at the run's start. Orphans younger than ")
                .append("the grace period (<code>").append(Html.escape(report.minAge()))
                .append("</code>) are kept and not listed; the line marks where it ends.</p>\n")
                .append("<div class=\"histogram\" id=\"age-histogram\">\n");
        b.append("<div class=\"bucket young\" title=\"kept\"><div class=\"bar\" style=\"height:")
                .append(percent(report.youngOrphans().count(), most)).append("%\"></div><div class=\"label\">younger than ")
                .append(Html.escape(report.minAge())).append("<br>").append(count(report.youngOrphans().count()))
                .append(" (kept)</div></div>\n<div class=\"grace\" title=\"grace period\"><span>grace period ")
                .append(Html.escape(report.minAge())).append("</span></div>\n");
        for (AgeHistogram.Bucket bucket : buckets) {
            String label = bucket.to() == null ? "over " + age(bucket.from()) : age(bucket.from()) + " to " + age(bucket.to());
            b.append("<div class=\"bucket age-bucket\" data-count=\"").append(bucket.count()).append("\" data-bytes=\"")
                    .append(bucket.bytes()).append("\"><div class=\"bar\" style=\"height:")
                    .append(percent(bucket.count(), most)).append("%\"></div><div class=\"label\">").append(label)
                    .append("<br>").append(count(bucket.count())).append("<br>")
                    .append(ReportWriter.humanBytes(bucket.bytes())).append("</div></div>\n");
        }
        b.append("</div>\n</section>\n");
    }

    private static void guards(StringBuilder b, SweepReport report) {
        b.append("<section id=\"findings\"><h2>Guards' findings</h2>\n");
        List<String> wouldRefuse = report.warnings().stream().filter(w -> w.startsWith(WOULD_REFUSE)).toList();
        if (!wouldRefuse.isEmpty()) {
            b.append("<div class=\"finding\" id=\"finding-would-refuse\"><h3>An applied run would refuse: <span ")
                    .append("class=\"count\">").append(count(wouldRefuse.size())).append("</span></h3>\n<ul>\n");
            for (String warning : wouldRefuse) {
                b.append("<li>").append(Html.escape(warning.substring(WOULD_REFUSE.length()))).append("</li>\n");
            }
            b.append("</ul>\n</div>\n");
        }
        finding(b, "derived-looking", "Orphans that look derived from referenced files", report.derivedLooking(),
                "The derived-files guard: many orphans named like a referenced file plus a suffix (thumbnails, "
                        + "resized copies) usually mean a rule is missing, and an applied run refuses.");
        finding(b, "referenced-leniently", "Referenced only in a lenient spelling", report.referencedLeniently(),
                "Kept, but the application may not find them either: a prefix spelt otherwise, a URL query, blanks.");
        if (!report.keptDerivedByRule().isEmpty()) {
            b.append("<h3>Kept by derived rules</h3>\n<table id=\"derived-rules\"><thead><tr><th>Rule</th>")
                    .append("<th class=\"num\">Kept</th></tr></thead><tbody>\n");
            for (Map.Entry<String, Tally> rule : report.keptDerivedByRule().entrySet()) {
                b.append("<tr><td><code>").append(Html.escape(rule.getKey())).append("</code></td><td class=\"num\">")
                        .append(count(rule.getValue().count())).append("</td></tr>\n");
            }
            b.append("</tbody></table>\n");
        }
        finding(b, "unreadable", "Unreadable entries", report.unreadable(), "Whatever they hold is kept.");
        finding(b, "excluded", "Excluded", report.excluded(), "Kept by an exclude pattern.");
        b.append("</section>\n<section id=\"dangling\"><h2>Dangling references</h2>\n");
        finding(b, "dangling", "References naming a file the store lacks", report.danglingReferences(),
                "Broken images or downloads in the application; nothing mediagc removes, worth a look.");
        danglingBySource(b, report.danglingReferencesBySource());
        b.append("</section>\n");
    }

    /**
     * Who names the dangling references: a row per source and one for those several name; counts
     * add up. None with a single source, whose row would only repeat the total.
     */
    private static void danglingBySource(StringBuilder b, List<DanglingBySource> rows) {
        if (rows.size() <= 1) {
            return;
        }
        b.append("<h3>By source</h3>\n<table id=\"dangling-by-source\"><thead><tr><th>Source</th>")
                .append("<th class=\"num\">Dangling</th><th>Samples</th></tr></thead><tbody>\n");
        for (DanglingBySource row : rows) {
            b.append("<tr class=\"").append(row.namedBy() == DanglingBySource.NamedBy.ONE_SOURCE ? "one-source" : "several-sources")
                    .append("\"><td class=\"source\">");
            if (row.namedBy() == DanglingBySource.NamedBy.ONE_SOURCE) {
                b.append("<code>").append(Html.escape(row.source())).append("</code>");
            } else {
                b.append("<em>").append(Html.escape(row.label())).append("</em>");
            }
            b.append("</td><td class=\"num count\">").append(count(row.count())).append("</td><td class=\"samples\">");
            for (String key : row.samples()) {
                b.append("<code>").append(Html.escape(key)).append("</code> ");
            }
            if (row.count() > row.samples().size() && !row.samples().isEmpty()) {
                b.append("… and ").append(count(row.count() - row.samples().size())).append(" more");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static void lastMoment(StringBuilder b, SweepReport report) {
        b.append("<section id=\"last-moment\"><h2>Kept at the last moment</h2>\n");
        if (!report.apply()) {
            b.append("<p>A dry run acts on nothing, so nothing is kept at the last moment.</p>\n</section>\n");
            return;
        }
        b.append("<p>Each candidate is checked again just before acting, and once more after moving.</p>\n");
        finding(b, "kept-referenced-again", "Referenced again", report.keptReferencedAgain(),
                "A reference named them when they were checked again just before acting: kept.");
        finding(b, "kept-changed", "Changed since listing", report.keptChanged(),
                "Rewritten or gone between listing and acting: kept.");
        finding(b, "re-referenced", "Put back: referenced again", report.reReferenced(),
                "Moved, then named by the second complete mark: put back at once.");
        finding(b, "put-back-after-failure", "Put back: the run failed", report.putBackAfterFailure(),
                "Moved, then put back because the run failed or its second mark could not be trusted.");
        finding(b, "superseded", "Superseded", report.superseded(),
                "Moved and referenced again, but the application had written a new file under the same key, which "
                        + "serves the reference; the old copy stays in the quarantine.");
        finding(b, "failed", "Failed actions", report.failed(), "The action failed; those files are still in place.");
        b.append("</section>\n");
    }

    private static void finding(StringBuilder b, String id, String title, Tally tally, String meaning) {
        b.append("<div class=\"finding\" id=\"finding-").append(id).append("\"><h3>").append(title).append(": <span class=\"count\">")
                .append(count(tally.count())).append("</span></h3>\n<p>").append(meaning).append("</p>\n");
        if (!tally.samples().isEmpty()) {
            b.append("<ul class=\"samples\">\n");
            for (String key : tally.samples()) {
                b.append("<li><code>").append(Html.escape(key)).append("</code></li>\n");
            }
            b.append("</ul>\n");
            if (tally.count() > tally.samples().size()) {
                b.append("<p class=\"more\">… and ").append(count(tally.count() - tally.samples().size()))
                        .append(" more</p>\n");
            }
        }
        b.append("</div>\n");
    }

    private static void warnings(StringBuilder b, SweepReport report) {
        b.append("<section id=\"warnings\"><h2>Warnings</h2>\n");
        if (report.warnings().isEmpty()) {
            b.append("<p>None.</p>\n");
        } else {
            b.append("<ul>\n");
            for (String warning : report.warnings()) {
                b.append("<li>").append(Html.escape(warning)).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        b.append("</section>\n");
    }

    /** {"capped":…, "folders":[[path, count, bytes], …]}, the root first. */
    private static String foldersJson(FolderTotals folders) throws IOException {
        List<Object[]> rows = new ArrayList<>();
        for (FolderTotals.Folder folder : folders.folders()) {
            rows.add(new Object[] {folder.path(), folder.count(), folder.bytes()});
        }
        return Json.mapper().writeValueAsString(Map.of("capped", folders.capped(), "folders", rows));
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String bytes(Tally tally) {
        return (tally.bytesComplete() ? "" : "at least ") + ReportWriter.humanBytes(tally.bytes());
    }

    /** As {@link #bytes}, blank when nothing was counted with a size (references have none). */
    private static String sizeCell(Tally tally) {
        return tally.bytes() == 0 ? "" : bytes(tally);
    }

    private static String percent(long part, long whole) {
        return whole == 0 ? "0" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }

    /** A bucket edge as people say it: 6h, 7d, 1y. */
    static String age(Duration age) {
        long s = age.toSeconds();
        long day = 86_400;
        if (s > 0 && s % (365 * day) == 0) {
            return s / (365 * day) + "y";
        }
        if (s > 0 && s % day == 0) {
            return s / day + "d";
        }
        if (s > 0 && s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s > 0 && s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    static String resource(String name) throws IOException {
        try (InputStream in = HtmlReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name + " beside " + HtmlReportWriter.class.getName());
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (text.toLowerCase(Locale.ROOT).contains("</" + "script") || text.toLowerCase(Locale.ROOT).contains("</" + "style")) {
                throw new IOException(name + " would end the element it is inlined in");
            }
            return text;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
