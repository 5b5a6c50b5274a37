package dev.mediagc.hibernate;

import dev.mediagc.store.LocalStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registered through {@code ServiceLoader}: plain Hibernate and JPA pick it up with no code. It
 * finds the {@link MediaFile} attributes and registers the post-commit listeners. A store comes
 * from the property {@code mediagc.store.root} or from {@link MediaFileCleanup#of}.
 */
public final class MediaFileIntegrator implements Integrator {

    private static final Logger log = LoggerFactory.getLogger(MediaFileIntegrator.class);
    public static final String STORE_ROOT = "mediagc.store.root";
    public static final String INLINE = "mediagc.cleanup.inline";
    public static final String ENABLED = "mediagc.cleanup.enabled";
    public static final String STRIP_PREFIX = "mediagc.cleanup.strip-prefix";

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        Map<String, List<MediaAttribute>> attributes =
                MediaAttributes.scan(metadata, sessionFactory.getJdbcServices().getDialect());
        MediaFileCleanup cleanup = new MediaFileCleanup(sessionFactory, attributes);
        Map<String, Object> settings = sessionFactory.getProperties();
        Object root = settings.get(STORE_ROOT);
        if (root != null) {
            cleanup.store(LocalStore.at(Path.of(root.toString())));
        }
        cleanup.inline(Boolean.parseBoolean(String.valueOf(settings.getOrDefault(INLINE, "false"))));
        cleanup.enabled(Boolean.parseBoolean(String.valueOf(settings.getOrDefault(ENABLED, "true"))));
        Object prefix = settings.get(STRIP_PREFIX);
        if (prefix != null) {
            cleanup.stripPrefix(prefix.toString().split(","));
        }
        MediaFileCleanup.register(sessionFactory, cleanup);
        if (!attributes.isEmpty()) {
            CleanupListeners listeners = new CleanupListeners(cleanup);
            EventListenerRegistry registry = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
            registry.appendListeners(EventType.POST_COMMIT_DELETE, listeners);
            registry.appendListeners(EventType.POST_COMMIT_UPDATE, listeners);
            log.info("mediagc cleanup on change watches {} @MediaFile attribute(s) in {} entities",
                    attributes.values().stream().mapToInt(List::size).sum(), attributes.size());
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        MediaFileCleanup.unregister(sessionFactory);
    }
}
