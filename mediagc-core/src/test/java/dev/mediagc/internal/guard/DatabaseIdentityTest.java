package dev.mediagc.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mediagc.internal.reference.JdbcUrlDataSource;
import dev.mediagc.internal.report.Json;
import dev.mediagc.SweepReport;
import dev.mediagc.SweepReport.Outcome;
import dev.mediagc.Action;
import dev.mediagc.testing.MediaTree;
import dev.mediagc.testing.SmallApp;
import dev.mediagc.testing.TestDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store bound to one schema refuses a run whose unqualified names resolve in another schema of
 * the same database, such as a stale staging copy.
 */
class DatabaseIdentityTest {

    @TempDir
    Path temp;
    SmallApp app;

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.close();
        }
    }

    /** 200 live files in {@code public.profile}; {@code staging.profile} holds a stale copy of 150 of them. */
    private void postgresWithAStaleStagingCopy() throws IOException {
        app = new SmallApp(TestDatabase.Kind.POSTGRESQL.create(temp), Files.createDirectories(temp.resolve("media")), 200, 5);
        app.db.execute("CREATE SCHEMA staging",
                "CREATE TABLE staging.profile AS SELECT * FROM public.profile WHERE id < 150");
    }

    private DataSource withUrlSuffix(String setting) {
        String url = app.db.url();
        return new JdbcUrlDataSource(url + (url.contains("?") ? "&" : "?") + setting, app.db.user(), app.db.password());
    }

    private SweepReport quarantineThrough(DataSource dataSource) {
        return app.sweep().dataSource(dataSource).apply(Action.QUARANTINE).load().sweep();
    }

    @Test
    void aRunReadingAStaleCopyInAnotherSchemaIsRefusedAndMovesNothing() throws IOException {
        postgresWithAStaleStagingCopy();
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);
        Map<String, String> bound = MediaTree.snapshot(app.media);

        SweepReport staging = quarantineThrough(withUrlSuffix("currentSchema=staging"));

        assertThat(staging.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(staging.reason()).contains("bound to", "schema public", "schema staging", "`rebind`");
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(bound);
    }

    @Test
    void aSearchPathSetThroughConnectionOptionsIsRefusedToo() throws IOException {
        postgresWithAStaleStagingCopy();
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);
        Map<String, String> bound = MediaTree.snapshot(app.media);

        SweepReport staging = quarantineThrough(withUrlSuffix(
                "options=" + URLEncoder.encode("-c search_path=staging", StandardCharsets.UTF_8)));

        assertThat(staging.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(bound);
    }

    @Test
    void theSameSchemaNamedExplicitlyInTheUrlIsRefusedUntilRebound() throws IOException {
        postgresWithAStaleStagingCopy();
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);

        assertThat(quarantineThrough(withUrlSuffix("currentSchema=public")).outcome())
                .as("a URL setting that changes name resolution is part of the identity").isEqualTo(Outcome.REFUSED);
        assertThat(app.sweep().dataSource(withUrlSuffix("currentSchema=public")).rebind(true).apply(Action.QUARANTINE)
                .load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(quarantineThrough(withUrlSuffix("currentSchema=public")).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readString(app.media.resolve(".mediagc").resolve(DatabaseBinding.FILE)))
                .contains("\"nameSettings\" : \"currentschema=public\"");
    }

    @Test
    void aBindingWrittenBeforeSchemasWereRecordedIsRefusedUntilReboundOnce() throws IOException {
        postgresWithAStaleStagingCopy();
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);
        Path binding = app.media.resolve(".mediagc").resolve(DatabaseBinding.FILE);
        ObjectNode old = (ObjectNode) Json.mapper().readTree(binding.toFile());
        old.remove("schema");
        old.remove("nameSettings");
        Files.write(binding, Json.mapper().writeValueAsBytes(old));
        Map<String, String> before = MediaTree.snapshot(app.media);

        SweepReport staging = quarantineThrough(withUrlSuffix("currentSchema=staging"));
        assertThat(staging.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(staging.reason()).contains("before mediagc recorded the schema", "`rebind` once");
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(before);
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).as("the live schema too, until rebound")
                .isEqualTo(Outcome.REFUSED);

        assertThat(app.sweep().rebind(true).apply(Action.QUARANTINE).load().sweep().outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(Files.readString(binding)).contains("\"schema\"");
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(quarantineThrough(withUrlSuffix("currentSchema=staging")).outcome()).isEqualTo(Outcome.REFUSED);
    }

    @Test
    void anH2RunInAnotherSchemaIsRefused() throws IOException {
        app = new SmallApp(TestDatabase.Kind.H2.create(temp), Files.createDirectories(temp.resolve("media")), 20, 5);
        app.db.execute("CREATE SCHEMA STAGING", "CREATE TABLE STAGING.PROFILE AS SELECT * FROM PUBLIC.PROFILE WHERE ID < 15");
        assertThat(quarantineThrough(app.db.dataSource()).outcome()).isEqualTo(Outcome.APPLIED);
        Map<String, String> bound = MediaTree.snapshot(app.media);

        DataSource staging = new JdbcUrlDataSource(app.db.url() + ";SCHEMA=STAGING", app.db.user(), app.db.password());
        SweepReport report = quarantineThrough(staging);

        assertThat(report.outcome()).isEqualTo(Outcome.REFUSED);
        assertThat(MediaTree.snapshot(app.media)).isEqualTo(bound);
    }

    @Test
    void onlyUrlSettingsThatChangeNameResolutionArePartOfTheIdentity() {
        assertThat(NameResolution.urlSettings("jdbc:postgresql://db/app?user=app&password=secret&ssl=true")).isEmpty();
        assertThat(NameResolution.urlSettings("jdbc:postgresql://db/app?currentSchema=staging&password=secret"))
                .isEqualTo("currentschema=staging");
        assertThat(NameResolution.urlSettings("jdbc:postgresql://db/app?options=-c%20search_path%3Dstaging&user=x"))
                .isEqualTo("options=-c search_path=staging");
        assertThat(NameResolution.urlSettings("jdbc:h2:file:/data/app;SCHEMA=STAGING;PASSWORD=x"))
                .isEqualTo("schema=STAGING");
        assertThat(NameResolution.urlSettings("jdbc:mariadb://db:3306/app?user=root&password=x")).isEmpty();
        assertThat(NameResolution.urlSettings("jdbc:sqlite:/data/app.db")).isEmpty();
    }
}
