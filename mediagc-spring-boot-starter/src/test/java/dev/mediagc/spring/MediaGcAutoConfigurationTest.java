package dev.mediagc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.hibernate.MediaFileCleanup;
import dev.mediagc.SweepReport;
import dev.mediagc.spring.testapp.StarterTestApplication;
import dev.mediagc.spring.testapp.StarterTestApplication.Photo;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.spi.ObjectStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Each condition of the auto-configuration, in the way Spring Boot tests its own: a property left
 * out makes no beans, a bean of the application makes mediagc's back off, a missing optional
 * library skips what needs it. The application is one {@code @MediaFile} entity on an embedded H2.
 */
class MediaGcAutoConfigurationTest {

    @TempDir
    Path media;

    /** A JPA application: DataSource, Hibernate, its entities, and mediagc. */
    private final ApplicationContextRunner jpa = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    HibernateJpaAutoConfiguration.class, MediaGcAutoConfiguration.class))
            .withUserConfiguration(Entities.class)
            .withPropertyValues("spring.jpa.hibernate.ddl-auto=create-drop");

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = StarterTestApplication.class)
    static class Entities {
    }

    private String store() {
        return "mediagc.store.root=" + media;
    }

    @Test
    void withoutAStoreMediagcMakesNoSweepNoCleanupAndNoSchedule() {
        jpa.withPropertyValues("mediagc.sweep.cron=* * * * * *").run(context -> {
            assertThat(context).hasNotFailed()
                    .doesNotHaveBean(ObjectStore.class)
                    .doesNotHaveBean(MediaGcSweeps.class)
                    .doesNotHaveBean(MediaFileCleanup.class)
                    .doesNotHaveBean(MediaGcScheduledSweep.class);
        });
    }

    @Test
    void withAStoreTheSweepAndCleanupOnChangeAreBeansButNoScheduleWithoutACron() {
        jpa.withPropertyValues(store()).run(context -> {
            assertThat(context).hasSingleBean(ObjectStore.class).hasSingleBean(MediaGcSweeps.class)
                    .hasSingleBean(MediaFileCleanup.class).doesNotHaveBean(MediaGcScheduledSweep.class);
        });
    }

    @Test
    void aStoreOfTheApplicationReplacesTheOneNamedByTheProperties() {
        jpa.withPropertyValues(store()).withBean("applicationStore", ObjectStore.class, () -> LocalStore.at(media))
                .run(context -> assertThat(context).hasSingleBean(ObjectStore.class).hasBean("applicationStore")
                        .doesNotHaveBean("mediaGcStore"));
    }

    @Test
    void sweepsOfTheApplicationReplaceMediagcsAndCleanupOnChangeIsStillWired() throws Exception {
        Path file = keyInMedia("photos/replaced.jpg", Duration.ZERO);
        jpa.withPropertyValues(store(), "mediagc.cleanup.delay=0")
                .withBean("applicationSweeps", MediaGcSweeps.class,
                        () -> new MediaGcSweeps(() -> { throw new AssertionError("not used"); }, null, null,
                                new MediaGcProperties(), report -> { }))
                .run(context -> {
                    assertThat(context).hasSingleBean(MediaGcSweeps.class).hasBean("applicationSweeps");

                    saveThenDelete(context, "photos/replaced.jpg");

                    assertThat(context.getBean(MediaFileCleanup.class).awaitIdle(Duration.ofSeconds(10))).isTrue();
                    assertThat(file).as("cleanup on change has its store without mediagc's sweeps").doesNotExist();
                });
    }

    @Test
    void cleanupOnChangeOfTheApplicationIsLeftAsTheApplicationConfiguredIt() {
        jpa.withPropertyValues(store())
                .withUserConfiguration(ApplicationCleanup.class)
                .run(context -> {
                    assertThat(context.getBeanNamesForType(MediaFileCleanup.class)).containsExactly("applicationCleanup");
                    assertThat(context.getBean(MediaFileCleanup.class).protectedGlobs())
                            .as("mediagc configured nothing on it").containsExactly("application/**");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ApplicationCleanup {
        @Bean
        MediaFileCleanup applicationCleanup(EntityManagerFactory entityManagerFactory) {
            return MediaFileCleanup.of(entityManagerFactory.unwrap(SessionFactory.class)).protect("application/**");
        }
    }

    @Test
    void cleanupOnChangeTurnedOffMakesNoCleanupBeanAndReleasedFilesStay() throws Exception {
        Path file = keyInMedia("photos/kept.jpg", Duration.ZERO);
        jpa.withPropertyValues(store(), "mediagc.cleanup.enabled=false", "mediagc.cleanup.delay=0").run(context -> {
            assertThat(context).doesNotHaveBean(MediaFileCleanup.class).hasSingleBean(MediaGcSweeps.class);

            saveThenDelete(context, "photos/kept.jpg");
            MediaFileCleanup.of(context.getBean(EntityManagerFactory.class).unwrap(SessionFactory.class))
                    .awaitIdle(Duration.ofSeconds(10));

            assertThat(file).exists();
        });
    }

    @Test
    void anEmptyMediaFileColumnRefusesTheSweepUnlessTheApplicationAllowsIt() throws Exception {
        keyInMedia("photos/old.jpg", Duration.ofDays(3));
        jpa.withPropertyValues(store()).run(context -> {
            SweepReport report = context.getBean(MediaGcSweeps.class).dryRun();

            assertThat(report.outcome()).as("the engine's default guard stops the run")
                    .isNotIn(SweepReport.Outcome.DRY_RUN, SweepReport.Outcome.APPLIED);
            assertThat(report.reason()).contains("path returned no values");
        });
        jpa.withPropertyValues(store(), "mediagc.sweep.allow-empty-source=true").run(context -> {
            SweepReport report = context.getBean(MediaGcSweeps.class).dryRun();

            assertThat(report.outcome()).as(String.valueOf(report.reason())).isEqualTo(SweepReport.Outcome.DRY_RUN);
            assertThat(report.orphans().count()).isEqualTo(1);
        });
    }

    @Test
    void withoutJpaTheSweepReadsTheListedReferencesAndThereIsNoCleanupOnChange() throws Exception {
        String database = "jdbc:h2:mem:without-jpa-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (Connection connection = DriverManager.getConnection(database, "sa", "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE gallery (id INTEGER PRIMARY KEY, title VARCHAR(100), picture VARCHAR(200))");
            // The title names a file too, but only picture is listed: its file stays an orphan.
            statement.execute("INSERT INTO gallery VALUES (1, 'photos/sunset.jpg', 'photos/harbour.jpg')");
        }
        keyInMedia("photos/harbour.jpg", Duration.ofDays(3));
        keyInMedia("photos/sunset.jpg", Duration.ofDays(3));
        keyInMedia("archive/photos/harbour.jpg", Duration.ofDays(3));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        HibernateJpaAutoConfiguration.class, MediaGcAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(LocalContainerEntityManagerFactoryBean.class))
                .withPropertyValues("spring.datasource.url=" + database, store(), "mediagc.sweep.max-orphan-ratio=1",
                        "mediagc.sweep.references=gallery.picture")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(EntityManagerFactory.class)
                            .doesNotHaveBean(MediaFileCleanup.class).doesNotHaveBean("mediaGcCleanupSettings");

                    SweepReport report = context.getBean(MediaGcSweeps.class).dryRun();

                    assertThat(report.outcome()).as(String.valueOf(report.reason())).isEqualTo(SweepReport.Outcome.DRY_RUN);
                    assertThat(report.orphans().samples())
                            .containsExactlyInAnyOrder("photos/sunset.jpg", "archive/photos/harbour.jpg");
                });
    }

    @Test
    void withoutJpaAndWithoutListedReferencesStartupSaysWhatIsMissing() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MediaGcAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader(LocalContainerEntityManagerFactoryBean.class))
                .withPropertyValues(store())
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mediagc.sweep.references").hasMessageContaining("without JPA"));
    }

    @Test
    void aLocalFolderAndABucketAtOnceStopStartup() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(MediaGcAutoConfiguration.class))
                .withPropertyValues(store(), "mediagc.store.s3=s3://media/uploads")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining("mediagc.store.root and mediagc.store.s3 are both set"));
    }

    // --- scheduling --------------------------------------------------------------------------

    /** An application with a scheduled job of its own, as many have. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class ApplicationWithAScheduledJob {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        @Scheduled(fixedDelay = 50)
        void job() {
            threads.add(Thread.currentThread().getName());
        }
    }

    /** Learns which thread the scheduled sweep reports from (through the metrics, which every report reaches). */
    static class SweepThreads extends MediaGcMetrics {
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        SweepThreads() {
            super(new SimpleMeterRegistry());
        }

        @Override
        public void record(SweepReport report) {
            threads.add(Thread.currentThread().getName());
            super.record(report);
        }
    }

    @Test
    void theApplicationsScheduledJobStillRunsOnBootsSchedulerWhileMediagcSweepsOnItsOwnThread() {
        jpa.withConfiguration(AutoConfigurations.of(TaskSchedulingAutoConfiguration.class))
                .withUserConfiguration(ApplicationWithAScheduledJob.class)
                .withBean(SweepThreads.class, SweepThreads::new)
                .withPropertyValues(store(), "mediagc.sweep.cron=* * * * * *")
                .run(context -> {
                    assertThat(context).hasSingleBean(MediaGcScheduledSweep.class);
                    ApplicationWithAScheduledJob application = context.getBean(ApplicationWithAScheduledJob.class);
                    SweepThreads sweeps = context.getBean(SweepThreads.class);
                    await(() -> !application.threads.isEmpty() && !sweeps.threads.isEmpty());

                    assertThat(application.threads).allMatch(name -> name.startsWith("scheduling-"));
                    assertThat(context.getBeanNamesForType(TaskScheduler.class))
                            .as("Boot's scheduler, which a scheduler bean of mediagc would replace").containsExactly("taskScheduler");
                    assertThat(sweeps.threads).allMatch(name -> name.startsWith(MediaGcScheduledSweep.THREAD_NAME_PREFIX));
                });
    }

    @Test
    void aCronThatIsNotOneStopsStartupNamingTheProperty() {
        jpa.withPropertyValues(store(), "mediagc.sweep.cron=every night").run(context ->
                assertThat(context).hasFailed().getFailure().rootCause().hasMessageContaining("mediagc.sweep.cron"));
    }

    // --- optional libraries: actuator, Micrometer ---------------------------------------------

    private final ApplicationContextRunner withActuator = jpa
            .withConfiguration(AutoConfigurations.of(MediaGcActuatorAutoConfiguration.class, MediaGcMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues(store(), "management.endpoints.web.exposure.include=mediagc");

    @Test
    void theEndpointTheHealthIndicatorAndTheMetersAreMadeWhenTheirLibrariesArePresent() {
        withActuator.run(context -> assertThat(context).hasSingleBean(MediaGcEndpoint.class)
                .hasSingleBean(MediaGcWebEndpointExtension.class)
                .hasSingleBean(MediaGcHealthIndicator.class).hasSingleBean(MediaGcMetrics.class));
    }

    @Test
    void theHtmlPageIsServedOverHttpOnly() {
        withActuator.withPropertyValues("management.endpoints.web.exposure.exclude=mediagc", "spring.jmx.enabled=true",
                        "management.endpoints.jmx.exposure.include=mediagc")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MediaGcEndpoint.class)
                        .doesNotHaveBean(MediaGcWebEndpointExtension.class));
    }

    @Test
    void withoutActuatorOrMicrometerTheirBeansAreSkipped() {
        withActuator.withClassLoader(new FilteredClassLoader(Endpoint.class, MeterRegistry.class))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(MediaGcSweeps.class)
                        .doesNotHaveBean(MediaGcEndpoint.class).doesNotHaveBean(MediaGcWebEndpointExtension.class)
                        .doesNotHaveBean(MediaGcHealthIndicator.class)
                        .doesNotHaveBean(MediaGcMetrics.class));
    }

    @Test
    void theApplicationsEndpointHealthIndicatorAndMetersReplaceMediagcs() {
        withActuator
                .withBean("applicationEndpoint", MediaGcEndpoint.class, () -> new MediaGcEndpoint(null))
                .withBean("mediagcHealthIndicator", MediaGcHealthIndicator.class, () -> new MediaGcHealthIndicator(null, null))
                .withBean("applicationMeters", MediaGcMetrics.class, () -> new MediaGcMetrics(new SimpleMeterRegistry()))
                .run(context -> {
                    assertThat(context.getBeanNamesForType(MediaGcEndpoint.class)).containsExactly("applicationEndpoint");
                    assertThat(context).hasSingleBean(MediaGcHealthIndicator.class);
                    assertThat(context.getBeanNamesForType(MediaGcMetrics.class)).containsExactly("applicationMeters");
                });
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffLikeBootsOwn() {
        withActuator.withPropertyValues("management.health.mediagc.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MediaGcHealthIndicator.class));
    }

    // --- helpers -----------------------------------------------------------------------------

    private Path keyInMedia(String key, Duration age) throws IOException {
        Path file = Files.createDirectories(media.resolve(key).getParent()).resolve(media.resolve(key).getFileName());
        Files.writeString(file, key);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    /** A row takes the file, and a later transaction deletes the row: the file is released. */
    private static void saveThenDelete(AssertableApplicationContext context, String key) {
        EntityManager entityManager = context.getBean(EntityManagerFactory.class).createEntityManager();
        try {
            entityManager.getTransaction().begin();
            Photo photo = new Photo(key);
            entityManager.persist(photo);
            entityManager.getTransaction().commit();
            entityManager.getTransaction().begin();
            entityManager.remove(photo);
            entityManager.getTransaction().commit();
        } finally {
            entityManager.close();
        }
    }

    private static void await(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.get()).as("within 20s").isTrue();
    }
}
