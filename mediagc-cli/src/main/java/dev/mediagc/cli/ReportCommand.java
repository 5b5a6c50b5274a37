package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.RunReports;
import dev.mediagc.spi.ObjectStore;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "Write the HTML page of a past run, or of the trend across runs, from the reports the store keeps.",
            "",
            "Every run with --apply (applied, refused or failed; never a dry run, which writes nothing into the "
                + "store) saves its final report in the store's .mediagc/reports/ (the newest 1,000). RUN_ID: that "
                + "run's page, as 'sweep --report-html' writes it, its table listing what the run's journal says it "
                + "moved out of place and kept out. --history: one page with, per run in time order, objects, "
                + "orphans, bytes reclaimed, failed actions and outcome, as charts and a table. One self-contained "
                + "file either way. Reads the store only; needs no database.",
            "",
            "Example: mediagc report 20261124T040512Z-3fa2 --store /var/www/media --html run.html",
            "Example: mediagc report --history --store s3://media-bucket/uploads --html runs.html"})
final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_ID",
            description = "The run id a sweep printed ('mediagc runs' and the --history page list them).")
    String runId;

    @Option(names = "--history", description = "The trend across every saved report instead of one run's page.")
    boolean history;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder or s3://bucket/prefix.")
    String store;

    @Option(names = "--html", paramLabel = "FILE", required = true, description = "Where to write the page.")
    Path html;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws Exception {
        if (history == (runId != null)) {
            throw new UsageException("give either RUN_ID or --history (e.g. mediagc report --history --store "
                    + store + " --html runs.html)");
        }
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(store))) {
            RunReports reports = MediaGc.reports(objectStore);
            if (history) {
                reports.writeHistoryPage(html);
                System.out.println("wrote the runs of " + store + " to " + html);
            } else {
                reports.writePage(runId, html);
                System.out.println("wrote run " + runId + " to " + html);
            }
            return ExitCode.OK;
        }
    }
}
