package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mediagc.Setting;
import dev.mediagc.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every setting of the engine's catalog is a starter property of the same name, bound with the
 * catalog's default, and documented in the metadata IDEs complete from; the command line makes its
 * flags and config file keys from the same catalog (SettingFlagsTest there), so the two cannot drift.
 */
class OneSettingEverywhereTest {

    @Test
    void everySettingIsAPropertyBoundWithTheCatalogsDefault() {
        Map<String, Object> bound = StarterSettings.valuesOf(new MediaGcProperties());

        for (Setting setting : Settings.all()) {
            Object expected = setting.repeatable() ? List.of() : setting.defaultValue();
            assertThat(bound.get(setting.name())).as(StarterSettings.propertyOf(setting.name())).isEqualTo(expected);
        }
    }

    @Test
    void everySettingIsDescribedInTheMetadata() throws Exception {
        Path classes = Path.of(MediaGcProperties.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Map<String, JsonNode> metadata = new LinkedHashMap<>();
        for (JsonNode property : new ObjectMapper().readTree(
                Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json"))).get("properties")) {
            metadata.put(property.get("name").asText(), property);
        }
        for (Setting setting : Settings.all()) {
            String property = StarterSettings.propertyOf(setting.name());
            assertThat(metadata).as(property).containsKey(property);
            assertThat(metadata.get(property).path("description").asText()).as(property).isNotBlank();
        }
        assertThat(metadata).containsKey("mediagc.store.options");
    }

    @Test
    void aValueTheEngineRefusesStopsStartupNamingTheProperty() {
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setLeaseDuration(java.time.Duration.ofSeconds(3));

        assertThatThrownBy(() -> StarterSettings.valuesOf(properties)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("mediagc.sweep.lease-duration must be at least 10s");
    }

    @Test
    void storeOptionsAreTheProvidersByName() {
        MediaGcProperties.Store store = new MediaGcProperties().getStore();
        store.getOptions().put("s3-endpoint", "http://minio:9000");
        store.setS3Region("eu-west-1");

        assertThat(store.storeOptions()).containsEntry("s3-endpoint", "http://minio:9000").containsEntry("s3-region", "eu-west-1");

        store.getOptions().put("s3-endpont", "http://minio:9000");
        assertThatThrownBy(store::storeOptions).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mediagc.store.options.s3-endpont")
                .hasMessageContaining("did you mean mediagc.store.options.s3-endpoint?");
    }
}
