package dev.mediagc.spring;

import dev.mediagc.spring.testapp.StarterTestApplication;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spring.testapp.StarterTestApplication.Photo;
import dev.mediagc.spring.testapp.StarterTestApplication.Photos;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter in a running application: cleanup on change, scheduled sweep, actuator endpoint, metrics. */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "mediagc.sweep.cron=* * * * * *",
            // Deleted as soon as committed, so the test need not wait out the delay.
            "mediagc.cleanup.delay=0",
            "management.endpoints.web.exposure.include=mediagc,metrics,health",
            "management.endpoint.health.show-details=always",
            "management.endpoint.mediagc.access=unrestricted"
        })
class MediaGcStarterTest {

    static final Path MEDIA = createMedia();

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("mediagc.store.root", MEDIA::toString);
    }

    /**
     * The files the scheduled sweep judges: old enough to be orphans. Each test adds what else it
     * needs itself, young enough that no sweep counts it, so neither depends on which runs first.
     */
    private static Path createMedia() {
        try {
            Path media = Files.createTempDirectory("mediagc-starter");
            for (String key : new String[] {"photos/live.jpg", "photos/orphan.jpg"}) {
                Path file = Files.createDirectories(media.resolve("photos")).resolve(key.substring(7));
                Files.writeString(file, key);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
            }
            return media;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Autowired
    Photos photos;
    @Autowired
    MediaGcSweeps sweeps;
    @Autowired
    TestRestTemplate http;
    @Autowired
    MeterRegistry meters;

    @Autowired
    dev.mediagc.hibernate.MediaFileCleanup cleanup;

    @Test
    void deletingARowThroughARepositoryDeletesItsFileAfterCommit() throws Exception {
        // Just uploaded: under the sweep's min-age, so whether the sweep has run yet changes nothing.
        Files.writeString(MEDIA.resolve("photos/gone-with-row.jpg"), "upload");
        Photo photo = photos.save(new Photo("photos/gone-with-row.jpg"));

        photos.delete(photo);

        assertThat(cleanup.awaitIdle(Duration.ofSeconds(10))).as("cleanup is a bean the application can wait on").isTrue();
        assertThat(cleanup).isSameAs(dev.mediagc.hibernate.MediaFileCleanup.of(sessionFactory()));
        assertThat(MEDIA.resolve("photos/gone-with-row.jpg")).doesNotExist();
    }

    @Autowired
    jakarta.persistence.EntityManagerFactory entityManagerFactory;

    private org.hibernate.SessionFactory sessionFactory() {
        return entityManagerFactory.unwrap(org.hibernate.SessionFactory.class);
    }

    @Test
    void theScheduledSweepReportsThroughTheActuatorEndpointAndMetrics() throws Exception {
        photos.save(new Photo("photos/live.jpg"));
        Instant saved = Instant.now();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        // Only a sweep that started after the row committed can know it.
        while ((sweeps.last() == null || !sweeps.last().startedAt().isAfter(saved)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sweeps.last()).as("the scheduled sweep ran").isNotNull();

        String body = http.getForObject("/actuator/mediagc", String.class);
        JsonNode last = new ObjectMapper().readTree(body);
        assertThat(last.at("/outcome").asText()).isEqualTo("DRY_RUN");
        assertThat(last.at("/orphans/samples/0").asText()).isEqualTo("photos/orphan.jpg");
        // Dangling references by source, as the engine's JSON writes them: a row per source, nothing more.
        assertThat(last.at("/danglingReferencesBySource/0/namedBy").asText()).isEqualTo("ONE_SOURCE");
        assertThat(last.at("/danglingReferencesBySource/0/source").asText()).isEqualTo(last.at("/sources/0/name").asText());
        assertThat(last.at("/danglingReferencesBySource/0").fieldNames()).toIterable()
                .containsExactly("namedBy", "source", "count", "samples");

        // Its page, in the starter's own temporary folder (mediagc.sweep.report-html is not set here).
        org.springframework.http.ResponseEntity<String> page = http.getForEntity("/actuator/mediagc/html", String.class);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(org.springframework.http.MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).startsWith("<!DOCTYPE html>").contains("Dry run").endsWith("</html>\n");

        JsonNode posted = new ObjectMapper().readTree(http.postForObject("/actuator/mediagc", null, String.class));
        assertThat(posted.at("/outcome").asText()).isEqualTo("DRY_RUN");
        assertThat(posted.at("/orphans/count").asLong()).isEqualTo(1);

        assertThat(meters.get("mediagc.orphans.found").gauge().value()).isEqualTo(1.0);
        JsonNode health = new ObjectMapper().readTree(http.getForObject("/actuator/health/mediagc", String.class));
        assertThat(health.at("/status").asText()).isEqualTo("UP");
        assertThat(health.at("/details/pendingDeletions").isIntegralNumber()).isTrue();
        assertThat(health.at("/details/pendingIn").asText()).as("the outbox table, made at startup")
                .isEqualTo("mediagc_pending_deletion");
        assertThat(health.at("/details/lastSweepOutcome").asText()).isEqualTo("DRY_RUN");
        assertThat(MEDIA.resolve("photos/orphan.jpg")).as("mediagc.sweep.apply is false by default").exists();
    }
}
