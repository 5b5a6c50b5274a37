package dev.mediagc.cli;

import dev.mediagc.testing.SmallApp;
import java.util.ArrayList;
import java.util.List;

/** The command line of a sweep over a {@link SmallApp}'s local folder: its one reference column, every orphan allowed. */
final class SmallAppSweep {

    private SmallAppSweep() {
    }

    static List<String> args(SmallApp app, String... extra) {
        List<String> args = new ArrayList<>(List.of("sweep", "--db", app.db.url(), "--ref", "profile.avatar",
                "--store", app.media.toString(), "--max-orphan-ratio", "1"));
        args.addAll(List.of(extra));
        return args;
    }
}
