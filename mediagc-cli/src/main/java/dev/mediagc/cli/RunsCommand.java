package dev.mediagc.cli;

import dev.mediagc.MediaGc;
import dev.mediagc.QuarantineRuns;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        footer = {"", ExitCode.SUMMARY},
        description = {
            "List the quarantine runs of a store: their ids (for 'mediagc restore RUN_ID'), when each started, and "
                + "whether its journal is finished (an unfinished run may still be acting, or was cut short; "
                + "'mediagc purge' leaves those alone). Reads the store only; needs no database.",
            "",
            "Example: mediagc runs --store /var/www/media"})
final class RunsCommand implements Callable<Integer> {

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder or s3://bucket/prefix.")
    String store;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Override
    public Integer call() throws IOException {
        try (ObjectStore objectStore = UsageException.beforeRun(() -> storeOptions.open(store))) {
            List<QuarantineRuns.Run> runs = MediaGc.runs(objectStore).list();
            if (runs.isEmpty()) {
                System.out.println("no quarantine runs in " + store);
                return ExitCode.OK;
            }
            System.out.printf("%d quarantine run(s) in %s:%n", runs.size(), store);
            for (QuarantineRuns.Run run : runs) {
                System.out.printf("  %s  %s  %s%n", run.id(), run.started() == null ? "(not a mediagc run id)" : run.started(),
                        run.started() == null ? "left alone" : run.finished() ? "finished" : "unfinished");
            }
            return ExitCode.OK;
        }
    }
}
