package dev.mediagc.spring;

import dev.mediagc.SweepReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Runs the sweep on {@code mediagc.sweep.cron} on a thread of its own. The scheduler is private to
 * this bean, never a bean itself: a {@code TaskScheduler} bean would make Spring Boot's own
 * scheduler back off, and the application's {@code @Scheduled} methods would then run on mediagc's
 * thread. Nor does the starter turn {@code @EnableScheduling} on for the application. Sweeps start
 * with the context (after every bean is made and checked) and stop with it.
 */
public class MediaGcScheduledSweep implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(MediaGcScheduledSweep.class);
    static final String THREAD_NAME_PREFIX = "mediagc-sweep-";

    private final MediaGcSweeps sweeps;
    private final String cron;
    private ThreadPoolTaskScheduler scheduler;

    public MediaGcScheduledSweep(MediaGcSweeps sweeps, String cron) {
        this.sweeps = sweeps;
        this.cron = isOff(cron) ? null : cron.strip();
        if (this.cron != null && !CronExpression.isValidExpression(this.cron)) {
            throw new IllegalStateException("mediagc.sweep.cron is '" + cron + "', not a Spring cron expression "
                    + "(six fields, e.g. 0 30 3 * * *); leave it empty or set it to - for no scheduled sweep");
        }
    }

    /** Empty, or {@code -} as for Spring's {@code @Scheduled(cron = "-")}: no schedule. */
    private static boolean isOff(String cron) {
        return cron == null || cron.isBlank() || cron.strip().equals("-");
    }

    @Override
    public synchronized void start() {
        if (cron == null || scheduler != null) {
            return;
        }
        ThreadPoolTaskScheduler own = new ThreadPoolTaskScheduler();
        own.setThreadNamePrefix(THREAD_NAME_PREFIX);
        own.setDaemon(true);
        own.initialize();
        own.schedule(this::sweepOnce, new CronTrigger(cron));
        scheduler = own;
    }

    private void sweepOnce() {
        try {
            SweepReport report = sweeps.scheduled();
            if (report.reason() == null) {
                log.info("scheduled mediagc sweep {}: {} orphans, outcome {}", report.runId(), report.orphans().count(),
                        report.outcome());
            } else {
                // The engine names settings as `max-delete`; an operator of this application changes mediagc.sweep.max-delete.
                log.warn("scheduled mediagc sweep {}: {} orphans, outcome {}: {}", report.runId(), report.orphans().count(),
                        report.outcome(), StarterSettings.asProperties(report.reason()));
            }
        } catch (RuntimeException e) {
            log.warn("scheduled mediagc sweep failed: {}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdown();
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    /** Whether a cron is set; a bean with none stays idle. */
    public boolean isScheduled() {
        return cron != null;
    }
}
