package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.Entities.Address;
import dev.mediagc.hibernate.Entities.Document;
import dev.mediagc.hibernate.Entities.Profile;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Cleanup on change in plain Hibernate, on H2 and PostgreSQL, with a real folder of files. */
class CleanupOnChangeTest {

    @TempDir
    Path temp;
    Path media;
    TestDatabase db;
    SessionFactory sessionFactory;
    final List<String> events = new CopyOnWriteArrayList<>();

    private void start(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, Profile.class, Document.class, Entities.Note.class,
                Entities.Invoice.class);
        MediaFileCleanup.of(sessionFactory).store(LocalStore.at(media)).inline(true).delay(Duration.ZERO).stripPrefix("/media/")
                .protect("shared/**")
                .listener(new RecordingListener(events));
    }

    @AfterEach
    void stop() {
        if (sessionFactory != null) {
            sessionFactory.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private Path file(String key) throws IOException {
        Path file = media.resolve(key);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "content of " + key);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
        return file;
    }

    private void commit(Consumer<Session> work) {
        sessionFactory.inTransaction(work);
    }

    private void rollback(Consumer<Session> work) {
        Session session = sessionFactory.openSession();
        session.beginTransaction();
        work.accept(session);
        session.flush();
        session.getTransaction().rollback();
        session.close();
    }

    private Long save(Object entity) {
        commit(s -> s.persist(entity));
        return entity instanceof Profile p ? p.id : ((Document) entity).id;
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void deletingARowDeletesItsFilesOnlyAfterCommit(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path avatar = file("avatars/a.png");
        Path home = file("homes/a.jpg");
        Profile profile = new Profile("ann", "/media/avatars/a.png", null);
        profile.address = new Address("Oslo", "homes/a.jpg");
        Long id = save(profile);

        rollback(s -> s.remove(s.get(Profile.class, id)));
        assertThat(avatar).as("a rollback keeps the file").exists();
        assertThat(home).exists();

        commit(s -> s.remove(s.get(Profile.class, id)));
        assertThat(avatar).doesNotExist();
        assertThat(home).as("an @Embeddable attribute is cleaned too").doesNotExist();
        assertThat(events).contains("deleted avatars/a.png", "deleted homes/a.jpg");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void replacingAFileDeletesTheOldOneAfterCommitAndKeepsTheNewOne(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path old = file("docs/v1.pdf");
        Path fresh = file("docs/v2.pdf");
        Long id = save(new Document("report", "docs/v1.pdf"));

        rollback(s -> s.get(Document.class, id).file = "docs/v2.pdf");
        assertThat(old).exists();

        commit(s -> s.get(Document.class, id).file = "docs/v2.pdf");
        assertThat(old).as("a @MappedSuperclass attribute is cleaned").doesNotExist();
        assertThat(fresh).exists();

        commit(s -> s.get(Document.class, id).file = "docs/v2.pdf");
        commit(s -> s.get(Document.class, id).title = "renamed");
        assertThat(fresh).as("the same key, or another column changing, keeps the file").exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void mergingADetachedEntityUsesTheLoadedStateForTheOldValue(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path old = file("avatars/old.png");
        Long id = save(new Profile("bo", "avatars/old.png", null));
        Profile detached = sessionFactory.fromTransaction(s -> s.get(Profile.class, id));
        detached.avatar = "avatars/new.png";

        commit(s -> s.merge(detached));

        assertThat(old).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void anAttributeInAMappedSuperclassIsReadFromItsOwnPlaceWhateverTheFieldsAreCalled(TestDatabase.Kind kind)
            throws IOException {
        start(kind);
        // Every String of the row names an existing file: reading the wrong attribute deletes one.
        Path number = file("invoices/12.pdf");
        Path attachments = file("invoices/12-attachments.zip");
        Path pdf = file("scans/12.pdf");
        Path newPdf = file("scans/12-v2.pdf");
        Long id = sessionFactory.fromTransaction(s -> {
            Entities.Invoice invoice = new Entities.Invoice("invoices/12.pdf", "invoices/12-attachments.zip", "scans/12.pdf");
            s.persist(invoice);
            return invoice.id;
        });

        commit(s -> s.get(Entities.Invoice.class, id).number = "invoices/13.pdf");
        assertThat(number).as("changing another attribute releases no key").exists();
        commit(s -> s.get(Entities.Invoice.class, id).pdf = "scans/12-v2.pdf");
        assertThat(pdf).as("the replaced file goes").doesNotExist();
        commit(s -> s.remove(s.get(Entities.Invoice.class, id)));

        assertThat(newPdf).as("the row's file goes with it").doesNotExist();
        assertThat(number).exists();
        assertThat(attachments).exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void whatCleanupProtectsTheSweepFromTheMappingLeavesAlone(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path placeholder = file("defaults/banner.png");   // @MediaFile(keep = "defaults/*") on Profile.banner
        Path logo = file("shared/brand/logo.png");        // protect("shared/**")
        Path orphan = file("uploads/forgotten.jpg");

        SweepReport report = MediaFileReferences.from(sessionFactory).sweep(db.dataSource()).store(LocalStore.at(media))
                .allowEmptySource(true).maxOrphanRatio(1).apply(dev.mediagc.Action.QUARANTINE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(placeholder).exists();
        assertThat(logo).exists();
        assertThat(orphan).doesNotExist();
        assertThat(report.excluded().count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void twoRowsReleasingTheSameKeyInOneTransactionDeleteItOnceAndReportNoFailure(TestDatabase.Kind kind)
            throws IOException {
        start(kind);
        Path photo = file("uploads/same-transaction.jpg");
        Long first = save(new Profile("ann", "uploads/same-transaction.jpg", null));
        Long second = save(new Profile("bob", "uploads/same-transaction.jpg", null));

        commit(s -> {
            s.remove(s.get(Profile.class, first));
            s.remove(s.get(Profile.class, second));
        });

        assertThat(photo).doesNotExist();
        assertThat(events).noneMatch(e -> e.startsWith("failed"));
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileSharedByTwoRowsGoesOnlyWithTheLastOne(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path shared = file("avatars/team.png");
        Long first = save(new Profile("a", "avatars/team.png", null));
        Long second = save(new Document("team photo", "avatars/team.png"));

        commit(s -> s.remove(s.get(Profile.class, first)));
        assertThat(shared).exists();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("kept avatars/team.png: still referenced by").endsWith("Document.file"));

        commit(s -> s.remove(s.get(Document.class, second)));
        assertThat(shared).doesNotExist();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileNamedDifferentlyByAnotherRowIsKept(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path shared = file("avatars/spelled.png");
        Long first = save(new Profile("h", "avatars/spelled.png", null));
        save(new Document("same file, URL spelling", "/media/avatars/spelled.png"));

        commit(s -> s.remove(s.get(Profile.class, first)));

        assertThat(shared).as("the document still shows it under /media/").exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void protectedKeysAreNeverDeleted(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path defaultBanner = file("defaults/banner.png");
        Path sharedLogo = file("shared/logo.png");
        Long id = save(new Profile("c", "shared/logo.png", "defaults/banner.png"));

        commit(s -> s.remove(s.get(Profile.class, id)));

        assertThat(defaultBanner).as("@MediaFile(keep)").exists();
        assertThat(sharedLogo).as("a global protected glob").exists();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aStoreFailureNeverBreaksTheApplicationsTransactionAndReachesTheHook(TestDatabase.Kind kind) throws IOException {
        start(kind);
        ObjectStore broken = new LocalStoreThatFails(LocalStore.at(media));
        MediaFileCleanup.of(sessionFactory).store(broken);
        Path avatar = file("avatars/d.png");
        Long id = save(new Profile("d", "avatars/d.png", null));

        commit(s -> s.remove(s.get(Profile.class, id)));

        Profile after = sessionFactory.fromTransaction(s -> s.get(Profile.class, id));
        assertThat(after).as("the delete committed").isNull();
        assertThat(avatar).exists();
        assertThat(events).contains("failed avatars/d.png");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aBulkDeleteBypassesTheListenerAndTheSweepThenFindsTheFile(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Path bulk = file("avatars/bulk.png");
        file("avatars/live.png");
        save(new Profile("e", "avatars/bulk.png", null));
        save(new Profile("f", "avatars/live.png", null));

        commit(s -> s.createMutationQuery("delete from Profile where name = 'e'").executeUpdate());
        assertThat(bulk).as("JPQL bulk deletes skip entity listeners").exists();

        MediaFileReferences references = MediaFileReferences.from(sessionFactory);
        assertThat(references.columns()).contains("profile.avatar", "profile.banner", "profile.photo", "document.file");
        Path list = temp.resolve("orphans.txt");
        SweepReport report = references.sweep(db.dataSource()).store(LocalStore.at(media)).stripPrefix("/media/")
                .orphanList(list).allowEmptySource(true).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.DRY_RUN);
        assertThat(Files.readAllLines(list)).containsExactly("avatars/bulk.png");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2"})
    void byDefaultDeletesRunOffTheCommittingThread(TestDatabase.Kind kind) throws Exception {
        start(kind);
        List<String> threads = new CopyOnWriteArrayList<>();
        MediaFileCleanup.of(sessionFactory).inline(false).listener(new MediaFileListener() {
            @Override
            public void afterDelete(String key) {
                threads.add(Thread.currentThread().getName());
            }
        });
        Path avatar = file("avatars/async.png");
        Long id = save(new Profile("g", "avatars/async.png", null));

        commit(s -> s.remove(s.get(Profile.class, id)));

        assertThat(MediaFileCleanup.of(sessionFactory).awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(avatar).doesNotExist();
        assertThat(threads).containsExactly("mediagc-cleanup");
    }

    /** A real local store whose deletes fail, as a full disk or a permission problem would. */
    static final class LocalStoreThatFails extends dev.mediagc.testing.ForwardingStore {
        LocalStoreThatFails(ObjectStore delegate) {
            super(delegate);
        }

        @Override
        public void delete(String key) throws IOException {
            throw new IOException("read-only file system");
        }
    }
}
