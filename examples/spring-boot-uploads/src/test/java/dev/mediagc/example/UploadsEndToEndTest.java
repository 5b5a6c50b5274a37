package dev.mediagc.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.hibernate.MediaFileCleanup;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/** The example over real HTTP: upload, replace, delete, and the media folder after each step. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "spring.datasource.url=jdbc:h2:mem:uploads;DB_CLOSE_DELAY=-1",
    "spring.jpa.hibernate.ddl-auto=create-drop",
    "management.endpoint.mediagc.access=unrestricted",
    "mediagc.cleanup.delay=0"
})
class UploadsEndToEndTest {

    static final Path MEDIA = temporaryFolder();

    @DynamicPropertySource
    static void media(DynamicPropertyRegistry registry) {
        registry.add("mediagc.store.root", MEDIA::toString);
    }

    private static Path temporaryFolder() {
        try {
            return Files.createTempDirectory("uploads-media");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    EntityManagerFactory entityManagerFactory;

    private HttpEntity<MultiValueMap<String, Object>> form(String... partsAndNames) {
        MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
        for (int i = 0; i < partsAndNames.length; i += 2) {
            String part = partsAndNames[i];
            String value = partsAndNames[i + 1];
            if (part.equals("title")) {
                body.add(part, value);
            } else {
                body.add(part, new ByteArrayResource(("bytes of " + value).getBytes()) {
                    @Override
                    public String getFilename() {
                        return value;
                    }
                });
            }
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.MULTIPART_FORM_DATA);
        return new HttpEntity<>(body, headers);
    }

    private void awaitCleanup() throws InterruptedException {
        assertThat(MediaFileCleanup.of(entityManagerFactory.unwrap(SessionFactory.class))
                .awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    /** The media files, without mediagc's own state; the tests share the folder, so each compares with what it found. */
    private Set<Path> filesInMedia() throws IOException {
        try (Stream<Path> files = Files.walk(MEDIA)) {
            return files.filter(Files::isRegularFile).filter(p -> !MEDIA.relativize(p).startsWith(".mediagc"))
                    .collect(Collectors.toSet());
        }
    }

    private JsonNode createListing(String title, String photo, String brochure) throws IOException {
        ResponseEntity<String> created = http.postForEntity("/listings", form("title", title, "photo", photo, "brochure", brochure),
                String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        return new ObjectMapper().readTree(created.getBody());
    }

    @Test
    void uploadReplaceAndDeleteLeaveExactlyTheLiveFiles() throws Exception {
        Set<Path> before = filesInMedia();
        ResponseEntity<String> created = http.postForEntity("/listings",
                form("title", "Flat by the sea", "photo", "sea.jpg", "brochure", "plan.pdf"), String.class);
        assertThat(created.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        JsonNode listing = new ObjectMapper().readTree(created.getBody());
        long id = listing.get("id").asLong();
        Path photo = MEDIA.resolve(listing.get("photo").asText());
        Path brochure = MEDIA.resolve(listing.get("brochure").asText());
        assertThat(photo).hasContent("bytes of sea.jpg");
        assertThat(brochure).exists();

        ResponseEntity<String> replaced = http.exchange("/listings/" + id + "/photo", HttpMethod.PUT,
                form("photo", "sea-at-dusk.jpg"), String.class);
        assertThat(replaced.getStatusCode()).isEqualTo(HttpStatus.OK);
        Path newPhoto = MEDIA.resolve(new ObjectMapper().readTree(replaced.getBody()).get("photo").asText());
        awaitCleanup();
        assertThat(photo).as("the replaced photo is deleted after commit").doesNotExist();
        assertThat(newPhoto).hasContent("bytes of sea-at-dusk.jpg");
        assertThat(brochure).as("the untouched brochure stays").exists();

        http.delete("/listings/" + id);
        awaitCleanup();
        assertThat(newPhoto).doesNotExist();
        assertThat(brochure).doesNotExist();
        assertThat(filesInMedia()).as("every file the listing ever had is gone, and nothing else").isEqualTo(before);
    }

    @Test
    void aFailedRequestLeavesTheFileForTheSweepAndNeverBreaksTheApplication() throws Exception {
        JsonNode live = createListing("Flat by the harbour", "harbour.jpg", "harbour-plan.pdf");
        Set<Path> before = filesInMedia();

        // The upload is written, then the row cannot be: the title is longer than its column.
        ResponseEntity<String> failed = http.postForEntity("/listings",
                form("title", "Flat ".repeat(60), "photo", "never-listed.jpg"), String.class);

        assertThat(failed.getStatusCode().is5xxServerError()).as(failed.getBody()).isTrue();
        Set<Path> left = new HashSet<>(filesInMedia());
        left.removeAll(before);
        assertThat(left).singleElement().satisfies(file -> assertThat(file).hasContent("bytes of never-listed.jpg"));
        String key = MEDIA.relativize(left.iterator().next()).toString().replace('\\', '/');
        awaitCleanup();
        assertThat(MEDIA.resolve(key)).as("no committed row released it: cleanup on change leaves it").exists();

        JsonNode dryRun = new ObjectMapper().readTree(http.postForObject("/actuator/mediagc", null, String.class));
        assertThat(dryRun.at("/outcome").asText()).as(dryRun.toString()).isEqualTo("DRY_RUN");
        assertThat(texts(dryRun.at("/youngOrphans/samples")))
                .as("the sweep finds it, and acts on it once it is older than mediagc.sweep.min-age").contains(key)
                .doesNotContain(live.get("photo").asText(), live.get("brochure").asText());

        assertThat(http.getForEntity("/listings/" + live.get("id").asLong(), String.class).getStatusCode())
                .as("the application goes on serving").isEqualTo(HttpStatus.OK);
        createListing("Flat by the station", "station.jpg", "station-plan.pdf");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
