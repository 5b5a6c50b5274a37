package dev.mediagc.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Brings mediagc into a Spring Boot application: the store ({@code mediagc.store.*}), sweeps whose
 * references come from the {@code @MediaFile} mapping when the application uses JPA (and cleanup on
 * change then), or from {@code mediagc.sweep.references} alone otherwise, and a scheduled sweep (a
 * dry run unless {@code mediagc.sweep.apply}). The imports are listed in the order their beans must
 * be registered: the store first, then the JPA sweeps, which the JDBC-only sweeps give way to.
 */
@AutoConfiguration(afterName = {
    "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
    "org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration"})
@EnableConfigurationProperties(MediaGcProperties.class)
@Import({MediaGcStoreConfiguration.LocalStoreConfiguration.class, MediaGcStoreConfiguration.S3StoreConfiguration.class,
    MediaGcJpaConfiguration.class, MediaGcJdbcConfiguration.class})
public class MediaGcAutoConfiguration {

    /** Runs the sweep on {@code mediagc.sweep.cron} on a private scheduler; needs no @EnableScheduling. */
    @Bean
    @ConditionalOnBean(MediaGcSweeps.class)
    @ConditionalOnProperty(prefix = "mediagc.sweep", name = "cron")
    @ConditionalOnMissingBean
    public MediaGcScheduledSweep mediaGcScheduledSweep(MediaGcSweeps sweeps, MediaGcProperties properties) {
        return new MediaGcScheduledSweep(sweeps, properties.getSweep().getCron());
    }
}
