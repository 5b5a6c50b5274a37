package dev.mediagc.spring;

import dev.mediagc.MediaGc;
import dev.mediagc.hibernate.MediaFileReferences;
import dev.mediagc.report.SweepReport;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.sweep.Action;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;

/**
 * Runs sweeps inside the application with the references found in the {@code @MediaFile}
 * mapping, and keeps the last report for the actuator endpoint and metrics.
 */
public class MediaGcSweeps {

    private final SessionFactory sessionFactory;
    private final DataSource dataSource;
    private final ObjectStore store;
    private final MediaGcProperties properties;
    private final Consumer<SweepReport> onReport;
    private final AtomicReference<SweepReport> last = new AtomicReference<>();

    public MediaGcSweeps(SessionFactory sessionFactory, DataSource dataSource, ObjectStore store,
                         MediaGcProperties properties, Consumer<SweepReport> onReport) {
        properties.getSweep().validate();
        this.sessionFactory = sessionFactory;
        this.dataSource = dataSource;
        this.store = store;
        this.properties = properties;
        this.onReport = onReport;
    }

    /** The scheduled sweep: applies only when {@code mediagc.sweep.apply} is true. */
    public SweepReport scheduled() {
        return run(properties.getSweep().isApply());
    }

    /** A dry run, whatever the settings say. */
    public SweepReport dryRun() {
        return run(false);
    }

    public SweepReport last() {
        return last.get();
    }

    private synchronized SweepReport run(boolean apply) {
        MediaGcProperties.Sweep sweep = properties.getSweep();
        MediaGc.Builder builder = MediaFileReferences.from(sessionFactory).sweep(dataSource)
                .store(store)
                .minAge(sweep.getMinAge())
                .maxOrphanRatio(sweep.getMaxOrphanRatio())
                .force(sweep.isForce())
                .stripPrefix(properties.getCleanup().getStripPrefix().toArray(String[]::new))
                .exclude(sweep.getExclude().toArray(String[]::new))
                // A table that is empty today is normal in an application; the other guards still hold.
                .allowEmptySource(true);
        if (apply) {
            builder.apply(Action.valueOf(sweep.getAction().toUpperCase(Locale.ROOT)));
        }
        SweepReport report = builder.load().sweep();
        last.set(report);
        onReport.accept(report);
        return report;
    }
}
