package dev.mediagc.cli;

import dev.mediagc.config.DurationParser;
import dev.mediagc.quarantine.Quarantine;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.ObjectStoreProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "purge", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {
            "Delete quarantine runs older than an age, for good (journals are kept).",
            "",
            "Example: mediagc purge --older-than 30d --store /var/www/media"})
final class PurgeCommand implements Callable<Integer> {

    @Option(names = "--older-than", paramLabel = "D", required = true,
            description = "Age of the quarantine runs to delete, e.g. 30d, 12h.")
    String olderThan;

    @Option(names = "--store", paramLabel = "DIR", required = true, description = "The media folder.")
    String store;

    @picocli.CommandLine.Mixin
    StoreOptions storeOptions = new StoreOptions();

    @Option(names = {"-v", "--verbose"}, description = "Log each step on standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        var age = DurationParser.parse(olderThan);
        try (ObjectStore objectStore = ObjectStoreProvider.openAny(store, storeOptions.asMap())) {
            List<String> purged = new Quarantine(objectStore).purgeOlderThan(age, Instant.now());
            System.out.printf("purged %d quarantine run(s) older than %s%n", purged.size(), DurationParser.format(age));
            purged.forEach(run -> System.out.println("  " + run));
            return ExitCode.OK;
        }
    }
}
