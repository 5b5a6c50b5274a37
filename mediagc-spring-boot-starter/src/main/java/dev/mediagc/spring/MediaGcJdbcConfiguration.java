package dev.mediagc.spring;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.spi.ObjectStore;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Without JPA (JdbcTemplate, jOOQ, MyBatis …): sweeps of the columns and queries listed in
 * {@code mediagc.sweep.references} and {@code mediagc.sweep.reference-queries}. Registered after
 * {@link MediaGcJpaConfiguration}, whose sweeps, reading the mapping too, win when there is JPA.
 */
@Configuration(proxyBeanMethods = false)
class MediaGcJdbcConfiguration {

    @Bean
    @ConditionalOnBean({ObjectStore.class, DataSource.class})
    @ConditionalOnMissingBean
    MediaGcSweeps mediaGcSweeps(DataSource dataSource, ObjectStore store, MediaGcProperties properties,
                                ObjectProvider<MediaGcMetrics> metrics) {
        MediaGcProperties.Sweep sweep = properties.getSweep();
        if (sweep.getReferences().isEmpty() && sweep.getReferenceQueries().isEmpty()) {
            throw new IllegalStateException("mediagc.sweep.references or mediagc.sweep.reference-queries must name "
                    + "where the database holds file keys: without JPA there is no @MediaFile mapping to read them from");
        }
        Consumer<SweepReport> onReport = report -> metrics.ifAvailable(m -> m.record(report));
        return new MediaGcSweeps(() -> MediaGc.configure().dataSource(dataSource), dataSource, store, properties, onReport);
    }
}
