package dev.mediagc.spring;

import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.hibernate.MediaFileIntegrator;
import dev.mediagc.hibernate.MediaFileListener;
import dev.mediagc.hibernate.MediaFileReferences;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ObjectStore;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.orm.jpa.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With JPA on Hibernate: sweeps whose references come from the {@code @MediaFile} mapping, and
 * cleanup on change for the Boot-managed EntityManagerFactory. JPA is the application's choice:
 * the starter does not depend on Spring Data JPA.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {
    "org.hibernate.SessionFactory",
    "jakarta.persistence.EntityManagerFactory",
    "org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean",
    "dev.mediagc.hibernate.MediaFileCleanup"})
class MediaGcJpaConfiguration {

    /**
     * Hands the cleanup settings to Hibernate, so the outbox table (or memory) is chosen as the
     * factory is built, before any transaction can release a file. Made before the factory, so it
     * cannot wait for a store bean.
     */
    @Bean
    @ConditionalOnMissingBean(name = "mediaGcCleanupSettings")
    HibernatePropertiesCustomizer mediaGcCleanupSettings(MediaGcProperties properties) {
        MediaGcProperties.Cleanup cleanup = properties.getCleanup();
        cleanup.validate();
        return hibernate -> {
            hibernate.put(MediaFileIntegrator.ENABLED, String.valueOf(cleanup.isEnabled()));
            hibernate.put(MediaFileIntegrator.DELAY, cleanup.getDelay().toString());
            hibernate.put(MediaFileIntegrator.POLL_INTERVAL, cleanup.getPollInterval().toString());
            hibernate.put(MediaFileIntegrator.PENDING, cleanup.getPending());
            hibernate.put(MediaFileIntegrator.ACTION, cleanup.getAction());
            hibernate.put(MediaFileIntegrator.OUTBOX_TABLE, cleanup.getOutbox().getTable());
            hibernate.put(MediaFileIntegrator.OUTBOX_CREATE, String.valueOf(cleanup.getOutbox().isCreate()));
        };
    }

    @Bean
    @ConditionalOnBean({ObjectStore.class, EntityManagerFactory.class, DataSource.class})
    @ConditionalOnMissingBean
    MediaGcSweeps mediaGcSweeps(EntityManagerFactory entityManagerFactory, DataSource dataSource, ObjectStore store,
                                MediaGcProperties properties, ObjectProvider<MediaGcMetrics> metrics) {
        SessionFactory sessionFactory = entityManagerFactory.unwrap(SessionFactory.class);
        Consumer<SweepReport> onReport = report -> metrics.ifAvailable(m -> m.record(report));
        return new MediaGcSweeps(() -> MediaFileReferences.from(sessionFactory).sweep(dataSource), dataSource, store,
                properties, onReport);
    }

    /**
     * Cleanup on change, which Hibernate made with the factory, given the store, the protected globs
     * and the references the sweep also counts; as a bean, tests wait on it ({@code awaitIdle}) and
     * health checks read {@code pendingCount}. A {@code MediaFileCleanup} bean of the application,
     * configured its own way, wins.
     */
    @Bean
    @ConditionalOnBean({ObjectStore.class, EntityManagerFactory.class})
    @ConditionalOnProperty(prefix = "mediagc.cleanup", name = "enabled", matchIfMissing = true)
    @ConditionalOnMissingBean
    MediaFileCleanup mediaFileCleanup(EntityManagerFactory entityManagerFactory, ObjectStore store,
                                      MediaGcProperties properties, ObjectProvider<MediaFileListener> listeners) {
        MediaGcProperties.Cleanup cleanup = properties.getCleanup();
        MediaFileCleanup configured = MediaFileCleanup.of(entityManagerFactory.unwrap(SessionFactory.class))
                .store(store)
                .inline(cleanup.isInline())
                .stripPrefix(cleanup.getStripPrefix().toArray(String[]::new))
                .protect(cleanup.getProtect().toArray(String[]::new))
                // What the sweep counts as a reference must keep a file from cleanup on change too.
                .alsoReferencedBy(properties.getSweep().getReferences().toArray(String[]::new))
                .alsoReferencedByQuery(properties.getSweep().getReferenceQueries().toArray(String[]::new));
        listeners.orderedStream().forEach(configured::listener);
        return configured;
    }
}
