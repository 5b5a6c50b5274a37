package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.spring.testapp.StarterTestApplication;
import dev.mediagc.spring.testapp.StarterTestApplication.Photo;
import dev.mediagc.spring.testapp.StarterTestApplication.Photos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /actuator/mediagc/html} in a running application: the page of the last sweep, the run
 * the JSON report shows, in the file {@code mediagc.sweep.report-html} names. No schedule, so the
 * sweeps are the test's own and the first test sees none.
 */
@SpringBootTest(classes = StarterTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:report-page;DB_CLOSE_DELAY=-1",
            "spring.jpa.hibernate.ddl-auto=create-drop",
            "management.endpoints.web.exposure.include=mediagc",
            "management.endpoint.mediagc.access=unrestricted"
        })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MediaGcReportPageTest {

    static final Path MEDIA = OldMediaFolder.withTwoPhotos("mediagc-report-page"); // the test references one
    static final Path PAGES = OldMediaFolder.create("mediagc-pages");

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
    @Order(1)
    void beforeAnySweepThePageIsNotFoundAndSaysSo() {
        ResponseEntity<String> page = http.getForEntity("/actuator/mediagc/html", String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(page.getHeaders().getContentType()).isNotNull();
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("No sweep has run yet").contains("POST to /actuator/mediagc");
        assertThat(http.getForObject("/actuator/mediagc", String.class))
                .as("the JSON is as it was").contains("no sweep has run yet; POST to run a dry run");
    }

    @Test
    @Order(2)
    void theLastSweepsPageIsServedAsHtmlForTheRunTheJsonShows() throws Exception {
        photos.save(new Photo("photos/live.jpg"));
        http.postForObject("/actuator/mediagc", null, String.class);
        http.postForObject("/actuator/mediagc", null, String.class);

        JsonNode json = new ObjectMapper().readTree(http.getForObject("/actuator/mediagc", String.class));
        String runId = json.at("/runId").asText();
        long orphans = json.at("/orphans/count").asLong();
        ResponseEntity<String> page = http.getForEntity("/actuator/mediagc/html", String.class);

        assertThat(orphans).isEqualTo(1);
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).startsWith("<!DOCTYPE html>").contains(runId)
                .contains("<tr id=\"fig-orphans\"><th>Orphans</th><td class=\"num count\">" + orphans + "</td>")
                .contains("photos/orphan.jpg");
        try (Stream<Path> files = Files.list(PAGES)) {
            assertThat(files).as("one page, replaced by each sweep").containsExactly(PAGES.resolve("last-sweep.html"));
        }
        assertThat(http.getForEntity("/actuator/mediagc/pdf", String.class).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @Order(3)
    void aSweepWhosePageCannotBeWrittenRunsAndShowsNoEarlierRunsPage() throws Exception {
        assertThat(PAGES.resolve("last-sweep.html")).as("the page of the sweeps before").exists();
        // Where the page is written before it is renamed into place: a folder there makes writing it fail.
        Files.createDirectory(PAGES.resolve("last-sweep.html.next.tmp"));

        JsonNode report = new ObjectMapper().readTree(http.postForObject("/actuator/mediagc", null, String.class));
        ResponseEntity<String> page = http.getForEntity("/actuator/mediagc/html", String.class);

        assertThat(report.at("/outcome").asText()).as("the sweep ran all the same").isEqualTo("DRY_RUN");
        assertThat(report.at("/warnings").toString()).contains("the HTML report was not written");
        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(page.getBody()).contains("Sweep " + report.at("/runId").asText() + " wrote no page");
        assertThat(PAGES.resolve("last-sweep.html")).as("not shown beside a report not its own").doesNotExist();
    }
}
