package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.store.ObjectStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Settings that would fail every scheduled sweep fail at startup instead, naming the property. */
class MediaGcSettingsTest {

    @TempDir
    Path temp;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MediaGcAutoConfiguration.class));

    @Test
    void aMediaFolderThatDoesNotExistYetIsCreatedSoTheApplicationStarts() {
        Path media = temp.resolve("not/yet/media");

        runner.withPropertyValues("mediagc.store.root=" + media).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(ObjectStore.class);
            assertThat(media).isDirectory();
        });
    }

    @Test
    void aMinAgeUnderAnHourNeedsTheForceProperty() {
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setMinAge(Duration.ofMinutes(10));

        assertThatThrownBy(() -> new MediaGcSweeps(null, null, null, properties, r -> { }))
                .hasMessageContaining("mediagc.sweep.min-age").hasMessageContaining("mediagc.sweep.force=true");

        properties.getSweep().setForce(true);
        new MediaGcSweeps(null, null, null, properties, r -> { });
    }

    @Test
    void anUnknownActionIsRefusedNamingTheProperty() {
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setAction("shred");

        assertThatThrownBy(() -> new MediaGcSweeps(null, null, null, properties, r -> { }))
                .hasMessageContaining("mediagc.sweep.action").hasMessageContaining("quarantine or delete");
    }

    @Test
    void cleanupSettingsThatCannotWorkStopTheApplicationNamingTheProperty() {
        runner.withPropertyValues("mediagc.cleanup.pending=disk").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mediagc.cleanup.pending").hasMessageContaining("outbox or memory"));
        runner.withPropertyValues("mediagc.cleanup.outbox.table=pending; drop table users").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mediagc.cleanup.outbox.table"));
        runner.withPropertyValues("mediagc.cleanup.delay=-5m").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("mediagc.cleanup.delay"));
    }
}
