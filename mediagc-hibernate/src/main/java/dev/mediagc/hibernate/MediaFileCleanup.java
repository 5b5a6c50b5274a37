package dev.mediagc.hibernate;

import dev.mediagc.internal.reference.ColumnReference;
import dev.mediagc.internal.reference.ReadOnlyTransaction;
import dev.mediagc.spi.ObjectStore;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.event.spi.EventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleanup on change for one {@link SessionFactory}: deletes the files of deleted rows and replaced
 * values after the transaction commits and a delay has passed, unless another row then holds the
 * key, the key is protected, or a listener vetoes. A failure is logged, handed to the listeners and
 * retried; nothing is ever thrown into the application, and whatever is left is found by the next
 * sweep.
 *
 * <p>Each released key becomes a pending deletion, written by default to an outbox table in the
 * application's database within the transaction that released it ({@value OutboxTable#DEFAULT_NAME},
 * created when missing): it survives restarts and crashes, and every instance of the application
 * shares the work. The delay (10 minutes by default) is what protects a file that a transaction
 * still in flight is giving to another row: by the time the deletion is taken up, that row has
 * committed and the re-check sees it. Without a table ({@link #inMemory()}), pending deletions live
 * in this process and are lost when it stops.
 *
 * <pre>{@code
 * MediaFileCleanup.of(sessionFactory)
 *         .store(Stores.local(Path.of("/var/www/media")))
 *         .stripPrefix("/media/")
 *         .protect("defaults/**");
 * }</pre>
 */
public final class MediaFileCleanup {

    private static final Logger log = LoggerFactory.getLogger(MediaFileCleanup.class);
    /** By the session factory's UUID, which proxies and unwrapped instances agree on. */
    private static final Map<String, MediaFileCleanup> BY_FACTORY = new ConcurrentHashMap<>();
    public static final Duration DEFAULT_DELAY = Duration.ofMinutes(10);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

    private final SessionFactory sessionFactory;
    private final Map<String, List<MediaAttribute>> attributes;
    private final Map<String, MediaAttribute> attributesByName = new ConcurrentHashMap<>();
    /** The element collection attributes by collection role, each path once (subclasses inherit the same collection). */
    private final Map<String, List<MediaAttribute>> attributesByCollectionRole = new ConcurrentHashMap<>();
    private final List<MediaFileListener> listeners = new CopyOnWriteArrayList<>();
    private final List<String> protectedGlobTexts = new CopyOnWriteArrayList<>();
    private final List<String> stripPrefixes = new CopyOnWriteArrayList<>();
    private final Map<Object, TransactionReleases> openTransactions = Collections.synchronizedMap(new IdentityHashMap<>());
    private final InMemoryPendingDeletions memory = new InMemoryPendingDeletions();
    private final CleanupWorker worker = new CleanupWorker(this);
    private final ExtraReferences extraReferences = new ExtraReferences();
    /** Every mapped attribute's column, read by the re-check before a delete. */
    private final List<MappedColumn> mappedColumns;
    private volatile ObjectStore store;
    private volatile CaseOfStore caseOfStore;
    private volatile boolean inline;
    private volatile boolean enabled = true;
    private volatile Duration delay = DEFAULT_DELAY;
    private volatile Duration pollInterval = DEFAULT_POLL_INTERVAL;
    /** The outbox asked for (null: memory only), whether to create it, and the one in use once checked. */
    private volatile String outboxName = OutboxTable.DEFAULT_NAME;
    private volatile boolean createOutbox = true;
    private volatile OutboxTable outbox;
    private volatile boolean started;
    private volatile boolean quarantine;
    private volatile java.time.Clock clock = java.time.Clock.systemUTC();

    MediaFileCleanup(SessionFactory sessionFactory, Map<String, List<MediaAttribute>> attributes) {
        this.sessionFactory = sessionFactory;
        this.attributes = attributes;
        attributes.values().forEach(list -> list.forEach(a -> attributesByName.put(a.entityName() + "." + a.path(), a)));
        Map<String, Map<String, MediaAttribute>> byRole = new java.util.LinkedHashMap<>();
        attributes.values().forEach(list -> list.stream().filter(MediaAttribute::inCollection).forEach(a ->
                byRole.computeIfAbsent(a.collectionRole(), role -> new java.util.LinkedHashMap<>()).putIfAbsent(a.path(), a)));
        byRole.forEach((role, byPath) -> attributesByCollectionRole.put(role, List.copyOf(byPath.values())));
        List<MappedColumn> columns = new ArrayList<>();
        attributes.values().forEach(list -> list.forEach(a -> columns.add(
                new MappedColumn(a.entityName() + "." + a.path(), new ColumnReference(a.qualifiedColumn())))));
        this.mappedColumns = List.copyOf(columns);
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
        BY_FACTORY.remove(idOf(sessionFactory));
    }

    /** Where the files live. Until a store is set, nothing is deleted (the sweep still works). */
    public MediaFileCleanup store(ObjectStore store) {
        this.store = store;
        return this;
    }

    /** Take up due deletions on the committing thread, right after its commit, instead of only on mediagc's thread. */
    public MediaFileCleanup inline(boolean inline) {
        this.inline = inline;
        return this;
    }

    public MediaFileCleanup enabled(boolean enabled) {
        this.enabled = enabled;
        return this;
    }

    /**
     * Move released files into the store's quarantine instead of deleting them: one run a day,
     * {@code YYYYMMDDT000000Z-cleanup}, restorable with {@code mediagc restore} and purged by age
     * with {@code mediagc purge} like a sweep's.
     */
    public MediaFileCleanup quarantine(boolean quarantine) {
        this.quarantine = quarantine;
        return this;
    }

    boolean quarantines() {
        return quarantine;
    }

    /**
     * How long a released key waits before it is re-checked and deleted (default 10 minutes). A
     * transaction that gives the file to another row and commits within this time keeps it; one
     * that stays open longer than this is the window that remains.
     */
    public MediaFileCleanup delay(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("the cleanup delay must be zero or positive, e.g. PT10M");
        }
        this.delay = delay;
        return this;
    }

    /** How often the worker looks for due deletions (default 30 seconds). */
    public MediaFileCleanup pollInterval(Duration pollInterval) {
        if (pollInterval == null || pollInterval.isZero() || pollInterval.isNegative()) {
            throw new IllegalArgumentException("the cleanup poll interval must be positive, e.g. PT30S");
        }
        this.pollInterval = pollInterval;
        if (started) {
            worker.reschedule(pollInterval);
        }
        return this;
    }

    /**
     * Pending deletions go to this table of the application's database (created when missing if
     * {@code create}; its DDL is {@link #outboxDdl}). If it cannot be used, they wait in memory and
     * a warning says why.
     */
    public MediaFileCleanup outbox(String table, boolean create) {
        this.outboxName = table;
        this.createOutbox = create;
        if (started) {
            prepareOutbox();
        }
        return this;
    }

    /** Pending deletions wait in this process only: lost on shutdown or crash, left to the sweep. */
    public MediaFileCleanup inMemory() {
        this.outboxName = null;
        this.outbox = null;
        return this;
    }

    /** The outbox table's DDL; the same statement works on PostgreSQL, MariaDB/MySQL, H2 and SQLite. */
    public static String outboxDdl(String table) {
        return OutboxTable.ddl(table);
    }

    /** The outbox table in use, or empty when pending deletions wait in memory. */
    public Optional<String> outboxTable() {
        OutboxTable current = outbox;
        return current == null ? Optional.empty() : Optional.of(current.name());
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
            FileSystems.getDefault().getPathMatcher("glob:" + glob); // refuses a bad glob at once
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

    /** The file attributes of the elements of the collection with this role. */
    List<MediaAttribute> attributesOfCollection(String role) {
        return attributesByCollectionRole.getOrDefault(role, List.of());
    }

    boolean tracksCollection(String role) {
        return enabled && role != null && attributesByCollectionRole.containsKey(role);
    }

    // ---- lifecycle: the session factory's creation and closing

    /** The factory is built: check (or create) the outbox and start the worker. */
    void start() {
        prepareOutbox();
        started = true;
        worker.start(pollInterval);
    }

    private void prepareOutbox() {
        String name = outboxName;
        if (name == null) {
            outbox = null;
            return;
        }
        try {
            OutboxTable table = new OutboxTable(name, this::withConnection, workerId());
            table.prepare(createOutbox);
            outbox = table;
            log.info("mediagc cleanup records pending deletions in {} ({}), taken up after {}", name,
                    table.usesSkipLocked() ? "claimed with SKIP LOCKED" : "claimed row by row", delay);
        } catch (Exception e) {
            outbox = null;
            log.warn("mediagc cannot use the outbox table {} ({}); pending deletions wait in memory and are lost on "
                    + "shutdown. Create it with MediaFileCleanup.outboxDdl (see the README) or choose in-memory cleanup",
                    name, e.getMessage());
        }
    }

    private static String workerId() {
        String id = System.getenv().getOrDefault("HOSTNAME", "host") + "-" + ProcessHandle.current().pid() + "-"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
        return id.length() > 100 ? id.substring(id.length() - 100) : id;
    }

    private <T> T withConnection(OutboxTable.SqlFunction<T> work) {
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            return session.doReturningWork(work::apply);
        }
    }

    /**
     * The factory is closing but can still open sessions: the worker stops (a pass under way
     * finishes), what is due is taken up once more, and what waits in memory is dropped, said
     * aloud. The outbox keeps its rows for the next start.
     */
    void stop() {
        started = false;
        worker.stop(Duration.ofSeconds(10));
        if (store != null) {
            worker.pass();
        }
        int dropped = memory.clear();
        if (dropped > 0) {
            log.warn("{} pending deletion(s) held in memory are dropped at shutdown; the next sweep will find their "
                    + "files (an outbox table keeps them across restarts)", dropped);
        }
    }

    // ---- from the listeners and the transaction

    /** Rows dropped these values during a flush of {@code session}'s transaction. Never throws. */
    void release(EventSource session, Collection<Released> released) {
        try {
            noteReleased(session, released);
        } catch (RuntimeException e) {
            // Never into the application's flush: the files stay, and the sweep finds them.
            log.warn("could not note {} released file(s) for cleanup ({}); they are left for the next sweep",
                    released.size(), e.toString());
        }
    }

    private void noteReleased(EventSource session, Collection<Released> released) {
        if (released.isEmpty() || !enabled) {
            return;
        }
        if (store == null) {
            log.debug("no store configured for cleanup on change; {} file(s) left for the sweep", released.size());
            return;
        }
        long now = now();
        List<PendingDeletion> deletions = new ArrayList<>();
        for (Released r : released) {
            String key = storeKey(r.value());
            if (key != null) {
                deletions.add(PendingDeletion.released(r, key, now));
            }
        }
        if (deletions.isEmpty()) {
            return;
        }
        if (session == null || !session.isTransactionInProgress()) {
            committed(deletions); // auto-commit: the change is already durable
            return;
        }
        TransactionReleases transaction = openTransactions.computeIfAbsent(session, s -> {
            TransactionReleases created = new TransactionReleases(this);
            session.getActionQueue().registerProcess((org.hibernate.action.spi.BeforeTransactionCompletionProcess) created);
            session.getActionQueue().registerProcess((org.hibernate.action.spi.AfterTransactionCompletionProcess) created);
            return created;
        });
        deletions.forEach(transaction::add);
    }

    void transactionEnded(SharedSessionContractImplementor session) {
        openTransactions.remove(session);
    }

    /** After a commit: what did not go to the outbox waits in memory; then a pass, if one is due now. */
    void committed(List<PendingDeletion> forMemory) {
        if (!forMemory.isEmpty() && !memory.add(forMemory)) {
            log.warn("{} pending deletion(s) in memory already; {} file(s) left for the next sweep",
                    InMemoryPendingDeletions.LIMIT, forMemory.size());
        }
        if (inline) {
            worker.pass();
        } else if (delay.isZero()) {
            worker.nudge();
        }
    }

    /** A value a row stopped holding, and the attribute that held it. */
    record Released(MediaAttribute attribute, String value) {
    }

    // ---- for the worker

    /** Tests move time on instead of waiting for the delay. */
    MediaFileCleanup clock(java.time.Clock clock) {
        this.clock = clock;
        return this;
    }

    long now() {
        return clock.millis();
    }

    List<PendingDeletions> sources() {
        OutboxTable current = outbox;
        return current == null ? List.of(memory) : List.of(memory, current);
    }

    OutboxTable outbox() {
        return outbox;
    }

    Duration delay() {
        return delay;
    }

    dev.mediagc.internal.store.ManagedStore store() {
        return dev.mediagc.internal.store.ManagedStore.of(store);
    }

    boolean releasedAgainAfter(String key, long releasedAt) throws Exception {
        for (PendingDeletions source : sources()) {
            if (source.releasedAgainAfter(key, releasedAt)) {
                return true;
            }
        }
        return false;
    }

    boolean listenersAllow(String key) {
        for (MediaFileListener listener : listeners) {
            try {
                if (!listener.beforeDelete(key)) {
                    return false;
                }
            } catch (RuntimeException e) {
                log.warn("a cleanup listener failed before deleting {}; keeping it: {}", key, e.toString());
                return false;
            }
        }
        return true;
    }

    void deleted(String key) {
        listeners.forEach(l -> safely(() -> l.afterDelete(key)));
    }

    void deleteFailed(String key, Exception error) {
        listeners.forEach(l -> safely(() -> l.deleteFailed(key, error)));
    }

    void kept(String key, String reason) {
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

    /**
     * Protected by the attribute's {@code keep} globs (known by its {@code Entity.attribute} name)
     * or a global one. On a store that folds letter case the key names the file whatever its
     * letters, and the sweep matches the globs against the spelling the file is listed under: so
     * key and globs are compared lower-cased too ({@code Shared/Team.png} is under {@code shared/**}).
     */
    boolean isProtected(String key, String heldBy) {
        boolean ignoreCase = foldsLetterCase(key);
        Path path;
        Path lowered;
        try {
            path = Path.of(key);
            lowered = Path.of(key.toLowerCase(Locale.ROOT));
        } catch (RuntimeException e) {
            return true; // a key no glob can be checked against is kept
        }
        MediaAttribute attribute = attributesByName.get(heldBy);
        List<String> globs = new ArrayList<>(attribute == null ? List.of() : attribute.keep());
        globs.addAll(protectedGlobTexts);
        for (String glob : globs) {
            if (glob.equals(key) || matches(glob, path)) {
                return true;
            }
            if (ignoreCase && (glob.equalsIgnoreCase(key) || matches(glob.toLowerCase(Locale.ROOT), lowered))) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String glob, Path path) {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(path);
        } catch (RuntimeException e) {
            return true; // a keep glob that cannot be read (protect() refuses one at once): when in doubt, keep
        }
    }

    /**
     * The first attribute whose column still holds the file in some row, or the extra reference
     * still naming it, or null. Every spelling a row could use for the key is looked for (the
     * values rows held, raw, with a leading slash, behind each strip prefix, NFC and NFD), so a
     * second row naming the same file differently keeps it. On a store that folds letter case
     * ({@link #foldsLetterCase}) spellings differing only in case are one file, so they are
     * compared ignoring case, as a sweep of that store does. Mapped columns and extra references
     * are read alike, by core's look-ups, in one checked read-only transaction (the cast to text
     * when the database refuses the plain comparison, Java's case folding beyond ASCII).
     */
    String stillReferencedBy(Collection<String> values, String key) {
        boolean ignoreCase = foldsLetterCase(key);
        List<String> exact = spellings(values, key, false);
        // Ignoring case adds a look-up, never replaces the exact one: LOWER() leaves some columns as
        // they are (MySQL's binary strings), where only the exact spelling finds a row.
        List<String> folded = ignoreCase ? spellings(values, key, true) : List.of();
        try (StatelessSession session = sessionFactory.openStatelessSession()) {
            return session.doReturningWork(connection -> {
                // A read-only transaction cannot begin inside a running one (PostgreSQL refuses,
                // MySQL would commit it): this session has written nothing, so end what it began.
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                try (ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection)) {
                    for (MappedColumn mapped : mappedColumns) {
                        if (!mapped.column().lookUpWithin(connection, transaction, exact, false).isEmpty()
                                || (ignoreCase && !mapped.column().lookUpWithin(connection, transaction, folded, true).isEmpty())) {
                            return mapped.holder();
                        }
                    }
                    String holder = extraReferences.holderOf(connection, transaction, exact, false);
                    return holder != null || !ignoreCase ? holder
                            : extraReferences.holderOf(connection, transaction, folded, true);
                }
            });
        }
    }

    /** The values rows held and every spelling of {@code key}, lower-cased with {@code ignoreCase}. */
    private List<String> spellings(Collection<String> values, String key, boolean ignoreCase) {
        java.util.Set<String> spellings = new java.util.LinkedHashSet<>();
        for (String value : values) {
            spellings.add(ignoreCase ? value.toLowerCase(java.util.Locale.ROOT) : value);
        }
        spellings.addAll(dev.mediagc.internal.key.KeyNormalizer.of(stripPrefixes, ignoreCase).spellingsOf(key));
        return List.copyOf(spellings);
    }

    /** A mapped attribute's column as core's look-up reads it, and the attribute's name for the log and listeners. */
    private record MappedColumn(String holder, ColumnReference column) {
    }

    /** What the store said about letter case, for the store it was asked of. */
    private record CaseOfStore(ObjectStore store, boolean folds) {
    }

    /**
     * Whether the store folds letter case, asked once per store ({@link ObjectStore#letterCase()}
     * may walk folders). UNKNOWN counts as folding, and so does a probe that fails (asked again
     * next time): when in doubt, keep the file. An EXACT answer is remembered only once it is
     * known to come from a name with a letter, here the released key's own file still in the
     * store: a store holding no such name yet answers EXACT whatever its file system does.
     */
    boolean foldsLetterCase(String key) {
        ObjectStore current = store;
        if (current == null) {
            return true;
        }
        CaseOfStore known = caseOfStore;
        if (known != null && known.store() == current) {
            return known.folds();
        }
        dev.mediagc.spi.LetterCase answer;
        try {
            answer = current.letterCase();
        } catch (Exception e) {
            log.warn("could not tell whether {} folds letter case ({}); re-checking {} ignoring case", current.location(),
                    e.toString(), key);
            return true;
        }
        boolean folds = answer != dev.mediagc.spi.LetterCase.EXACT;
        if (folds || exactIsProven(current, key)) {
            caseOfStore = new CaseOfStore(current, folds);
            if (folds) {
                log.info("{} {} letter case: cleanup keeps a file a row names in other letters", current.location(),
                        answer == dev.mediagc.spi.LetterCase.FOLDED ? "folds" : "may fold");
            }
        }
        return folds;
    }

    /** The probe saw a name with a letter: the key has one and its file is there. */
    private static boolean exactIsProven(ObjectStore store, String key) {
        if (!key.matches(".*[A-Za-z].*")) {
            return false;
        }
        try {
            return store.stat(key).isPresent();
        } catch (Exception e) {
            return false;
        }
    }

    /** How many deletions wait (in the outbox and in memory); for health checks. */
    public long pendingCount() {
        return backlog().count();
    }

    /** How long the oldest pending deletion has waited since its commit; empty when none waits. */
    public Optional<Duration> oldestPendingAge() {
        PendingDeletions.Backlog backlog = backlog();
        return backlog.oldestReleasedAt().isPresent()
                ? Optional.of(Duration.ofMillis(Math.max(0, now() - backlog.oldestReleasedAt().getAsLong())))
                : Optional.empty();
    }

    private PendingDeletions.Backlog backlog() {
        PendingDeletions.Backlog total = PendingDeletions.Backlog.EMPTY;
        for (PendingDeletions source : sources()) {
            try {
                total = total.plus(source.backlog());
            } catch (Exception e) {
                log.debug("could not count pending deletions: {}", e.toString());
            }
        }
        return total;
    }

    /**
     * Takes up every deletion due now and waits until a pass finds nothing more due; for tests and
     * orderly shutdown. Deletions still within their delay are not waited for.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return worker.awaitIdle(timeout);
    }
}
