package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.MediaGc;
import dev.mediagc.internal.guard.SafetySettings;
import dev.mediagc.hibernate.MediaFileCleanup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

/**
 * The metadata the configuration processor wrote into the starter's jar, which IDEs complete
 * {@code mediagc.*} properties from: every property is described, and every default it shows is the
 * default the engine and cleanup on change really use.
 */
class ConfigurationMetadataTest {

    static Map<String, JsonNode> properties;

    @BeforeAll
    static void readTheBuiltMetadata() throws Exception {
        // The starter's own classes folder (or jar), not the metadata of Boot's jars on the class path.
        Path classes = Path.of(MediaGcProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
        assertThat(metadata).as("written by spring-boot-configuration-processor at compile time").exists();
        properties = new LinkedHashMap<>();
        for (JsonNode property : new ObjectMapper().readTree(Files.readString(metadata)).get("properties")) {
            properties.put(property.get("name").asText(), property);
        }
    }

    @Test
    void everyMediagcPropertyHasADescription() {
        assertThat(properties.keySet()).filteredOn(name -> name.startsWith("mediagc."))
                .hasSizeGreaterThan(30)
                .allSatisfy(name -> assertThat(properties.get(name).path("description").asText())
                        .as(name).isNotBlank().doesNotContain("{@"));
    }

    @Test
    void theSweepsDefaultsAreTheEnginesDefaults() {
        assertThat(durationDefault("mediagc.sweep.min-age")).isEqualTo(MediaGc.DEFAULT_MIN_AGE);
        assertThat(durationDefault("mediagc.sweep.lease-duration")).isEqualTo(SafetySettings.DEFAULT_LEASE);
        assertThat(defaultOf("mediagc.sweep.max-orphan-ratio").asDouble()).isEqualTo(SafetySettings.DEFAULT_MAX_ORPHAN_RATIO);
        assertThat(defaultOf("mediagc.sweep.batch-size").asInt()).isEqualTo(MediaGc.DEFAULT_BATCH_SIZE);
        assertThat(defaultOf("mediagc.sweep.allow-empty-source").asBoolean())
                .as("the guard stays on, as in the engine and on the command line").isFalse();
        assertThat(defaultOf("mediagc.sweep.apply").asBoolean()).as("a dry run unless asked").isFalse();
        assertThat(defaultOf("mediagc.sweep.action").asText()).isEqualTo("quarantine");
        assertThat(defaultOf("mediagc.sweep.force").asBoolean()).isFalse();
        assertThat(defaultOf("mediagc.sweep.rebind").asBoolean()).isFalse();
    }

    @Test
    void theCleanupDefaultsAreThoseOfCleanupOnChange() {
        assertThat(durationDefault("mediagc.cleanup.delay")).isEqualTo(MediaFileCleanup.DEFAULT_DELAY);
        assertThat(durationDefault("mediagc.cleanup.poll-interval")).isEqualTo(MediaFileCleanup.DEFAULT_POLL_INTERVAL);
        assertThat(defaultOf("mediagc.cleanup.pending").asText()).isEqualTo("outbox");
        assertThat(defaultOf("mediagc.cleanup.action").asText()).isEqualTo("delete");
        assertThat(defaultOf("mediagc.cleanup.outbox.table").asText()).isEqualTo("mediagc_pending_deletion");
    }

    @Test
    void theDefaultsShownAreTheDefaultsBound() {
        MediaGcProperties.Sweep sweep = new MediaGcProperties().getSweep();
        assertThat(durationDefault("mediagc.sweep.min-age")).isEqualTo(sweep.getMinAge());
        assertThat(durationDefault("mediagc.sweep.lease-duration")).isEqualTo(sweep.getLeaseDuration());
        assertThat(defaultOf("mediagc.sweep.batch-size").asInt()).isEqualTo(sweep.getBatchSize());
        assertThat(defaultOf("mediagc.sweep.max-orphan-ratio").asDouble()).isEqualTo(sweep.getMaxOrphanRatio());
        assertThat(defaultOf("mediagc.sweep.allow-empty-source").asBoolean()).isEqualTo(sweep.isAllowEmptySource());
    }

    private static JsonNode defaultOf(String name) {
        assertThat(properties).containsKey(name);
        JsonNode value = properties.get(name).get("defaultValue");
        assertThat(value).as(name + " has a default in the metadata").isNotNull();
        return value;
    }

    private static Duration durationDefault(String name) {
        return DurationStyle.detectAndParse(defaultOf(name).asText());
    }
}
