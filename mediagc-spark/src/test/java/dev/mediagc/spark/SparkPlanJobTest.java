package dev.mediagc.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The job's command line: the same option names as the {@code mediagc} command, one clear line for a mistake. */
@Tag("fast")
class SparkPlanJobTest {

    @Test
    void readsSourcesWithTheirPartitioningAndThePasswordFromTheEnvironment() {
        SparkPlanSettings settings = SparkPlanJob.parse(new String[] {
                "--db", "jdbc:postgresql://db/app", "--db-user", "app", "--db-password-env", "APP_PW",
                "--ref", "media.file", "--partition-column", "id", "--partitions", "64",
                "--ref", "profile.avatar",
                "--ref-sql", "SELECT attachment, id FROM post", "--partition-column", "id",
                "--store", "s3a://bucket/media", "--plan", "/tmp/plan.jsonl.gz",
                "--strip-prefix", "/media/", "--exclude", "*.tmp", "--derived", "{dir}/{stem}-*.{ext} <- {dir}/{stem}.{ext}",
                "--min-age", "48h", "--ignore-case"}, Map.of("APP_PW", "secret"));

        assertThat(settings.sources()).containsExactly(
                new ReferenceSpec("media.file", null, 0, "id", 64),
                new ReferenceSpec("profile.avatar", null, 0, null, 0),
                new ReferenceSpec(null, "SELECT attachment, id FROM post", 1, "id", 0));
        assertThat(settings.jdbcProperties()).containsEntry("user", "app").containsEntry("password", "secret");
        assertThat(settings.minAge()).isEqualTo(Duration.ofHours(48));
        assertThat(settings.ignoreCase()).isTrue();
        assertThat(settings.stripPrefixes()).isEqualTo(List.of("/media/"));
    }

    @Test
    void refusesAPartitionOptionBeforeAnySourceAndAPlanThatIsNotGzippedJsonLines() {
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--partitions", "4", "--ref", "a.b"}, Map.of()))
                .hasMessage("--partitions applies to the --ref or --ref-sql before it; put it after one");
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--store", "file:/srv/media", "--plan", "plan.json"}, Map.of()))
                .hasMessageContaining("--plan FILE.jsonl.gz is required");
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--partitions", "0"}, Map.of()))
                .hasMessage("--partitions must be a whole number of at least 1, not '0'");
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--store", "file:/srv/media", "--plan", "p.jsonl.gz", "--min-age", "10m"}, Map.of()))
                .hasMessageContaining("a --min-age under 1h (600s) can plan away uploads");
    }

    @Test
    void namesTheStoreAsCoreStoresNameThemselvesSoApplyAcceptsThePlan() {
        assertThat(HadoopListing.defaultLocation("s3a://media-bucket/uploads")).isEqualTo("s3://media-bucket/uploads/");
        assertThat(HadoopListing.defaultLocation("s3a://media-bucket")).isEqualTo("s3://media-bucket/");
        assertThat(HadoopListing.defaultLocation("gs://media-bucket//a/b/")).isEqualTo("gs://media-bucket/a/b/");
        assertThat(HadoopListing.defaultLocation("abfss://media@acct.dfs.core.windows.net/x"))
                .isEqualTo("azure://acct/media/x/");
        assertThat(HadoopListing.defaultLocation("hdfs://namenode/media")).isEqualTo("hdfs://namenode/media");
    }

    @Test
    void readsTheObjectsOfAnS3StoreFromTheInventoryItNames() {
        SparkPlanSettings settings = SparkPlanJob.parse(new String[] {"--db", "jdbc:postgresql://db/app", "--ref", "a.b",
                "--store", "s3a://media/site", "--inventory", "s3a://inventories/media/daily/2026-11-25T01-00Z/manifest.json",
                "--plan", "p.jsonl.gz"}, Map.of());
        assertThat(settings.inventory()).isEqualTo("s3a://inventories/media/daily/2026-11-25T01-00Z/manifest.json");
        assertThat(settings.store()).isEqualTo("s3a://media/site");
        assertThat(settings.inventoryMaxAge()).as("as sweep --inventory's default").isEqualTo(Duration.ofDays(8));
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--store", "s3a://media/site", "--inventory-max-age", "2d", "--plan", "p.jsonl.gz"}, Map.of()))
                .hasMessage("--inventory-max-age only takes effect with --inventory MANIFEST");

        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--store", "file:/srv/media", "--inventory", "/copies/manifest.json", "--plan", "p.jsonl.gz"}, Map.of()))
                .hasMessage("--inventory reads an S3 Inventory of an S3 bucket; name the store it lists with "
                        + "--store s3a://BUCKET/PREFIX, not file:/srv/media");
        assertThatThrownBy(() -> SparkPlanJob.parse(new String[] {"--db", "jdbc:h2:mem:x", "--ref", "a.b",
                "--store", "s3a://media/site", "--inventory", "/copies/manifest.json", "--store-location", "s3://media/other/",
                "--plan", "p.jsonl.gz"}, Map.of()))
                .as("keys relative to site/ under a plan naming other/ would be looked up under the wrong prefix")
                .hasMessageStartingWith("--store-location does not go with --inventory");
        assertThat(SparkPlanJob.USAGE).contains("--inventory MANIFEST");
    }

    @Test
    void refusesAnInventoryDataFileWhosePathSparkWouldReadAsAPattern() {
        InventoryListing.requireLiteralPath("s3a://inventories/media/daily/data/0f3c.parquet");
        for (String path : List.of("s3a://inv/[2026]/data/a.orc", "file:/copies/{a,b}/data/x.csv.gz", "/copies/*/x.orc",
                "/copies/what?/x.orc", "/copies/back\\slash/x.orc")) {
            assertThatThrownBy(() -> InventoryListing.requireLiteralPath(path)).as(path)
                    .hasMessageContaining("which Spark's readers take as a pattern");
        }
    }
}
