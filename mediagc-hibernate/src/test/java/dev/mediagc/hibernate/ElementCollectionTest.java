package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.Galleries.Attachment;
import dev.mediagc.hibernate.Galleries.Cover;
import dev.mediagc.hibernate.Galleries.Listing;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.hibernate.Hibernate;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Keys in {@code @ElementCollection}s ({@link Galleries}): an element removed, a collection
 * cleared or replaced, or its owner deleted releases the keys whose rows go, and the re-check and
 * the sweep read the collection tables like any other file column.
 */
class ElementCollectionTest {

    @TempDir
    Path temp;
    Path media;
    TestDatabase db;
    SessionFactory sessionFactory;
    final List<String> events = new CopyOnWriteArrayList<>();

    private void start(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, Listing.class, Cover.class);
        MediaFileCleanup.of(sessionFactory).store(LocalStore.at(media)).inline(true).delay(Duration.ZERO)
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

    private String file(String key) {
        return new MediaFolder(media).file(key);
    }

    private boolean exists(String key) {
        return new MediaFolder(media).exists(key);
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

    /**
     * A listing under {@code dir} with photos {@code photo-1..n}, one floor plan and one attachment;
     * its title, keyword and attachment caption name existing files that are not its files.
     */
    private Listing listing(String dir, int photos) {
        Listing listing = new Listing();
        listing.title = file(dir + "/title.jpg");
        for (int i = 1; i <= photos; i++) {
            listing.photos.add(file(dir + "/photo-" + i + ".jpg"));
        }
        listing.floorPlans.add(file(dir + "/plan.pdf"));
        listing.attachments.add(new Attachment(file(dir + "/brochure.pdf"), file(dir + "/caption.jpg")));
        listing.keywords.add(file(dir + "/keyword.jpg"));
        listing.agent.name = file(dir + "/agent.jpg");
        listing.agent.portraits.add(file(dir + "/portrait.jpg"));
        commit(s -> s.persist(listing));
        return listing;
    }

    private void assertNotFilesKept(String dir) {
        assertThat(exists(dir + "/title.jpg")).isTrue();
        assertThat(exists(dir + "/caption.jpg")).as("a caption is never a key").isTrue();
        assertThat(exists(dir + "/keyword.jpg")).as("a collection without @MediaFile holds no keys").isTrue();
        assertThat(exists(dir + "/agent.jpg")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void removingOnePhotoDeletesOnlyIt(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("one", 3);

        commit(s -> s.get(Listing.class, listing.id).photos.remove("one/photo-2.jpg"));

        assertThat(exists("one/photo-2.jpg")).isFalse();
        assertThat(exists("one/photo-1.jpg")).isTrue();
        assertThat(exists("one/photo-3.jpg")).isTrue();
        assertThat(exists("one/plan.pdf")).isTrue();
        assertThat(exists("one/brochure.pdf")).isTrue();
        assertNotFilesKept("one");
        assertThat(events).containsExactly("deleted one/photo-2.jpg");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void removingAKeyFromASetInANamedTableDeletesIt(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("set", 1);
        String newPlan = file("set/plan-v2.pdf");

        commit(s -> {
            Listing loaded = s.get(Listing.class, listing.id);
            loaded.floorPlans.remove("set/plan.pdf");
            loaded.floorPlans.add(newPlan);
        });

        assertThat(exists("set/plan.pdf")).isFalse();
        assertThat(exists(newPlan)).isTrue();
        assertThat(exists("set/photo-1.jpg")).isTrue();
        assertNotFilesKept("set");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void clearingTheGalleryDeletesEveryPhotoAndAKeyTwiceInItOnce(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("clear", 2);
        commit(s -> s.get(Listing.class, listing.id).photos.add("clear/photo-1.jpg"));

        commit(s -> s.get(Listing.class, listing.id).photos.clear());

        assertThat(exists("clear/photo-1.jpg")).isFalse();
        assertThat(exists("clear/photo-2.jpg")).isFalse();
        assertThat(events).containsExactlyInAnyOrder("deleted clear/photo-1.jpg", "deleted clear/photo-2.jpg");
        assertThat(exists("clear/plan.pdf")).isTrue();
        assertNotFilesKept("clear");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void replacingTheGalleryDeletesTheOldPhotosNotKeptAndNeverReleasesTheKeptOne(TestDatabase.Kind kind)
            throws IOException {
        start(kind);
        Listing listing = listing("replace", 3);
        String added = file("replace/photo-new.jpg");

        // The old gallery is never loaded: Hibernate would delete its rows unseen.
        commit(s -> s.get(Listing.class, listing.id).photos = new ArrayList<>(List.of("replace/photo-1.jpg", added)));

        assertThat(exists("replace/photo-1.jpg")).isTrue();
        assertThat(exists(added)).isTrue();
        assertThat(exists("replace/photo-2.jpg")).isFalse();
        assertThat(exists("replace/photo-3.jpg")).isFalse();
        assertThat(events).as("the kept photo is not even released")
                .containsExactlyInAnyOrder("deleted replace/photo-2.jpg", "deleted replace/photo-3.jpg");

        commit(s -> s.get(Listing.class, listing.id).photos = null);
        assertThat(exists("replace/photo-1.jpg")).as("a gallery set to null releases its photos").isFalse();
        assertThat(exists(added)).isFalse();
        assertNotFilesKept("replace");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aCollectionInsideAnEmbeddedAttributeIsCleanedToo(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("agent", 1);
        String second = file("agent/portrait-2.jpg");
        String third = file("agent/portrait-3.jpg");
        commit(s -> s.get(Listing.class, listing.id).agent.portraits.addAll(List.of(second, third)));

        commit(s -> s.get(Listing.class, listing.id).agent.portraits.remove(second));
        assertThat(exists(second)).isFalse();
        commit(s -> s.get(Listing.class, listing.id).agent.portraits = new ArrayList<>(List.of(third)));
        assertThat(exists("agent/portrait.jpg")).as("replaced and not kept").isFalse();
        assertThat(exists(third)).isTrue();
        assertThat(events).as("the kept portrait is not even released")
                .containsExactlyInAnyOrder("deleted " + second, "deleted agent/portrait.jpg");

        commit(s -> s.remove(s.get(Listing.class, listing.id)));
        assertThat(exists(third)).isFalse();
        assertNotFilesKept("agent");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aMapsValuesAreItsKeysAndItsMapKeysAreNot(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("map", 1);
        String english = file("map/leaflet-en.pdf");
        String norwegian = file("map/leaflet-no.pdf");
        String languageNamingAFile = file("map/language.txt");
        commit(s -> {
            Listing loaded = s.get(Listing.class, listing.id);
            loaded.leafletsByLanguage.put("en", english);
            loaded.leafletsByLanguage.put(languageNamingAFile, norwegian);
        });

        commit(s -> s.get(Listing.class, listing.id).leafletsByLanguage.remove("en"));
        assertThat(exists(english)).isFalse();
        assertThat(exists(norwegian)).isTrue();

        commit(s -> s.get(Listing.class, listing.id).leafletsByLanguage.put(languageNamingAFile, english));
        assertThat(exists(norwegian)).as("a value replaced under the same map key goes").isFalse();

        commit(s -> s.remove(s.get(Listing.class, listing.id)));
        assertThat(exists(languageNamingAFile)).as("a map key is never a key").isTrue();
        assertNotFilesKept("map");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void deletingTheOwnerDeletesEveryFileOfItsCollections(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("owner", 2);

        commit(s -> {
            Listing loaded = s.get(Listing.class, listing.id);
            Hibernate.initialize(loaded.photos);
            Hibernate.initialize(loaded.attachments);
            s.remove(loaded);
        });

        assertThat(exists("owner/photo-1.jpg")).isFalse();
        assertThat(exists("owner/photo-2.jpg")).isFalse();
        assertThat(exists("owner/plan.pdf")).isFalse();
        assertThat(exists("owner/brochure.pdf")).isFalse();
        assertThat(exists("owner/portrait.jpg")).isFalse();
        assertNotFilesKept("owner");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void deletingTheOwnerDeletesItsCollectionFilesEvenWhenTheCollectionsWereNeverLoaded(TestDatabase.Kind kind)
            throws IOException {
        start(kind);
        Listing listing = listing("lazy", 2);

        commit(s -> {
            Listing loaded = s.get(Listing.class, listing.id);
            assertThat(Hibernate.isInitialized(loaded.photos)).as("the gallery was never loaded").isFalse();
            assertThat(Hibernate.isInitialized(loaded.attachments)).isFalse();
            s.remove(loaded);
        });

        assertThat(exists("lazy/photo-1.jpg")).isFalse();
        assertThat(exists("lazy/photo-2.jpg")).isFalse();
        assertThat(exists("lazy/plan.pdf")).isFalse();
        assertThat(exists("lazy/brochure.pdf")).isFalse();
        assertThat(exists("lazy/portrait.jpg")).isFalse();
        assertNotFilesKept("lazy");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aKeyAnotherGalleryOrAPlainFileColumnStillHoldsIsKept(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing first = listing("shared", 1);
        String inBothGalleries = file("shared/both-galleries.jpg");
        String alsoACover = file("shared/cover.jpg");
        commit(s -> {
            Listing loaded = s.get(Listing.class, first.id);
            loaded.photos.add(inBothGalleries);
            loaded.attachments.add(new Attachment(alsoACover, "a cover too"));
        });
        Listing second = new Listing();
        second.title = "second";
        second.photos.add(inBothGalleries);
        Cover cover = new Cover();
        cover.image = alsoACover;
        commit(s -> {
            s.persist(second);
            s.persist(cover);
        });

        commit(s -> s.remove(s.get(Listing.class, first.id)));

        assertThat(exists(inBothGalleries)).as("the second listing's gallery holds it").isTrue();
        assertThat(exists(alsoACover)).as("a cover's image column holds it").isTrue();
        assertThat(exists("shared/photo-1.jpg")).isFalse();
        assertThat(events).anySatisfy(e -> assertThat(e).startsWith("kept " + inBothGalleries + ": "))
                .anySatisfy(e -> assertThat(e).startsWith("kept " + alsoACover + ": "));

        commit(s -> s.get(Listing.class, second.id).photos.clear());
        assertThat(exists(inBothGalleries)).as("the last gallery holding it let it go").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void anEmbeddableElementsFileGoesAndItsCaptionIsNeverAKey(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("attach", 1);
        String manual = file("attach/manual.pdf");
        String manualCaption = file("attach/manual-caption.jpg");
        commit(s -> s.get(Listing.class, listing.id).attachments.add(new Attachment(manual, manualCaption)));

        commit(s -> s.get(Listing.class, listing.id).attachments.removeIf(a -> a.file.equals("attach/brochure.pdf")));
        assertThat(exists("attach/brochure.pdf")).isFalse();
        assertThat(exists(manual)).isTrue();
        assertThat(exists("attach/caption.jpg")).isTrue();

        commit(s -> s.get(Listing.class, listing.id).attachments.get(0).caption = "attach/other-caption.jpg");
        assertThat(exists(manualCaption)).as("changing a caption releases nothing").isTrue();
        assertThat(exists(manual)).isTrue();

        commit(s -> s.remove(s.get(Listing.class, listing.id)));
        assertThat(exists(manual)).isFalse();
        assertThat(exists(manualCaption)).isTrue();
        assertNotFilesKept("attach");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aRollbackDeletesNothing(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = listing("rollback", 2);

        rollback(s -> s.get(Listing.class, listing.id).photos.remove("rollback/photo-1.jpg"));
        rollback(s -> s.get(Listing.class, listing.id).attachments.clear());
        rollback(s -> s.remove(s.get(Listing.class, listing.id)));

        assertThat(exists("rollback/photo-1.jpg")).isTrue();
        assertThat(exists("rollback/photo-2.jpg")).isTrue();
        assertThat(exists("rollback/plan.pdf")).isTrue();
        assertThat(exists("rollback/brochure.pdf")).isTrue();
        assertThat(events).isEmpty();

        commit(s -> s.remove(s.get(Listing.class, listing.id)));
        assertThat(exists("rollback/photo-1.jpg")).as("the same change committed does delete").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void theSweepReadsTheCollectionTablesKeepsGalleryFilesAndFindsAnOrphan(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Listing listing = new Listing();
        listing.title = "not a file";
        listing.photos.add(file("sweep/photo.jpg"));
        listing.floorPlans.add(file("sweep/plan.pdf"));
        listing.attachments.add(new Attachment(file("sweep/brochure.pdf"), "not a file either"));
        listing.agent.portraits.add(file("sweep/portrait.jpg"));
        listing.leafletsByLanguage.put("en", file("sweep/leaflet.pdf"));
        Cover cover = new Cover();
        cover.image = file("sweep/cover.jpg");
        commit(s -> {
            s.persist(listing);
            s.persist(cover);
        });
        String orphan = file("sweep/forgotten.jpg");

        List<String> columns = MediaFileReferences.from(sessionFactory).columns().stream()
                .map(c -> c.toLowerCase(Locale.ROOT)).toList();
        assertThat(columns).contains("listing_photos.photos", "listing_floor_plan.\"plankey\"", "listing_portraits.portraits",
                "listing_attachments.file", "cover.image");
        assertThat(columns).noneMatch(c -> c.contains("keywords") || c.contains("caption") || c.contains("title"));

        SweepReport report = MediaFileReferences.from(sessionFactory).sweep(db.dataSource()).store(LocalStore.at(media))
                .maxOrphanRatio(1).apply(dev.mediagc.Action.QUARANTINE).load().sweep();

        assertThat(report.outcome()).as(report.reason()).isEqualTo(SweepReport.Outcome.APPLIED);
        assertThat(exists("sweep/photo.jpg")).isTrue();
        assertThat(exists("sweep/plan.pdf")).isTrue();
        assertThat(exists("sweep/brochure.pdf")).isTrue();
        assertThat(exists("sweep/cover.jpg")).isTrue();
        assertThat(exists("sweep/portrait.jpg")).isTrue();
        assertThat(exists("sweep/leaflet.pdf")).isTrue();
        assertThat(exists(orphan)).as("quarantined").isFalse();
    }
}
