package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.RestoreResult;
import dev.mediagc.spi.ObjectStore;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "Put a quarantine run's files back, byte for byte.",
            "",
            "Works from the run's journal, so it also restores a run that was killed halfway, and from the run's "
                + "quarantine folder, so it also restores a run whose journal is gone. A file that has "
                + "reappeared at its old place is left alone and reported.",
            "",
            "Example: mediagc restore 20261124T040512Z-3fa2 --store /var/www/media ('mediagc runs' lists the run ids)"})
final class RestoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run id a sweep printed (see STORE/.mediagc/quarantine/).")
    String runId;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder the run swept.")
    String store;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log each step on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(store))) {
            RestoreResult result = MediaGc.runs(objectStore).restore(runId);
            if (result.journalMissing()) {
                System.out.println("run " + runId + " has no journal listing its moves: restored from its quarantine folder");
            }
            System.out.printf("run %s: restored %,d, already in place %,d, failed %,d%n",
                    runId, result.restored(), result.alreadyInPlace(), result.failed().size());
            if (result.deletedForGood() > 0) {
                System.out.printf("run %s was a delete run: %,d file(s) it deleted for good cannot be restored%n",
                        runId, result.deletedForGood());
            }
            result.failed().forEach(f -> System.out.println("  failed: " + f));
            return result.failed().isEmpty() ? ExitCode.OK : ExitCode.ERROR;
        }
    }
}
