package dev.mediagc.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.MappingShapes.Banner;
import dev.mediagc.hibernate.MappingShapes.Circle;
import dev.mediagc.hibernate.MappingShapes.Company;
import dev.mediagc.hibernate.MappingShapes.Contact;
import dev.mediagc.hibernate.MappingShapes.Postal;
import dev.mediagc.hibernate.MappingShapes.Poster;
import dev.mediagc.hibernate.MappingShapes.Shape;
import dev.mediagc.hibernate.MappingShapes.Truck;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cleanup on change reads each file attribute from its own place and counts references in the
 * table that really holds them, for every mapping shape in {@link MappingShapes}.
 */
class MappingShapesTest {

    @TempDir
    Path temp;
    Path media;
    TestDatabase db;
    SessionFactory sessionFactory;

    private void start(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, Poster.class, MappingShapes.Asset.class, Banner.class, Shape.class,
                Circle.class, MappingShapes.Vehicle.class, Truck.class, Company.class);
        MediaFileCleanup.of(sessionFactory).store(LocalStore.at(media)).inline(true).delay(java.time.Duration.ZERO);
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

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileTwoMappedSuperclassesUpIsReadFromItsOwnPlace(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Poster poster = new Poster();
        poster.zFile = file("posters/file.jpg");
        poster.alpha = file("posters/alpha.jpg");
        poster.caption = file("posters/caption.jpg");
        commit(s -> s.persist(poster));

        commit(s -> s.get(Poster.class, poster.id).alpha = "posters/other.jpg");
        assertThat(exists("posters/alpha.jpg")).as("changing a plain attribute releases nothing").isTrue();
        String replacement = file("posters/file-v2.jpg");
        commit(s -> s.get(Poster.class, poster.id).zFile = replacement);
        assertThat(exists("posters/file.jpg")).as("the replaced file goes").isFalse();
        commit(s -> s.remove(s.get(Poster.class, poster.id)));

        assertThat(exists(replacement)).isFalse();
        assertThat(exists("posters/alpha.jpg")).isTrue();
        assertThat(exists("posters/caption.jpg")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void singleTableInheritanceCleansBothLevelsAndCountsTheSharedTable(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Banner banner = new Banner();
        banner.label = file("assets/label.png");
        banner.image = file("assets/image.png");
        banner.wide = file("assets/wide.png");
        banner.alt = file("assets/alt.png");
        MappingShapes.Asset sharing = new MappingShapes.Asset();
        sharing.label = "another";
        sharing.image = "assets/wide.png";
        commit(s -> {
            s.persist(banner);
            s.persist(sharing);
        });

        commit(s -> s.remove(s.get(Banner.class, banner.id)));

        assertThat(exists("assets/image.png")).isFalse();
        assertThat(exists("assets/wide.png")).as("another row of the same table names it").isTrue();
        assertThat(exists("assets/label.png")).isTrue();
        assertThat(exists("assets/alt.png")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void joinedInheritanceCleansBothTablesAndCountsEach(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Circle circle = new Circle();
        circle.name = file("shapes/name.svg");
        circle.icon = file("shapes/icon.svg");
        circle.color = file("shapes/color.svg");
        circle.texture = file("shapes/texture.png");
        Shape sharing = new Shape();
        sharing.name = "square";
        sharing.icon = "shapes/texture.png";
        commit(s -> {
            s.persist(circle);
            s.persist(sharing);
        });

        commit(s -> s.remove(s.get(Circle.class, circle.id)));

        assertThat(exists("shapes/icon.svg")).isFalse();
        assertThat(exists("shapes/texture.png")).as("the parent table names it in another row").isTrue();
        assertThat(exists("shapes/name.svg")).isTrue();
        assertThat(exists("shapes/color.svg")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void tablePerClassInheritanceCountsReferencesInTheSubclassesOwnTable(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Truck first = new Truck();
        first.plate = file("trucks/plate.txt");
        first.photo = file("trucks/photo.jpg");
        first.cargo = file("trucks/cargo.txt");
        first.manifest = file("trucks/manifest-1.pdf");
        Truck second = new Truck();
        second.plate = "B-2";
        second.photo = "trucks/photo.jpg";
        second.manifest = file("trucks/manifest-2.pdf");
        commit(s -> {
            s.persist(first);
            s.persist(second);
        });

        commit(s -> s.remove(s.get(Truck.class, first.id)));

        assertThat(exists("trucks/photo.jpg")).as("the other truck's row names it, in the truck table").isTrue();
        assertThat(exists("trucks/manifest-1.pdf")).isFalse();
        assertThat(exists("trucks/manifest-2.pdf")).isTrue();
        assertThat(exists("trucks/plate.txt")).isTrue();
        assertThat(exists("trucks/cargo.txt")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileInANestedEmbeddableIsCleaned(TestDatabase.Kind kind) throws IOException {
        start(kind);
        Company company = new Company();
        company.name = file("companies/name.txt");
        company.contact = new Contact();
        company.contact.phone = file("companies/phone.txt");
        company.contact.postal = new Postal();
        company.contact.postal.street = file("companies/street.txt");
        company.contact.postal.map = file("companies/map.png");
        commit(s -> s.persist(company));

        String newMap = file("companies/map-v2.png");
        commit(s -> s.get(Company.class, company.id).contact.postal.map = newMap);
        assertThat(exists("companies/map.png")).as("the replaced file goes").isFalse();
        commit(s -> s.remove(s.get(Company.class, company.id)));

        assertThat(exists(newMap)).isFalse();
        assertThat(exists("companies/name.txt")).isTrue();
        assertThat(exists("companies/phone.txt")).isTrue();
        assertThat(exists("companies/street.txt")).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2"})
    void theSweepReadsEveryTableThatHoldsFiles(TestDatabase.Kind kind) throws IOException {
        start(kind);

        java.util.List<String> columns = MediaFileReferences.from(sessionFactory).columns().stream()
                .map(c -> c.toLowerCase(java.util.Locale.ROOT)).toList();

        assertThat(columns).contains("poster.zfile", "asset.image", "asset.wide", "shape.icon", "circle.texture",
                "vehicle.photo", "truck.photo", "truck.manifest", "company.map");
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = {"H2", "POSTGRESQL"})
    void aFileInAQuotedColumnOfATableInASchemaIsCountedThere(TestDatabase.Kind kind) throws IOException {
        media = Files.createDirectories(temp.resolve("media"));
        db = kind.create(temp);
        sessionFactory = TestSessionFactories.of(db, java.util.Map.of("hibernate.hbm2ddl.auto", "create-drop",
                "hibernate.hbm2ddl.create_namespaces", "true"), MappingShapes.Slide.class);
        MediaFileCleanup.of(sessionFactory).store(LocalStore.at(media)).inline(true).delay(java.time.Duration.ZERO);
        MappingShapes.Slide first = new MappingShapes.Slide(file("slides/one.jpg"));
        MappingShapes.Slide second = new MappingShapes.Slide("slides/one.jpg");
        commit(s -> {
            s.persist(first);
            s.persist(second);
        });

        commit(s -> s.remove(s.get(MappingShapes.Slide.class, first.id)));
        assertThat(exists("slides/one.jpg")).as("the second slide still shows it").isTrue();
        commit(s -> s.remove(s.get(MappingShapes.Slide.class, second.id)));

        assertThat(exists("slides/one.jpg")).as("read where the mapping put it, so its last row going deletes it").isFalse();
    }
}
