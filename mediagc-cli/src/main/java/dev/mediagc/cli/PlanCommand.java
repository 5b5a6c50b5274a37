package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.PlanSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mediagc plan show FILE}: what a plan holds, for the person who decides whether to apply it. */
@Command(name = "plan", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "Look at a plan written by 'mediagc sweep --plan FILE' before applying it with 'mediagc apply FILE'.",
            "",
            "A plan is gzip-compressed JSON Lines: a header line (store, database, settings, figures), one line per "
                + "candidate ({\"key\",\"size\",\"modified\",\"version\",\"reason\"}) in key order, and a trailer "
                + "counting them; 'zcat FILE | jq' reads it too."},
        subcommands = {PlanCommand.Show.class})
final class PlanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Sums a plan up: counts, bytes, ages, top folders, samples; reading it whole checks it is complete. */
    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            footer = {"", ExitCode.SUMMARY},
            description = {"Summarise a plan: where and when it was made, its candidates' count, bytes and ages, the "
                    + "top folders holding them and a few samples. Reads the whole plan, so a plan cut short fails here.",
                "",
                "Example: mediagc plan show plan.jsonl.gz --report-html plan.html"})
    static final class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "The plan file.")
        Path file;

        @Option(names = "--report-html", paramLabel = "FILE.html",
                description = "Also write the plan as one self-contained web page, as 'sweep --report-html' does: "
                        + "its candidates by folder (bytes and counts, drill-down) and by age, the figures and warnings "
                        + "of the run that made it, and a searchable table of every candidate. Opens from disk; makes "
                        + "no network request.")
        Path reportHtml;

        @Override
        public Integer call() throws IOException {
            PlanSummary plan = MediaGc.describePlan(file);
            PrintStream out = System.out;
            out.printf("plan %s%n", file);
            out.printf("  made      %s by %s, store as of %s%n", plan.created(), plan.engine(), plan.listedAsOf());
            out.printf("  store     %s%n", plan.store());
            out.printf("  database  %s%n", plan.database() == null ? "(not one JDBC database)" : plan.database());
            out.printf("  settings  %s (min-age %s)%n", plan.settings(), plan.minAge());
            out.printf("  candidates %,d of %,d objects listed, %s%n", plan.candidates(), plan.objects(), bytes(plan.bytes()));
            if (plan.oldest() != null) {
                out.printf("  modified  from %s to %s%n", plan.oldest(), plan.newest());
            }
            if (!plan.topFolders().isEmpty()) {
                out.println("  top folders:");
                for (PlanSummary.Folder folder : plan.topFolders()) {
                    out.printf("    %,12d  %10s  %s%n", folder.candidates(), bytes(folder.bytes()),
                            folder.folder().isEmpty() ? "(files at the root)" : folder.folder());
                }
            }
            if (!plan.samples().isEmpty()) {
                out.println("  samples:");
                plan.samples().forEach(key -> out.println("    " + key));
            }
            if (plan.derivedLookingRefusal() != null) {
                out.println("  apply will refuse: " + FlagWording.of(plan.derivedLookingRefusal()));
            }
            plan.warnings().forEach(w -> out.println("  warning: " + FlagWording.of(w)));
            if (reportHtml != null) {
                MediaGc.writePlanPage(file, reportHtml);
                out.println("  page      " + reportHtml);
            }
            return ExitCode.OK;
        }

        private static String bytes(long n) {
            if (n < 1024) {
                return n + " B";
            }
            int unit = (63 - Long.numberOfLeadingZeros(n)) / 10;
            return String.format("%.1f %siB", n / Math.pow(1024, unit), "KMGTPE".charAt(unit - 1));
        }
    }
}
