package dev.mediagc.spring;

import dev.mediagc.hibernate.MediaFileListener;
import dev.mediagc.SweepReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters: {@code mediagc.orphans.found} (gauge, last sweep), {@code mediagc.bytes.reclaimed}
 * and {@code mediagc.deletes.failed} (counters, sweeps and cleanup on change together).
 */
public class MediaGcMetrics implements MediaFileListener {

    private final AtomicLong orphansFound = new AtomicLong();
    private final Counter bytesReclaimed;
    private final Counter deletesFailed;
    private final Counter cleanupDeletes;

    public MediaGcMetrics(MeterRegistry registry) {
        registry.gauge("mediagc.orphans.found", orphansFound);
        this.bytesReclaimed = Counter.builder("mediagc.bytes.reclaimed").baseUnit("bytes").register(registry);
        this.deletesFailed = Counter.builder("mediagc.deletes.failed").register(registry);
        this.cleanupDeletes = Counter.builder("mediagc.cleanup.deletes").register(registry);
    }

    public void record(SweepReport report) {
        orphansFound.set(report.orphans().count());
        bytesReclaimed.increment(report.deleted().bytes() + report.quarantined().bytes());
        deletesFailed.increment(report.failed().count());
    }

    @Override
    public void afterDelete(String key) {
        cleanupDeletes.increment();
    }

    @Override
    public void deleteFailed(String key, Exception error) {
        deletesFailed.increment();
    }
}
