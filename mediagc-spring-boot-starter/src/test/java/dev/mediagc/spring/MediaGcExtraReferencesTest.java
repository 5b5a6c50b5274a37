package dev.mediagc.spring;

import dev.mediagc.spring.testapp.StarterTestApplication;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.SweepReport;
import dev.mediagc.spring.testapp.StarterTestApplication.Photo;
import dev.mediagc.spring.testapp.StarterTestApplication.Photos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code mediagc.sweep.references} and {@code mediagc.sweep.reference-queries}: files that only a
 * table or query outside the {@code @MediaFile} mapping names are kept by the scheduled sweep
 * (here applying its actions) and by cleanup on change.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.datasource.url=" + MediaGcExtraReferencesTest.DATABASE,
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "mediagc.sweep.cron=* * * * * *",
            "mediagc.sweep.apply=true",
            // No guard may be what keeps the files: only the references should.
            "mediagc.sweep.max-orphan-ratio=1",
            // The mapped photo table is empty here, as a feature nobody has used yet leaves it.
            "mediagc.sweep.allow-empty-source=true",
            "mediagc.sweep.references=legacy_gallery.picture",
            "mediagc.sweep.reference-queries=SELECT REPLACE(setting_value, 'https://cdn.example.com/', '') "
                    + "FROM cms_setting -- the CMS stores full CDN addresses"
        })
class MediaGcExtraReferencesTest {

    static final String DATABASE = "jdbc:h2:mem:extra-references;DB_CLOSE_DELAY=-1";
    static final Path MEDIA = createMediaAndUnmappedTables();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("mediagc.store.root", MEDIA::toString);
    }

    /** Tables another application owns, made before the application starts, as they would be. */
    private static Path createMediaAndUnmappedTables() {
        try (Connection connection = DriverManager.getConnection(DATABASE, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE legacy_gallery (id INTEGER PRIMARY KEY, picture VARCHAR(200))");
            statement.execute("INSERT INTO legacy_gallery VALUES (1, 'photos/legacy.jpg'), (2, 'photos/shared.jpg')");
            statement.execute("CREATE TABLE cms_setting (name VARCHAR(50), setting_value VARCHAR(200))");
            statement.execute("INSERT INTO cms_setting VALUES ('hero', 'https://cdn.example.com/photos/hero.jpg')");
            Path media = Files.createTempDirectory("mediagc-extra-references");
            for (String name : new String[] {"legacy.jpg", "shared.jpg", "hero.jpg", "orphan.jpg"}) {
                Path file = Files.createDirectories(media.resolve("photos")).resolve(name);
                Files.writeString(file, name);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            }
            return media;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Autowired
    MediaGcSweeps sweeps;
    @Autowired
    Photos photos;
    @Autowired
    MediaFileCleanup cleanup;

    @Test
    void theScheduledSweepKeepsFilesOnlyAnUnmappedTableOrAReferenceQueryNames() throws Exception {
        SweepReport report = awaitSweepStartedAfter(Instant.now());

        assertThat(report.outcome().toString()).isEqualTo("APPLIED");
        assertThat(MEDIA.resolve("photos/orphan.jpg")).as("nothing names it: the sweep acted on it").doesNotExist();
        assertThat(MEDIA.resolve("photos/legacy.jpg")).as("named by legacy_gallery.picture").exists();
        assertThat(MEDIA.resolve("photos/hero.jpg")).as("returned by the reference query").exists();
    }

    @Test
    void deletingARowKeepsItsFileWhileAnUnmappedTableStillNamesIt() throws Exception {
        Photo photo = photos.save(new Photo("photos/shared.jpg"));

        photos.delete(photo);

        assertThat(cleanup.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(MEDIA.resolve("photos/shared.jpg")).exists();
    }

    private SweepReport awaitSweepStartedAfter(Instant instant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while ((sweeps.last() == null || !sweeps.last().startedAt().isAfter(instant)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sweeps.last()).as("the scheduled sweep ran").isNotNull();
        return sweeps.last();
    }
}
