package dev.mediagc.spring;

import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.hibernate.MediaFileListener;
import dev.mediagc.report.SweepReport;
import dev.mediagc.store.LocalStore;
import dev.mediagc.store.ObjectStore;
import dev.mediagc.store.ObjectStoreProvider;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;

/**
 * Brings both halves into a Spring Boot application: cleanup on change for the Boot-managed
 * EntityManagerFactory, the store, a scheduled sweep (a dry run unless {@code mediagc.sweep.apply}),
 * the {@code /actuator/mediagc} endpoint and Micrometer metrics.
 */
@AutoConfiguration(after = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass(SessionFactory.class)
@EnableConfigurationProperties(MediaGcProperties.class)
public class MediaGcAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(MediaGcAutoConfiguration.class);

    /** The store named by {@code mediagc.store.root} or {@code mediagc.store.s3}; an ObjectStore bean of the application wins. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(ObjectStore.class)
    @ConditionalOnExpression("'${mediagc.store.root:}' != '' or '${mediagc.store.s3:}' != ''")
    public ObjectStore mediaGcStore(MediaGcProperties properties) {
        MediaGcProperties.Store store = properties.getStore();
        if (store.getS3() != null && !store.getS3().isBlank()) {
            Map<String, String> options = new HashMap<>();
            if (store.getS3Endpoint() != null) {
                options.put("s3-endpoint", store.getS3Endpoint());
            }
            if (store.getS3Region() != null) {
                options.put("s3-region", store.getS3Region());
            }
            options.put("s3-path-style", String.valueOf(store.isS3PathStyle()));
            try {
                return ObjectStoreProvider.openAny(store.getS3(), options);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return LocalStore.at(createdIfMissing(store.getRoot()));
    }

    /** A media folder the application has not written to yet is made, so the application can start. */
    private static java.nio.file.Path createdIfMissing(java.nio.file.Path root) {
        if (root != null && !java.nio.file.Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                java.nio.file.Files.createDirectories(root);
                log.info("created the media folder {} (mediagc.store.root)", root);
            } catch (IOException e) {
                throw new IllegalStateException("mediagc.store.root " + root + " does not exist and cannot be created ("
                        + e.getMessage() + "); create it or point mediagc.store.root at the media folder", e);
            }
        }
        return root;
    }

    /**
     * Hands the cleanup settings to Hibernate, so the outbox table (or memory) is chosen as the
     * factory is built, before any transaction can release a file.
     */
    @Bean
    public org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer mediaGcCleanupSettings(
            MediaGcProperties properties) {
        MediaGcProperties.Cleanup cleanup = properties.getCleanup();
        cleanup.validate();
        return hibernate -> {
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.DELAY, cleanup.getDelay().toString());
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.POLL_INTERVAL, cleanup.getPollInterval().toString());
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.PENDING, cleanup.getPending());
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.ACTION, cleanup.getAction());
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.OUTBOX_TABLE, cleanup.getOutbox().getTable());
            hibernate.put(dev.mediagc.hibernate.MediaFileIntegrator.OUTBOX_CREATE, String.valueOf(cleanup.getOutbox().isCreate()));
        };
    }

    @Bean
    @ConditionalOnBean({ObjectStore.class, EntityManagerFactory.class})
    public MediaGcSweeps mediaGcSweeps(EntityManagerFactory entityManagerFactory, DataSource dataSource, ObjectStore store,
                                       MediaGcProperties properties, ObjectProvider<MediaFileListener> listeners,
                                       ObjectProvider<MediaGcMetrics> metrics) {
        SessionFactory sessionFactory = entityManagerFactory.unwrap(SessionFactory.class);
        Consumer<SweepReport> onReport = report -> metrics.ifAvailable(m -> m.record(report));
        // Made first: it refuses malformed mediagc.sweep.* settings with messages naming them.
        MediaGcSweeps sweeps = new MediaGcSweeps(sessionFactory, dataSource, store, properties, onReport);
        MediaGcProperties.Cleanup cleanup = properties.getCleanup();
        MediaFileCleanup.of(sessionFactory)
                .store(store)
                .enabled(cleanup.isEnabled())
                .inline(cleanup.isInline())
                .stripPrefix(cleanup.getStripPrefix().toArray(String[]::new))
                .protect(cleanup.getProtect().toArray(String[]::new))
                // What the sweep counts as a reference must keep a file from cleanup on change too.
                .alsoReferencedBy(properties.getSweep().getReferences().toArray(String[]::new))
                .alsoReferencedByQuery(properties.getSweep().getReferenceQueries().toArray(String[]::new));
        listeners.orderedStream().forEach(MediaFileCleanup.of(sessionFactory)::listener);
        return sweeps;
    }

    /**
     * Cleanup on change as a bean, configured by {@link #mediaGcSweeps}: tests wait on it
     * ({@code awaitIdle}) and health checks read {@code pendingCount}.
     */
    @Bean
    @ConditionalOnBean(MediaGcSweeps.class)
    @ConditionalOnMissingBean(MediaFileCleanup.class)
    public MediaFileCleanup mediaFileCleanup(MediaGcSweeps sweeps, EntityManagerFactory entityManagerFactory) {
        return MediaFileCleanup.of(entityManagerFactory.unwrap(SessionFactory.class));
    }

    /** Runs the sweep on {@code mediagc.sweep.cron}; needs no @EnableScheduling in the application. */
    @Bean(destroyMethod = "shutdown")
    @ConditionalOnBean(MediaGcSweeps.class)
    @ConditionalOnExpression("'${mediagc.sweep.cron:}' != ''")
    public ThreadPoolTaskScheduler mediaGcScheduler(MediaGcSweeps sweeps, MediaGcProperties properties) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("mediagc-sweep-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        scheduler.schedule(() -> {
            try {
                SweepReport report = sweeps.scheduled();
                log.info("scheduled mediagc sweep {}: {} orphans, outcome {}", report.runId(), report.orphans().count(),
                        report.outcome());
            } catch (RuntimeException e) {
                log.warn("scheduled mediagc sweep failed: {}", e.toString());
            }
        }, new CronTrigger(properties.getSweep().getCron()));
        return scheduler;
    }
}
