package dev.mediagc.cli;

import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;

/** The command line of a sweep over a {@link DjangoStyleDataset}: every source, prefix and exclude it needs. */
final class DjangoStyleSweep {

    private DjangoStyleSweep() {
    }

    static String[] args(TestDatabase db, DjangoStyleDataset data, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", db.url(), "--db-user", db.user(),
                "--store", data.media().toString(), "--ref-sql", data.queryReference()));
        for (String ref : data.columnReferences()) {
            args.addAll(List.of("--ref", ref));
        }
        for (String prefix : DjangoStyleDataset.STRIP_PREFIXES) {
            args.addAll(List.of("--strip-prefix", prefix));
        }
        for (String glob : DjangoStyleDataset.EXCLUDES) {
            args.addAll(List.of("--exclude", glob));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }
}
