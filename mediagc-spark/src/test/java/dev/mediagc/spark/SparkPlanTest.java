package dev.mediagc.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mediagc.MediaGc;
import dev.mediagc.SweepReport;
import dev.mediagc.internal.store.LocalStore;
import dev.mediagc.testing.MediaTree;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job in Spark local mode against embedded PostgreSQL and a local folder: its plan equals the
 * one-machine sweep's plan line for line and {@code apply} acts on it, a failed JDBC range fails it without a plan,
 * and ranges of the partition column cover every row. One session for the class, two cores.
 */
class SparkPlanTest {

    @TempDir
    static Path tempDir;
    static SparkSession spark;
    static MediaLibrary library;

    @BeforeAll
    static void start() throws IOException {
        library = MediaLibrary.create(tempDir);
        spark = SparkSession.builder()
                .master("local[2]")
                .appName("mediagc-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
        if (library != null) {
            library.db.close();
        }
    }

    private static SparkPlanSettings settings(Path plan, List<ReferenceSpec> sources) {
        Map<String, String> properties = new HashMap<>();
        properties.put("user", library.db.user());
        if (library.db.password() != null) {
            properties.put("password", library.db.password());
        }
        return new SparkPlanSettings(library.db.url(), properties, sources, library.root.toUri().toString(), null,
                plan.toString(), MediaLibrary.STRIP_PREFIXES, false, MediaLibrary.EXCLUDES, MediaLibrary.DERIVED,
                Duration.ofHours(24), false, false);
    }

    private static List<ReferenceSpec> librarySources() {
        return List.of(
                ReferenceSpec.column("media.file").partitionedBy("id").inPartitions(7),
                ReferenceSpec.column("profile.avatar"),
                ReferenceSpec.query("SELECT attachment FROM post WHERE published", 1));
    }

    private static MediaGc oneMachine() {
        return MediaGc.configure()
                .dataSource(library.db.dataSource())
                .reference("media.file")
                .reference("profile.avatar")
                .referenceQuery("SELECT attachment FROM post WHERE published")
                .store(LocalStore.at(library.root))
                .stripPrefix(MediaLibrary.STRIP_PREFIXES.toArray(String[]::new))
                .exclude(MediaLibrary.EXCLUDES.toArray(String[]::new))
                .derived(MediaLibrary.DERIVED.get(0))
                .load();
    }

    @Test
    void writesTheOneMachinePlanAndApplyActsOnIt() throws Exception {
        Path sweepPlan = tempDir.resolve("sweep-plan.jsonl.gz");
        SweepReport sweep = oneMachine().plan(sweepPlan);
        assertThat(sweep.outcome()).isEqualTo(SweepReport.Outcome.DRY_RUN);

        Path sparkPlan = tempDir.resolve("spark-plan.jsonl.gz");
        SparkPlan.Result result = new SparkPlan(spark, settings(sparkPlan, librarySources()), Clock.systemUTC()).run();

        PlanFile expected = PlanFile.read(sweepPlan);
        PlanFile written = PlanFile.read(sparkPlan);
        assertThat(written.candidateLines()).containsExactlyElementsOf(expected.candidateLines());
        assertThat(written.trailer()).isEqualTo(expected.trailer());
        for (String field : List.of("format", "version", "store", "database", "settings", "minAge")) {
            assertThat(written.header().get(field)).as(field).isEqualTo(expected.header().get(field));
        }
        assertThat(written.header().get("figures")).isEqualTo(expected.header().get("figures"));
        assertThat(written.header().get("engine").asText()).isEqualTo("spark");
        assertThat(written.keys()).contains("docs/draft.pdf", "uploads/😀 emoji.png", "2023/orphan-150x150.jpg")
                .doesNotContain("uploads/just-uploaded.jpg", "uploads/partial.tmp", "cache/2023/render.png",
                        ".mediagc/last-run.json", "tenant/orphan-of-another-store.jpg",
                        "2023/tenant2/deeper-store-orphan.jpg", "uploads/link-to-orphan.png", "linked-folder/batch/file-1.bin", "2024/01/photo-12.jpg",
                        "2024/11/photo-10-150x150.jpg", "uploads/café.jpg", "uploads/naïve file.png")
                .hasSize(32);
        assertThat(result.candidates()).isEqualTo(32);

        // One machine acts on the cluster's plan with all its guards: every candidate unchanged, so all quarantined.
        Map<String, String> before = MediaTree.snapshot(library.root);
        SweepReport applied = oneMachine().apply(sparkPlan);
        assertThat(applied.outcome()).as(String.valueOf(applied.reason())).isEqualTo(SweepReport.Outcome.APPLIED);
        Map<String, String> after = MediaTree.snapshot(library.root);
        Map<String, String> gone = new java.util.TreeMap<>(before);
        gone.keySet().removeAll(after.keySet());
        assertThat(gone.keySet()).containsExactlyElementsOf(written.keys().stream().sorted().toList());
    }

    @Test
    void theHadoopWalkOfRemoteStoresSkipsWhatTheLocalStoreSkips() {
        java.time.Instant now = java.time.Instant.now();
        String store = library.root.toUri().toString();
        List<Row> local = new HadoopListing(spark, store, now, null, false).objects().collectAsList();
        List<Row> walked = new HadoopListing(spark, store, now, null, false).walkingWithHadoop().objects().collectAsList();

        assertThat(walked).containsExactlyInAnyOrderElementsOf(local);
        assertThat(local.stream().map(r -> r.getString(0)))
                .contains("uploads/日本語/写真.png", "uploads/café.jpg", "2024/01/photo-12.jpg") // referenced: apply keeps them
                .doesNotContain(".mediagc/last-run.json", "tenant/orphan-of-another-store.jpg",
                        "2023/tenant2/deeper-store-orphan.jpg", "uploads/link-to-orphan.png",
                        "linked-folder/batch/file-1.bin");
    }

    @Test
    void aFailingJdbcRangeFailsTheJobAndLeavesNoPlan() throws IOException {
        Path folder = Files.createDirectories(tempDir.resolve("failing"));
        Path plan = folder.resolve("plan.jsonl.gz");
        // Row 150's value cannot be computed: only the range holding it fails.
        ReferenceSpec failing = ReferenceSpec.query(
                "SELECT CASE WHEN id = 150 THEN (1 / (id - 150))::text ELSE file END AS file, id FROM media", 1)
                .partitionedBy("id").inPartitions(4);
        SparkPlan job = new SparkPlan(spark, settings(plan, List.of(failing, ReferenceSpec.column("profile.avatar"))),
                Clock.systemUTC());

        assertThatThrownBy(job::run).isInstanceOf(SparkPlanException.class).hasMessageContaining("division by zero")
                .hasMessageContaining("no plan written");
        try (Stream<Path> left = Files.list(folder)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aQueryThatWouldWriteFailsTheJobInsteadOfWriting() throws Exception {
        library.db.execute("CREATE SEQUENCE IF NOT EXISTS sneaky");
        Path plan = tempDir.resolve("writing.jsonl.gz");
        ReferenceSpec writing = ReferenceSpec.query("SELECT file || nextval('sneaky')::text AS file, id FROM media", 1)
                .partitionedBy("id").inPartitions(3);
        SparkPlan job = new SparkPlan(spark, settings(plan, List.of(writing)), Clock.systemUTC());

        assertThatThrownBy(job::run).isInstanceOf(SparkPlanException.class).hasMessageContaining("read-only transaction");
        assertThat(plan).doesNotExist();
        try (var c = library.db.connect(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT last_value, is_called FROM sneaky")) {
            rs.next();
            assertThat(rs.getBoolean(2)).as("nextval() never ran").isFalse();
        }
    }

    @Test
    void aSourceWithoutValuesFailsTheJob() throws IOException {
        library.db.execute("CREATE TABLE IF NOT EXISTS empty_gallery (id integer, picture text)");
        Path plan = tempDir.resolve("empty.jsonl.gz");
        SparkPlan job = new SparkPlan(spark, settings(plan, List.of(ReferenceSpec.column("media.file"),
                ReferenceSpec.column("empty_gallery.picture"))), Clock.systemUTC());

        assertThatThrownBy(job::run).isInstanceOf(SparkPlanException.class)
                .hasMessageContaining("empty_gallery.picture returned no values");
        assertThat(plan).doesNotExist();
    }

    @Test
    void rangesOfThePartitionColumnCoverEveryRow() throws Exception {
        library.db.execute("CREATE TABLE spread (id bigint, file text)",
                "INSERT INTO spread VALUES (-7, 'a.jpg'), (0, 'b.jpg'), (1, 'c.jpg'), (2, 'd.jpg'), (49, 'e.jpg'), "
                        + "(50, 'f.jpg'), (51, 'g.jpg'), (99, 'h.jpg'), (100, 'i.jpg'), (5000000000, 'j.jpg'), "
                        + "(NULL, 'k.jpg'), (50, 'l.jpg')");
        ReferenceReader reader = new ReferenceReader(spark, library.db.url(), settings(tempDir.resolve("x.jsonl.gz"),
                List.of()).jdbcProperties());
        KeyRules rules = new KeyRules(List.of(), false, List.of(), List.of(), Duration.ofHours(24), java.time.Instant.now());
        var rows = reader.markRows(ReferenceSpec.column("spread.file").partitionedBy("id").inPartitions(5), rules);

        assertThat(rows.rdd().getNumPartitions()).isEqualTo(5);
        List<Long> hashes = rows.collectAsList().stream().map(r -> r.getLong(1)).sorted().toList();
        List<Long> expected = Stream.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l")
                .map(s -> dev.mediagc.internal.key.KeyHash.of(s + ".jpg")).sorted().toList();
        assertThat(hashes).isEqualTo(expected);
    }
}
