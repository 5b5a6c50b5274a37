package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.internal.config.DurationParser;
import dev.mediagc.GuardRefusal;
import dev.mediagc.PurgeResult;
import dev.mediagc.spi.ObjectStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "purge", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "Delete quarantine runs older than an age, for good (journals are kept).",
            "",
            "Takes the store's sweep lock, so it never runs beside an applied sweep (exit 3 if one holds it), and "
                + "leaves alone every run whose journal has no end record: a run still acting, or one cut short "
                + "whose files may need 'mediagc restore'.",
            "",
            "Example: mediagc purge --older-than 30d --store /var/www/media"})
final class PurgeCommand implements Callable<Integer> {

    @Option(names = "--older-than", paramLabel = "D", required = true,
            description = "Age of the quarantine runs to delete, e.g. 30d, 12h.")
    String olderThan;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder.")
    String store;

    @Option(names = "--include-unfinished",
            description = "Also purge old runs whose journal has no end record (cut short, or made before mediagc "
                    + "wrote end records). Only after checking that no sweep is running and nothing needs restoring.")
    boolean includeUnfinished;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log each step on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        Duration age = UsageException.beforeRun(() -> DurationParser.parse(olderThan));
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(store))) {
            PurgeResult result;
            try {
                result = MediaGc.runs(objectStore).purge(age, includeUnfinished);
            } catch (GuardRefusal refusal) {
                System.err.println("mediagc: " + FlagWording.of(refusal.getMessage()));
                return ExitCode.REFUSED;
            }
            System.out.printf("purged %d quarantine run(s) older than %s%n", result.purged().size(),
                    DurationParser.format(age));
            result.purged().forEach(run -> System.out.println("  " + run));
            if (!result.unfinished().isEmpty()) {
                System.out.printf("kept %d unfinished run(s): their journal has no end record (still acting, or cut "
                        + "short: check with 'mediagc restore RUN_ID'; purge them with --include-unfinished once "
                        + "no sweep runs)%n", result.unfinished().size());
                result.unfinished().forEach(run -> System.out.println("  " + run));
            }
            if (!result.notRuns().isEmpty()) {
                System.out.println("left alone (not mediagc run ids): " + String.join(", ", result.notRuns()));
            }
            return ExitCode.OK;
        }
    }
}
