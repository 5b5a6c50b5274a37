package dev.mediagc.spring;

import dev.mediagc.hibernate.MediaFileCleanup;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code /actuator/mediagc}, {@code /actuator/mediagc/html} and {@code /actuator/health/mediagc}, when
 * Spring Boot Actuator is present.
 */
@AutoConfiguration(after = MediaGcAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
public class MediaGcActuatorAutoConfiguration {

    @Bean
    @ConditionalOnBean(MediaGcSweeps.class)
    @ConditionalOnAvailableEndpoint
    @ConditionalOnMissingBean
    MediaGcEndpoint mediaGcEndpoint(MediaGcSweeps sweeps) {
        return new MediaGcEndpoint(sweeps);
    }

    /** The last sweep's HTML page, over HTTP only. */
    @Bean
    @ConditionalOnBean(MediaGcEndpoint.class)
    @ConditionalOnAvailableEndpoint(endpoint = MediaGcEndpoint.class, exposure = EndpointExposure.WEB)
    @ConditionalOnMissingBean
    MediaGcWebEndpointExtension mediaGcWebEndpointExtension(MediaGcSweeps sweeps) {
        return new MediaGcWebEndpointExtension(sweeps);
    }

    /** Files waiting for cleanup (when cleanup on change is on) and how the last sweep went. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({HealthIndicator.class, MediaFileCleanup.class})
    static class MediaGcHealthConfiguration {

        @Bean
        @ConditionalOnBean(MediaGcSweeps.class)
        @ConditionalOnEnabledHealthIndicator("mediagc")
        @ConditionalOnMissingBean(name = "mediagcHealthIndicator")
        MediaGcHealthIndicator mediagcHealthIndicator(MediaGcSweeps sweeps, ObjectProvider<MediaFileCleanup> cleanup) {
            return new MediaGcHealthIndicator(sweeps, cleanup.getIfAvailable());
        }
    }
}
