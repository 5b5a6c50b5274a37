package dev.mediagc.spring;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** {@code /actuator/mediagc}, when Spring Boot Actuator is present and the endpoint exposed. */
@AutoConfiguration(after = MediaGcAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
public class MediaGcActuatorAutoConfiguration {

    @Bean
    @ConditionalOnBean(MediaGcSweeps.class)
    @ConditionalOnAvailableEndpoint
    MediaGcEndpoint mediaGcEndpoint(MediaGcSweeps sweeps) {
        return new MediaGcEndpoint(sweeps);
    }

    /** {@code /actuator/health/mediagc}: files waiting for cleanup and how the last sweep went. */
    @Bean
    @ConditionalOnBean({MediaGcSweeps.class, dev.mediagc.hibernate.MediaFileCleanup.class})
    @ConditionalOnClass(org.springframework.boot.actuate.health.HealthIndicator.class)
    @org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator("mediagc")
    MediaGcHealthIndicator mediagcHealthIndicator(MediaGcSweeps sweeps, dev.mediagc.hibernate.MediaFileCleanup cleanup) {
        return new MediaGcHealthIndicator(sweeps, cleanup);
    }
}
