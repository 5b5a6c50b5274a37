package dev.mediagc.spring;

import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.SweepReport;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * What mediagc is doing in the application: released files waiting for cleanup (how many, where,
 * and since when the oldest: a number that keeps growing says deletes keep failing), and the last
 * sweep's outcome. Always UP: a refused or failed sweep changes nothing and must not take
 * the application out of a load balancer; the details say what happened.
 */
public class MediaGcHealthIndicator implements HealthIndicator {

    private final MediaGcSweeps sweeps;
    private final MediaFileCleanup cleanup;

    /** @param cleanup cleanup on change, or null when it is off or the application has no JPA */
    public MediaGcHealthIndicator(MediaGcSweeps sweeps, MediaFileCleanup cleanup) {
        this.sweeps = sweeps;
        this.cleanup = cleanup;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        if (cleanup != null) {
            health.withDetail("pendingDeletions", cleanup.pendingCount())
                    .withDetail("pendingIn", cleanup.outboxTable().orElse("memory"));
            cleanup.oldestPendingAge().ifPresent(age -> health.withDetail("oldestPendingSeconds", age.toSeconds()));
        }
        SweepReport last = sweeps.last();
        if (last != null) {
            health.withDetail("lastSweep", last.runId())
                    .withDetail("lastSweepOutcome", String.valueOf(last.outcome()))
                    .withDetail("lastSweepOrphans", last.orphans().count());
            if (last.reason() != null) {
                health.withDetail("lastSweepReason", StarterSettings.asProperties(last.reason()));
            }
        }
        return health.build();
    }
}
