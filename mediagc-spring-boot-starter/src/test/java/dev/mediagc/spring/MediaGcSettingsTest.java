package dev.mediagc.spring;

import dev.mediagc.spring.testapp.StarterTestApplication;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.spi.ObjectStore;
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
        runner.withPropertyValues("mediagc.cleanup.action=shred").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mediagc.cleanup.action").hasMessageContaining("delete or quarantine"));
        runner.withPropertyValues("mediagc.cleanup.delay=-5m").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("mediagc.cleanup.delay"));
    }

    @Test
    void aReferenceNotOfTheFormTableDotColumnStopsStartupNamingTheProperty() {
        assertThatThrownBy(() -> start("mediagc.sweep.references=legacy_gallery.picture,picture"))
                .rootCause().hasMessageStartingWith("mediagc.sweep.references[1]: reference 'picture' must be "
                        + "TABLE.COLUMN or SCHEMA.TABLE.COLUMN")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aReferenceToATableThatDoesNotExistStopsStartupNamingTheProperty() {
        assertThatThrownBy(() -> start("mediagc.sweep.references=legacy_galery.picture"))
                .hasStackTraceContaining("mediagc.sweep.references[0] (legacy_galery.picture) cannot be read");
    }

    @Test
    void aReferenceQueryThatIsNotASingleSelectIsRefusedNamingTheProperty() {
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setReferenceQueries(java.util.List.of("SELECT path FROM media",
                "SELECT path FROM media;\nDELETE FROM media"));

        assertThatThrownBy(() -> new MediaGcSweeps(null, null, null, properties, r -> { }))
                .hasMessageStartingWith("mediagc.sweep.reference-queries[1] must be a single statement")
                .hasMessageNotContaining("\n");
    }

    /** Starts the test application on an empty in-memory database with {@code properties}. */
    private void start(String... properties) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of(
                        "spring.datasource.url=jdbc:h2:mem:settings-" + java.util.UUID.randomUUID(),
                        "spring.jpa.hibernate.ddl-auto=create-drop",
                        "spring.main.web-application-type=none",
                        "mediagc.store.root=" + temp.resolve("media")),
                java.util.Arrays.stream(properties)).toArray(String[]::new);
        new org.springframework.boot.builder.SpringApplicationBuilder(StarterTestApplication.class)
                .properties(all).run().close();
    }

    @Test
    void theSweepsGuardSettingsReachTheScheduledSweep() throws Exception {
        Path media = java.nio.file.Files.createDirectories(temp.resolve("media/photos")).getParent();
        for (String name : new String[] {"live.jpg", "orphan-1.jpg", "orphan-2.jpg"}) {
            Path file = media.resolve("photos/" + name);
            java.nio.file.Files.writeString(file, name);
            java.nio.file.Files.setLastModifiedTime(file,
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(3))));
        }
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(StarterTestApplication.class)
                .properties("spring.datasource.url=jdbc:h2:mem:guards-" + java.util.UUID.randomUUID(),
                        "spring.jpa.hibernate.ddl-auto=create-drop", "spring.main.web-application-type=none",
                        "mediagc.store.root=" + media, "mediagc.sweep.apply=true", "mediagc.sweep.max-orphan-ratio=1",
                        "mediagc.sweep.max-delete=1")
                .run()) {
            MediaGcSweeps sweeps = context.getBean(MediaGcSweeps.class);

            dev.mediagc.SweepReport empty = sweeps.scheduled();
            assertThat(empty.outcome()).as(empty.reason()).isNotIn(dev.mediagc.SweepReport.Outcome.APPLIED);
            assertThat(empty.reason()).as("by default an empty column refuses").containsIgnoringCase("no values");

            context.getBean(StarterTestApplication.Photos.class).save(new StarterTestApplication.Photo("photos/live.jpg"));
            dev.mediagc.SweepReport capped = sweeps.scheduled();
            assertThat(capped.outcome()).isEqualTo(dev.mediagc.SweepReport.Outcome.REFUSED);
            assertThat(capped.reason()).as("max-delete=1 against two orphans").contains("2 orphans exceed");
            Object shown = context.getBean(MediaGcHealthIndicator.class).health().getDetails().get("lastSweepReason");
            assertThat(String.valueOf(shown)).as("the health detail names the property to change")
                    .contains("mediagc.sweep.max-delete").doesNotContain("`max-delete`").doesNotContain("--max-delete");
            assertThat(media.resolve("photos/orphan-1.jpg")).exists();
        }
    }

    @Test
    void aSweepBatchSizeUnderOneStopsStartupNamingTheProperty() {
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setBatchSize(0);

        assertThatThrownBy(() -> new MediaGcSweeps(null, null, null, properties, r -> { }))
                .hasMessageContaining("mediagc.sweep.batch-size");
    }

    @Test
    void derivedRulesReachTheScheduledSweepAndAMalformedOneStopsStartup() throws Exception {
        Path media = java.nio.file.Files.createDirectories(temp.resolve("derived/photos")).getParent();
        for (String name : new String[] {"sea.jpg", "sea-150x150.jpg", "sea-300x200.jpg", "gone.jpg", "gone-150x150.jpg"}) {
            Path file = media.resolve("photos/" + name);
            java.nio.file.Files.writeString(file, name);
            java.nio.file.Files.setLastModifiedTime(file,
                    java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(3))));
        }
        try (var context = new org.springframework.boot.builder.SpringApplicationBuilder(StarterTestApplication.class)
                .properties("spring.datasource.url=jdbc:h2:mem:derived-" + java.util.UUID.randomUUID(),
                        "spring.jpa.hibernate.ddl-auto=create-drop", "spring.main.web-application-type=none",
                        "mediagc.store.root=" + media, "mediagc.sweep.derived[0]={dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}")
                .run()) {
            context.getBean(StarterTestApplication.Photos.class).save(new StarterTestApplication.Photo("photos/sea.jpg"));

            dev.mediagc.SweepReport report = context.getBean(MediaGcSweeps.class).dryRun();

            assertThat(report.keptDerived().count()).as("the sizes of a referenced photo").isEqualTo(2);
            assertThat(report.orphans().count()).as("an orphaned photo and its size").isEqualTo(2);
        }
        MediaGcProperties properties = new MediaGcProperties();
        properties.getSweep().setDerived(java.util.List.of("thumbs/{name}"));
        assertThatThrownBy(() -> new MediaGcSweeps(null, null, null, properties, r -> { }))
                .hasMessageStartingWith("mediagc.sweep.derived[0]");
    }
}
