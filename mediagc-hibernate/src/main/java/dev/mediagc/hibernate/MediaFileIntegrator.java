package dev.mediagc.hibernate;

import dev.mediagc.internal.store.LocalStore;
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
 * finds the {@link MediaFile} attributes and registers the flush listeners (row and collection
 * changes), whose released keys are recorded with the commit. A store comes
 * from the property {@code mediagc.store.root} or from {@link MediaFileCleanup#of}.
 */
public final class MediaFileIntegrator implements Integrator {

    private static final Logger log = LoggerFactory.getLogger(MediaFileIntegrator.class);
    public static final String STORE_ROOT = "mediagc.store.root";
    public static final String INLINE = "mediagc.cleanup.inline";
    public static final String ENABLED = "mediagc.cleanup.enabled";
    public static final String STRIP_PREFIX = "mediagc.cleanup.strip-prefix";
    /** ISO-8601 ({@code PT10M}) or Spring-style ({@code 10m}, {@code 30s}) duration; default 10 minutes. */
    public static final String DELAY = "mediagc.cleanup.delay";
    public static final String POLL_INTERVAL = "mediagc.cleanup.poll-interval";
    /** {@code outbox} (default) or {@code memory}. */
    public static final String PENDING = "mediagc.cleanup.pending";
    public static final String OUTBOX_TABLE = "mediagc.cleanup.outbox.table";
    /** Create the outbox table when it is missing (default true). */
    public static final String OUTBOX_CREATE = "mediagc.cleanup.outbox.create";
    /** {@code delete} (default) or {@code quarantine}. */
    public static final String ACTION = "mediagc.cleanup.action";

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
        Object delay = settings.get(DELAY);
        if (delay != null) {
            cleanup.delay(durationOf(DELAY, delay.toString()));
        }
        String action = String.valueOf(settings.getOrDefault(ACTION, "delete")).strip().toLowerCase(java.util.Locale.ROOT);
        if (!action.equals("delete") && !action.equals("quarantine")) {
            throw new IllegalArgumentException(ACTION + " is '" + action + "'; use delete or quarantine");
        }
        cleanup.quarantine(action.equals("quarantine"));
        Object poll = settings.get(POLL_INTERVAL);
        if (poll != null) {
            cleanup.pollInterval(durationOf(POLL_INTERVAL, poll.toString()));
        }
        String pending = String.valueOf(settings.getOrDefault(PENDING, "outbox")).strip().toLowerCase(java.util.Locale.ROOT);
        switch (pending) {
            case "outbox" -> cleanup.outbox(String.valueOf(settings.getOrDefault(OUTBOX_TABLE, "mediagc_pending_deletion")),
                    Boolean.parseBoolean(String.valueOf(settings.getOrDefault(OUTBOX_CREATE, "true"))));
            case "memory" -> cleanup.inMemory();
            default -> throw new IllegalArgumentException(PENDING + " is '" + pending + "'; use outbox or memory");
        }
        MediaFileCleanup.register(sessionFactory, cleanup);
        if (!attributes.isEmpty()) {
            sessionFactory.addObserver(new org.hibernate.SessionFactoryObserver() {
                @Override
                public void sessionFactoryCreated(org.hibernate.SessionFactory factory) {
                    cleanup.start();
                }

                @Override
                public void sessionFactoryClosing(org.hibernate.SessionFactory factory) {
                    cleanup.stop();
                }
            });
            CleanupListeners listeners = new CleanupListeners(cleanup);
            EventListenerRegistry registry = sessionFactory.getServiceRegistry().getService(EventListenerRegistry.class);
            registry.appendListeners(EventType.POST_DELETE, listeners);
            registry.appendListeners(EventType.POST_UPDATE, listeners);
            CollectionListeners collectionListeners = new CollectionListeners(cleanup);
            registry.appendListeners(EventType.PRE_COLLECTION_UPDATE, collectionListeners);
            registry.appendListeners(EventType.PRE_COLLECTION_REMOVE, collectionListeners);
            log.info("mediagc cleanup on change watches {} @MediaFile attribute(s) in {} entities",
                    attributes.values().stream().mapToInt(List::size).sum(), attributes.size());
        }
    }

    /** {@code PT10M}, or the short forms people write in properties files: {@code 10m}, {@code 30s}, {@code 0}. */
    static java.time.Duration durationOf(String property, String text) {
        try {
            return dev.mediagc.internal.config.DurationParser.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(property + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry serviceRegistry) {
        MediaFileCleanup.unregister(sessionFactory);
    }
}
