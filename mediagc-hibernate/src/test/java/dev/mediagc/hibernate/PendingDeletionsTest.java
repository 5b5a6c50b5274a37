package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.Entities.Profile;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Released keys wait as pending deletions, written in the releasing transaction, for a delay that
 * covers transactions still in flight; on H2, PostgreSQL and MariaDB with a real folder of files.
 * Time is moved on by the test, so the delay passes at once and in a known order.
 */
class PendingDeletionsTest {

    private static final Duration DELAY = Duration.ofMinutes(10);

    @TempDir
    Path temp;
    Path media;
    TestDatabase db;
    final List<SessionFactory> factories = new ArrayList<>();
    SessionFactory sessionFactory;
    MediaFileCleanup cleanup;
    final MovableClock clock = new MovableClock();
    final List<String> events = new CopyOnWriteArrayList<>();

    private void start(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = open();
        cleanup = MediaFileCleanup.of(sessionFactory);
    }

    /** An instance of the application on the test database, keeping its schema across restarts. */
    private SessionFactory open() {
        SessionFactory factory = TestSessionFactories.kept(db, Map.of(), Profile.class);
        factories.add(factory);
        MediaFileCleanup.of(factory).store(LocalStore.at(media)).delay(DELAY).clock(clock).listener(new RecordingListener(events));
        return factory;
    }

    @AfterEach
    void stop() {
        factories.forEach(SessionFactory::close);
        if (db != null) {
            db.close();
        }
    }

    private Path file(String key) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + key);
        return file;
    }

    private void commit(Consumer<Session> work) {
        sessionFactory.inTransaction(work);
    }

    private Long save(Profile profile) {
        commit(s -> s.persist(profile));
        return profile.id;
    }

    /** Moves time on and lets the worker take up whatever is due by then. */
    private void passTime(Duration duration) throws InterruptedException {
        clock.advance(duration);
        assertThat(cleanup.awaitIdle(Duration.ofSeconds(30))).isTrue();
    }

    private long outboxRows(String where) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT COUNT(*) FROM mediagc_pending_deletion" + where)) {
            row.next();
            return row.getLong(1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aStockImageChosenByATransactionStillOpenWhenTheLastHolderLetsGoIsKept(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path sunset = file("stock/sunset.jpg");
        Long a = save(new Profile("a", "stock/sunset.jpg", null));
        Long b = save(new Profile("b", "avatars/b.png", null));

        try (Session request1 = sessionFactory.openSession()) {
            request1.beginTransaction();
            request1.get(Profile.class, b).avatar = "stock/sunset.jpg";
            request1.flush();                                   // row B points at it, not committed yet
            commit(s -> s.remove(s.get(Profile.class, a)));     // request 2 drops row A's use and commits first
            passTime(Duration.ofMinutes(2));
            request1.getTransaction().commit();
        }
        passTime(DELAY);

        assertThat(sunset).as("row B shows it").exists();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("kept stock/sunset.jpg: still referenced by")
                .endsWith("Profile.avatar"));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void anInnerRequiresNewTransactionDeletingTheOldHolderLeavesTheKeyToTheOuterTransactionsNewRow(TestDatabase.Kind kind)
            throws Exception {
        start(kind);
        Path logo = file("stock/logo.png");
        Long old = save(new Profile("old", "stock/logo.png", null));

        try (Session outer = sessionFactory.openSession()) {
            outer.beginTransaction();
            outer.persist(new Profile("new", "stock/logo.png", null));
            outer.flush();
            try (Session inner = sessionFactory.openSession()) {   // REQUIRES_NEW: its own connection and commit
                inner.beginTransaction();
                inner.remove(inner.get(Profile.class, old));
                inner.getTransaction().commit();
            }
            passTime(Duration.ofMinutes(1));   // the worker runs while the outer transaction is still open
            outer.getTransaction().commit();
        }
        passTime(DELAY);

        assertThat(logo).exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aKeyReleasedAgainAfterBeingRetakenWaitsForItsLatestRelease(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path banner = file("stock/banner.png");
        Long a = save(new Profile("a", "stock/banner.png", null));
        Long b = save(new Profile("b", null, null));

        commit(s -> s.remove(s.get(Profile.class, a)));                         // first release, at 0
        passTime(Duration.ofMinutes(6));
        commit(s -> s.get(Profile.class, b).avatar = "stock/banner.png");       // taken again
        passTime(Duration.ofMinutes(1));
        commit(s -> s.get(Profile.class, b).avatar = null);                     // released again, at 7 min
        try (Session inFlight = sessionFactory.openSession()) {
            inFlight.beginTransaction();
            inFlight.persist(new Profile("c", "stock/banner.png", null));
            inFlight.flush();
            passTime(Duration.ofMinutes(4));   // 11 min: the first release is due, the second is not
            assertThat(banner).as("the later release, whose delay covers this transaction, decides").exists();
            inFlight.getTransaction().commit();
        }
        passTime(DELAY);

        assertThat(banner).exists();
        assertThat(outboxRows("")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void theOutboxHoldsOneRowPerReleasedKeyOnlyForCommittedChanges(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path shared = file("avatars/shared.png");
        Path own = file("avatars/own.png");
        Long first = save(new Profile("a", "avatars/shared.png", null));
        Long second = save(new Profile("b", "avatars/shared.png", null));
        Long third = save(new Profile("c", "avatars/own.png", null));

        commit(s -> s.get(Profile.class, third).name = "renamed");
        assertThat(outboxRows("")).as("a row whose files did not change writes nothing").isZero();
        try (Session rolledBack = sessionFactory.openSession()) {
            rolledBack.beginTransaction();
            rolledBack.remove(rolledBack.get(Profile.class, third));
            rolledBack.flush();
            rolledBack.getTransaction().rollback();
        }
        assertThat(outboxRows("")).as("a rollback records nothing").isZero();

        commit(s -> {
            s.remove(s.get(Profile.class, first));
            s.remove(s.get(Profile.class, second));
            s.remove(s.get(Profile.class, third));
        });
        assertThat(outboxRows("")).as("two rows releasing one key: one record").isEqualTo(2);
        assertThat(cleanup.pendingCount()).isEqualTo(2);
        passTime(Duration.ofMinutes(3));
        assertThat(cleanup.oldestPendingAge()).contains(Duration.ofMinutes(3));
        assertThat(shared).as("within the delay").exists();

        passTime(DELAY);
        assertThat(shared).doesNotExist();
        assertThat(own).doesNotExist();
        assertThat(outboxRows("")).isZero();
        assertThat(cleanup.oldestPendingAge()).isEmpty();
        assertThat(events).containsExactlyInAnyOrder("deleted avatars/shared.png", "deleted avatars/own.png");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void aPendingDeletionSurvivesARestartAndTheNextInstanceTakesItUp(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path gone = file("avatars/gone.png");
        Path kept = file("avatars/kept.png");
        Long a = save(new Profile("a", "avatars/gone.png", null));
        save(new Profile("b", "avatars/kept.png", null));
        Long c = save(new Profile("c", "avatars/kept.png", null));
        commit(s -> {
            s.remove(s.get(Profile.class, a));
            s.remove(s.get(Profile.class, c));
        });
        sessionFactory.close();   // an orderly shutdown within the delay
        assertThat(gone).exists();
        assertThat(outboxRows("")).isEqualTo(2);

        sessionFactory = open();
        cleanup = MediaFileCleanup.of(sessionFactory);
        passTime(DELAY);

        assertThat(gone).doesNotExist();
        assertThat(kept).as("row b still shows it").exists();
        assertThat(outboxRows("")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void anOutboxThatCannotBeWrittenNeverFailsTheApplicationsTransaction(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path photo = file("avatars/photo.png");
        Long id = save(new Profile("a", "avatars/photo.png", null));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE mediagc_pending_deletion");   // gone after start: every insert fails
        }

        commit(s -> s.remove(s.get(Profile.class, id)));

        Profile after = sessionFactory.fromTransaction(s -> s.get(Profile.class, id));
        assertThat(after).as("the delete committed").isNull();
        passTime(DELAY);
        assertThat(photo).as("waiting in memory, kept while the outbox cannot say whether it was released again")
                .exists();

        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(MediaFileCleanup.outboxDdl("mediagc_pending_deletion"));
        }
        passTime(CleanupWorker.FIRST_RETRY);
        assertThat(photo).as("taken up again once the outbox answers").doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFailedDeleteStaysPendingAndIsRetriedAfterABackoff(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path photo = file("avatars/retry.png");
        Long id = save(new Profile("a", "avatars/retry.png", null));
        cleanup.store(new CleanupOnChangeTest.LocalStoreThatFails(LocalStore.at(media)));

        commit(s -> s.remove(s.get(Profile.class, id)));
        passTime(DELAY);
        assertThat(photo).exists();
        assertThat(events).containsExactly("failed avatars/retry.png");
        assertThat(outboxRows(" WHERE attempts = 1 AND last_error LIKE '%read-only file system%'")).isEqualTo(1);

        cleanup.store(LocalStore.at(media));
        passTime(Duration.ofSeconds(10));
        assertThat(photo).as("not before the backoff").exists();
        passTime(CleanupWorker.FIRST_RETRY);
        assertThat(photo).doesNotExist();
        assertThat(outboxRows("")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL", "MARIADB"})
    void twoInstancesShareTheOutboxAndEachFileIsDeletedOnce(TestDatabase.Kind kind) throws Exception {
        start(kind);
        SessionFactory second = open();
        Map<String, AtomicInteger> deletes = new ConcurrentHashMap<>();
        for (SessionFactory factory : List.of(sessionFactory, second)) {
            MediaFileCleanup.of(factory).store(new CountingStore(LocalStore.at(media), deletes));
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            file("uploads/" + i + ".jpg");
            ids.add(save(new Profile("p" + i, "uploads/" + i + ".jpg", null)));
        }
        commit(s -> ids.forEach(id -> s.remove(s.get(Profile.class, id))));
        clock.advance(DELAY);

        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> idle = new ArrayList<>();
            for (SessionFactory factory : List.of(sessionFactory, second)) {
                idle.add(both.submit(() -> MediaFileCleanup.of(factory).awaitIdle(Duration.ofSeconds(60))));
            }
            for (Future<Boolean> f : idle) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            both.shutdown();
        }

        assertThat(deletes).hasSize(120);
        assertThat(deletes.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(outboxRows("")).isZero();
        try (var files = Files.list(media.resolve("uploads"))) {
            assertThat(files).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2"})
    void inMemoryPendingDeletionsNeedNoTableAndAreDroppedAtShutdownAloud(TestDatabase.Kind kind) throws Exception {
        start(kind);
        cleanup.inMemory();
        Path now = file("avatars/now.png");
        Path later = file("avatars/later.png");
        Long first = save(new Profile("a", "avatars/now.png", null));
        Long second = save(new Profile("b", "avatars/later.png", null));

        commit(s -> s.remove(s.get(Profile.class, first)));
        assertThat(outboxRows("")).isZero();
        passTime(DELAY);
        assertThat(now).doesNotExist();

        commit(s -> s.remove(s.get(Profile.class, second)));
        assertThat(cleanup.pendingCount()).isEqualTo(1);
        sessionFactory.close();
        assertThat(later).as("still within its delay when the application stopped: left to the sweep").exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void anOrderlyShutdownTakesUpWhatIsDueWhileTheDatabaseCanStillBeAsked(TestDatabase.Kind kind) throws Exception {
        start(kind);
        cleanup.inMemory();
        Path due = file("avatars/due.png");
        Long id = save(new Profile("a", "avatars/due.png", null));
        commit(s -> s.remove(s.get(Profile.class, id)));
        clock.advance(DELAY.plusMinutes(1));   // due, and no pass has run yet

        sessionFactory.close();

        assertThat(due).as("checked and deleted before the factory closed").doesNotExist();
        assertThat(events).containsExactly("deleted avatars/due.png");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2"})
    void aStatelessSessionsChangesAreLeftToTheSweepAndNeverFail(TestDatabase.Kind kind) throws Exception {
        start(kind);
        Path photo = file("avatars/stateless.png");
        Long id = save(new Profile("a", "avatars/stateless.png", null));

        try (org.hibernate.StatelessSession stateless = sessionFactory.openStatelessSession()) {
            stateless.beginTransaction();
            Profile profile = stateless.get(Profile.class, id);
            profile.avatar = "avatars/other.png";
            stateless.update(profile);
            stateless.delete(profile);
            stateless.getTransaction().commit();
        }
        passTime(DELAY);

        assertThat(photo).as("no loaded state to tell the old value: the sweep's to find").exists();
        assertThat(outboxRows("")).isZero();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2"})
    void withQuarantineAReleasedFileIsMovedIntoTheDaysCleanupRunRestorableAndPurgedOnceTheDayIsOver(
            TestDatabase.Kind kind) throws Exception {
        start(kind);
        cleanup.quarantine(true);
        Path photo = file("avatars/q.png");
        Long id = save(new Profile("a", "avatars/q.png", null));

        commit(s -> s.remove(s.get(Profile.class, id)));
        passTime(DELAY);

        String run = "20261126T000000Z-cleanup";   // the movable clock's day
        dev.mediagc.internal.store.ManagedStore store = dev.mediagc.internal.store.ManagedStore.of(LocalStore.at(media));
        assertThat(photo).doesNotExist();
        assertThat(store.isQuarantined("avatars/q.png", run)).isTrue();
        store.restore("avatars/q.png", run);
        assertThat(photo).hasContent("content of avatars/q.png");

        commit(s -> s.persist(new Profile("b", "avatars/again.png", null)));
        file("avatars/again.png");
        commit(s -> s.createSelectionQuery("from Profile where name = 'b'", Profile.class).getSingleResult().avatar = null);
        passTime(DELAY);
        java.time.Clock sameDay = java.time.Clock.fixed(clock.instant(), java.time.ZoneOffset.UTC);
        java.time.Clock nextDay = java.time.Clock.fixed(clock.instant().plus(Duration.ofDays(2)), java.time.ZoneOffset.UTC);
        dev.mediagc.internal.quarantine.Quarantine quarantine = new dev.mediagc.internal.quarantine.Quarantine(store);
        assertThat(quarantine.purge(Duration.ZERO, false, sameDay).purged()).as("the day's run may still grow").isEmpty();
        assertThat(quarantine.purge(Duration.ofDays(1), false, nextDay).purged()).containsExactly(run);
    }

    /** A real local store counting the deletes that reach it. */
    static final class CountingStore extends dev.mediagc.testing.ForwardingStore {
        private final Map<String, AtomicInteger> deletes;

        CountingStore(ObjectStore delegate, Map<String, AtomicInteger> deletes) {
            super(delegate);
            this.deletes = deletes;
        }

        @Override
        public void delete(String key) throws IOException {
            deletes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            super.delete(key);
        }
    }
}
