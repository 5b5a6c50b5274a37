package dev.mediagc.soak;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.Action;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The operator's side: {@code sweep --apply} again and again, alternating quarantine and delete
 * (every other pair also removing empty folders), with the guards opened wide so that a legitimate
 * run is not refused for being unusual: the grace period is seconds, and any share may be orphans.
 */
final class SweepLoop {

    private final TestDatabase db;
    private final Path media;
    private final Duration minAge;
    private final int batchSize;
    private final List<SweepReport> reports = new ArrayList<>();

    SweepLoop(TestDatabase db, Path media, Duration minAge, int batchSize) {
        this.db = db;
        this.media = media;
        this.minAge = minAge;
        this.batchSize = batchSize;
    }

    /** Sweeps until {@code keepGoing} says stop; the run under way when it does is finished. */
    void run(BooleanSupplier keepGoing) {
        for (int n = 0; keepGoing.getAsBoolean(); n++) {
            sweep(n % 2 == 0 ? Action.QUARANTINE : Action.DELETE, n % 4 >= 2);
        }
    }

    SweepReport sweep(Action action, boolean removeEmptyFolders) {
        SweepReport report = MediaGc.configure()
                .dataSource(db.dataSource())
                .reference("photo.path")
                .reference("attachment.url")
                .stripPrefix(Table.URL_PREFIX)
                .store(LocalStore.at(media).countingCtime())
                .minAge(minAge)
                .force(true)
                .maxOrphanRatio(1.0)
                .allowEmptySource(true)
                .batchSize(batchSize)
                .removeEmptyFolders(removeEmptyFolders)
                .apply(action)
                .load()
                .sweep();
        synchronized (reports) {
            reports.add(report);
        }
        return report;
    }

    List<SweepReport> reports() {
        synchronized (reports) {
            return List.copyOf(reports);
        }
    }
}
