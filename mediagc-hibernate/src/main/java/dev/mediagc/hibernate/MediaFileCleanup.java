package dev.mediagc.hibernate;

import dev.mediagc.store.ObjectStore;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup on change for one {@link SessionFactory}: deletes the files of deleted rows and replaced
 * values after the transaction commits, unless another row still holds the key, the key is
 * protected, or a listener vetoes. A failure is logged and handed to the listeners; nothing is
 * ever thrown into the application, and whatever is left is found by the next sweep.
 *
 * <pre>{@code
 * MediaFileCleanup.of(sessionFactory)
 *         .store(LocalStore.at(Path.of("/var/www/media")))
 *         .stripPrefix("/media/")
 *         .protect("defaults/**");
 * }</pre>
 */
public final class MediaFileCleanup {

    private static final Logger log = LoggerFactory.getLogger(MediaFileCleanup.class);
    /** By the session factory's UUID, which proxies and unwrapped instances agree on. */
    private static final Map<String, MediaFileCleanup> BY_FACTORY = new ConcurrentHashMap<>();
    /** Deletes waiting for the cleanup thread; past this, new ones are left to the sweep. */
    static final int QUEUE_LIMIT = 10_000;

    private final SessionFactory sessionFactory;
    private final Map<String, List<MediaAttribute>> attributes;
    private final List<MediaFileListener> listeners = new CopyOnWriteArrayList<>();
    private final List<PathMatcher> protectedGlobs = new CopyOnWriteArrayList<>();
    private final List<String> protectedGlobTexts = new CopyOnWriteArrayList<>();
    private final List<String> stripPrefixes = new CopyOnWriteArrayList<>();
    private final ExtraReferences extraReferences = new ExtraReferences();
    private final ThreadPoolExecutor executor;
    /** Batches submitted and not yet finished, so {@link #awaitIdle} cannot miss one just handed over. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private volatile ObjectStore store;
    private volatile boolean inline;
    private volatile boolean enabled = true;

    MediaFileCleanup(SessionFactory sessionFactory, Map<String, List<MediaAttribute>> attributes) {
        this.sessionFactory = sessionFactory;
        this.attributes = attributes;
        this.executor = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE_LIMIT), r -> {
            Thread t = new Thread(r, "mediagc-cleanup");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** The cleanup of a session factory built with mediagc-hibernate on its class path. */
    public static MediaFileCleanup of(SessionFactory sessionFactory) {
        MediaFileCleanup cleanup = BY_FACTORY.get(idOf(sessionFactory));
        if (cleanup == null) {
            throw new IllegalStateException("no mediagc cleanup is registered for this SessionFactory; "
                    + "is mediagc-hibernate on the class path when it is built?");
        }
        return cleanup;
    }

    private static String idOf(SessionFactory sessionFactory) {
        return sessionFactory.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class).getUuid();
    }

    static void register(SessionFactory sessionFactory, MediaFileCleanup cleanup) {
        BY_FACTORY.put(idOf(sessionFactory), cleanup);
    }

    static void unregister(SessionFactory sessionFactory) {
        MediaFileCleanup cleanup = BY_FACTORY.remove(idOf(sessionFactory));
        if (cleanup != null) {
            cleanup.shutdown(Duration.ofSeconds(10));
        }
    }

    /** Where the files live. Until a store is set, nothing is deleted (the sweep still works). */
    public MediaFileCleanup store(ObjectStore store) {
        this.store = store;
        return this;
    }

    /** Delete on the committing thread instead of the cleanup thread. */
    public MediaFileCleanup inline(boolean inline) {
        this.inline = inline;
        return this;
    }

    public MediaFileCleanup enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    /** Removed from the front of a value to get the store key, e.g. {@code /media/}. */
    public MediaFileCleanup stripPrefix(String... prefixes) {
        stripPrefixes.addAll(List.of(prefixes));
        return this;
    }

    /** The globs given to {@link #protect}, for the sweep to exclude as well. */
    public List<String> protectedGlobs() {
        return List.copyOf(protectedGlobTexts);
    }

    /** Keys matching these globs are never deleted, whatever attribute held them. */
    public MediaFileCleanup protect(String... globs) {
        for (String glob : globs) {
            protectedGlobs.add(FileSystems.getDefault().getPathMatcher("glob:" + glob));
            protectedGlobTexts.add(glob);
        }
        return this;
    }

    /**
     * Columns outside the {@link MediaFile} mapping ({@code TABLE.COLUMN} or
     * {@code SCHEMA.TABLE.COLUMN}) whose values name files too, e.g. a legacy table: a key one of
     * them still holds is kept. Give the sweep the same columns.
     */
    public MediaFileCleanup alsoReferencedBy(String... qualifiedColumns) {
        for (String column : qualifiedColumns) {
            extraReferences.addColumn(column);
        }
        return this;
    }

    /**
     * Queries whose first column names files too, e.g. paths read out of a JSON column: a key one
     * of them still returns is kept. Give the sweep the same queries.
     */
    public MediaFileCleanup alsoReferencedByQuery(String... sql) {
        for (String query : sql) {
            extraReferences.addQuery(query);
        }
        return this;
    }

    public MediaFileCleanup listener(MediaFileListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The mapped {@link MediaFile} attributes, by entity name. */
    public Map<String, List<MediaAttribute>> attributes() {
        return attributes;
    }

    List<MediaAttribute> attributesOf(String entityName) {
        return attributes.getOrDefault(entityName, List.of());
    }

    boolean tracks(String entityName) {
        return enabled && attributes.containsKey(entityName);
    }

    /** Called after a commit with the values that rows no longer hold. Never throws. */
    void afterCommit(Collection<Released> released) {
        if (released.isEmpty() || !enabled) {
            return;
        }
        if (store == null) {
            log.debug("no store configured for cleanup on change; {} file(s) left for the sweep", released.size());
            return;
        }
        List<Released> copy = List.copyOf(released);
        if (inline) {
            deleteAll(copy);
            return;
        }
        pending.incrementAndGet();
        try {
            executor.execute(() -> {
                try {
                    deleteAll(copy);
                } finally {
                    pending.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            log.warn("cleanup queue full or shut down; {} file(s) left for the next sweep", copy.size());
        }
    }

    /** A value a row stopped holding, and the attribute that held it. */
    record Released(MediaAttribute attribute, String value) {
    }

    private void deleteAll(List<Released> released) {
        for (Released r : released) {
            try {
                deleteOne(r);
            } catch (RuntimeException e) {
                log.warn("cleanup of {} failed unexpectedly: {}", r.value(), e.toString());
            }
        }
    }

    private void deleteOne(Released released) {
        String key = storeKey(released.value());
        if (key == null) {
            return;
        }
        if (isProtected(key, released.attribute())) {
            kept(key, "protected");
            return;
        }
        String holder;
        try {
            holder = stillReferencedBy(released.value(), key);
        } catch (RuntimeException e) {
            // Cannot prove it unreferenced: keep it. The sweep decides later with a full mark.
            log.warn("could not check whether {} is still referenced ({}); keeping it", key, e.getMessage());
            kept(key, "reference check failed");
            return;
        }
        if (holder != null) {
            kept(key, "still referenced by " + holder);
            return;
        }
        for (MediaFileListener listener : listeners) {
            boolean go;
            try {
                go = listener.beforeDelete(key);
            } catch (RuntimeException e) {
                log.warn("a cleanup listener failed before deleting {}; keeping it: {}", key, e.toString());
                go = false;
            }
            if (!go) {
                kept(key, "vetoed by a listener");
                return;
            }
        }
        try {
            store.delete(key);
            log.debug("deleted {} after commit", key);
            listeners.forEach(l -> safely(() -> l.afterDelete(key)));
        } catch (java.nio.file.NoSuchFileException e) {
            // Already gone: two rows of one transaction released the same key, or a sweep was first.
            // What was asked for holds; nothing failed.
            log.debug("{} was already gone after commit", key);
        } catch (Exception e) {
            log.warn("could not delete {} after commit ({}); the next sweep will find it", key, e.getMessage());
            listeners.forEach(l -> safely(() -> l.deleteFailed(key, e)));
        }
    }

    private void kept(String key, String reason) {
        log.debug("kept {}: {}", key, reason);
        listeners.forEach(l -> safely(() -> l.kept(key, reason)));
    }

    private static void safely(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            log.warn("a cleanup listener failed: {}", e.toString());
        }
    }

    String storeKey(String value) {
        if (value == null) {
            return null;
        }
        String key = value.strip();
        for (String prefix : stripPrefixes) {
            if (!prefix.isEmpty() && key.startsWith(prefix)) {
                key = key.substring(prefix.length());
                break;
            }
        }
        while (key.startsWith("/")) {
            key = key.substring(1);
        }
        return key.isEmpty() ? null : key;
    }

    private boolean isProtected(String key, MediaAttribute attribute) {
        Path path;
        try {
            path = Path.of(key);
        } catch (RuntimeException e) {
            return true; // a key no glob can be checked against is kept
        }
        for (String keep : attribute.keep()) {
            if (keep.equals(key) || FileSystems.getDefault().getPathMatcher("glob:" + keep).matches(path)) {
                return true;
            }
        }
        for (PathMatcher glob : protectedGlobs) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first attribute whose column still holds the file in some row, or null. Every spelling a
     * row could use for the key is looked for (raw, with a leading slash, behind each strip prefix,
     * NFC and NFD), so a second row naming the same file differently keeps it.
     */
    private String stillReferencedBy(String value, String key) {
        java.util.Set<String> spellings = new java.util.LinkedHashSet<>();
        spellings.add(value);
        spellings.addAll(dev.mediagc.key.KeyNormalizer.of(stripPrefixes, false).spellingsOf(key));
        List<String> forms = List.copyOf(spellings);
        List<MediaAttribute> all = new ArrayList<>();
        attributes.values().forEach(all::addAll);
        String placeholders = String.join(",", java.util.Collections.nCopies(forms.size(), "?"));
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            return session.doReturningWork(connection -> {
                for (MediaAttribute attribute : all) {
                    String sql = "SELECT 1 FROM " + attribute.table() + " WHERE " + attribute.column()
                            + " IN (" + placeholders + ")";
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        statement.setMaxRows(1);
                        for (int i = 0; i < forms.size(); i++) {
                            statement.setString(i + 1, forms.get(i));
                        }
                        try (ResultSet row = statement.executeQuery()) {
                            if (row.next()) {
                                return attribute.entityName() + "." + attribute.path();
                            }
                        }
                    }
                }
                return extraReferences.holderOf(connection, forms);
            });
        }
    }

    /** How many batches of released files wait to be checked and deleted; for health checks. */
    public int pendingCount() {
        return pending.get();
    }

    /** Waits until queued deletes are done; for tests and orderly shutdown. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending.get() == 0) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    void shutdown(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("cleanup still busy at shutdown; the remaining files are left for the next sweep");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
