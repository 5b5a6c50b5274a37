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

    private long filesInMedia() throws IOException {
        try (Stream<Path> files = Files.walk(MEDIA)) {
            return files.filter(Files::isRegularFile).filter(p -> !MEDIA.relativize(p).startsWith(".mediagc")).count();
        }
    }

    @Test
    void uploadReplaceAndDeleteLeaveExactlyTheLiveFiles() throws Exception {
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
        assertThat(filesInMedia()).isZero();

        JsonNode dryRun = new ObjectMapper().readTree(http.postForObject("/actuator/mediagc", null, String.class));
        assertThat(dryRun.at("/outcome").asText()).isEqualTo("DRY_RUN");
        assertThat(dryRun.at("/orphans/count").asLong()).isZero();
    }

    @Test
    void aFailedRequestLeavesTheFileForTheSweepAndNeverBreaksTheApplication() {
        ResponseEntity<String> missing = http.exchange("/listings/999999/photo", HttpMethod.PUT, form("photo", "x.jpg"), String.class);
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }
}
