package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spring.testapp.StarterTestApplication;
import dev.mediagc.spring.testapp.StarterTestApplication.Photo;
import dev.mediagc.spring.testapp.StarterTestApplication.Photos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code mediagc.sweep.report-html-enabled=false}: the sweeps write no HTML page (their time and disk
 * saved), their JSON report is kept as ever, and {@code GET /actuator/mediagc/html} answers 404 with
 * one line saying how to turn the page on.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:report-page-off;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "management.endpoints.web.exposure.include=mediagc",
            "management.endpoint.mediagc.access=unrestricted",
            "mediagc.sweep.report-html-enabled=false"
        })
class MediaGcReportPageOffTest {

    static final Path MEDIA = OldMediaFolder.withTwoPhotos("mediagc-report-page-off"); // the test references one
    static final Path PAGES = OldMediaFolder.create("mediagc-pages-off");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("mediagc.store.root", MEDIA::toString);
        registry.add("mediagc.sweep.report-html", () -> PAGES.resolve("last-sweep.html").toString());
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    Photos photos;

    @Test
    void aSweepWritesNoPageAndThePageAddressSaysHowToTurnItOn() throws IOException {
        photos.save(new Photo("photos/live.jpg"));
        JsonNode report = new ObjectMapper().readTree(http.postForObject("/actuator/mediagc", null, String.class));
        ResponseEntity<String> page = http.getForEntity("/actuator/mediagc/html", String.class);

        assertThat(report.at("/outcome").asText()).as(report.toString()).isEqualTo("DRY_RUN");
        assertThat(report.at("/orphans/count").asLong()).isEqualTo(1);
        assertThat(report.at("/warnings").toString()).doesNotContain("HTML");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody().strip().lines()).hasSize(1);
        assertThat(page.getBody()).contains("mediagc.sweep.report-html-enabled").contains("set it to true");
        try (Stream<Path> files = Files.list(PAGES)) {
            assertThat(files).as("no page written, nor its temporary file").isEmpty();
        }
    }
}
