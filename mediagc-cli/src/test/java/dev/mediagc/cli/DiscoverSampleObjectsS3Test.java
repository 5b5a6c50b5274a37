package dev.mediagc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.testing.DjangoStyleDataset;
import dev.mediagc.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jclouds.blobstore.BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mediagc discover --sample-objects N} on an S3 bucket (a real S3 protocol server) lists
 * stretches of the keys instead of the whole bucket, and proposes what the whole listing proposes,
 * with close ratios, and no decoy; its config says the store was sampled and how rows were picked.
 */
class DiscoverSampleObjectsS3Test {

    private static final Pattern PROPOSED = Pattern.compile("^\\s+proposed (\\S+): ([0-9.]+)% of \\d+$", Pattern.MULTILINE);

    @TempDir
    Path temp;

    @Test
    void aSampledBucketGivesTheSameProposalAsTheWholeListing() throws Exception {
        try (S3ProxyServer server = new S3ProxyServer(); TestDatabase db = TestDatabase.Kind.SQLITE.create(temp)) {
            DjangoStyleDataset data = DjangoStyleDataset.generate(db, Files.createDirectories(temp.resolve("media")), 2000, 23);
            db.execute("CREATE TABLE blog_post (id INT PRIMARY KEY, title VARCHAR(200), slug VARCHAR(200), cover_name VARCHAR(200))");
            for (int i = 0; i < 60; i++) {
                String stored = data.referenced().get(i);
                db.execute("INSERT INTO blog_post VALUES (" + i + ", 'Summer holiday, part " + i + "', 'summer-holiday-part-" + i
                        + "', '" + stored.substring(stored.lastIndexOf('/') + 1).replace("'", "''") + "')");
            }
            BlobStore blobs = server.blobs();
            blobs.createContainerInLocation(null, "site");
            try (Stream<Path> files = Files.walk(data.media())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String key = data.media().relativize(file).toString().replace('\\', '/');
                    blobs.putBlob("site", blobs.blobBuilder("media/" + key).payload(Files.readAllBytes(file)).build());
                }
            }
            String endpoint = server.endpoint().toString();

            CliRun whole = discover(db, endpoint, temp.resolve("whole.yml"));
            Map<String, Double> wholeRatios = proposed(whole.out());
            assertThat(wholeRatios).hasSize(5);
            ConfigFile wholeConfig = ConfigFile.read(temp.resolve("whole.yml"));

            // A sample of 300 of some 2,000 objects in key stretches is a random estimate: every seed must
            // give the same proposal; each ratio may stray (references cluster in key space), their mean not much.
            Map<String, Double> sums = new java.util.HashMap<>();
            long[] seeds = {1, 2, 3, 4};
            for (long seed : seeds) {
                Path out = temp.resolve("sampled-" + seed + ".yml");
                CliRun sampled = discover(db, endpoint, out, "--sample-objects", "300", "--seed", String.valueOf(seed));
                Map<String, Double> sampledRatios = proposed(sampled.out());
                assertThat(sampledRatios.keySet()).as("seed " + seed).containsExactlyInAnyOrderElementsOf(wholeRatios.keySet());
                sampledRatios.forEach((column, ratio) -> {
                    assertThat(ratio).as("seed " + seed + ": " + column + ", whole listing " + wholeRatios.get(column))
                            .isCloseTo(wholeRatios.get(column), org.assertj.core.data.Offset.offset(35.0));
                    sums.merge(column, ratio, Double::sum);
                });
                assertThat(sampled.out()).contains("the store was sampled (");
                String config = Files.readString(out);
                assertThat(config).contains("# The store was sampled (--sample-objects)",
                        "values read fell within the listed key stretches", "rows: ");
                ConfigFile sampledConfig = ConfigFile.read(out);
                assertThat(sampledConfig.list("ref")).as("seed " + seed + ": proposed columns").hasSize(5)
                        .containsExactlyInAnyOrderElementsOf(wholeConfig.list("ref")).noneMatch(ref -> ref.contains("blog_post"));
                assertThat(sampledConfig.list("strip-prefix")).as("seed " + seed + ": proposed prefixes")
                        .containsExactlyInAnyOrderElementsOf(wholeConfig.list("strip-prefix")).hasSize(2);
            }
            CliRun again = discover(db, endpoint, temp.resolve("sampled-1-again.yml"), "--sample-objects", "300", "--seed", "1");
            assertThat(proposed(again.out())).as("the same seed repeats the discovery")
                    .isEqualTo(proposed(discover(db, endpoint, temp.resolve("sampled-1-once-more.yml"), "--sample-objects", "300",
                            "--seed", "1").out()));
            sums.forEach((column, sum) -> assertThat(sum / seeds.length)
                    .as(column + ": the mean over the seeds, whole listing " + wholeRatios.get(column))
                    .isCloseTo(wholeRatios.get(column), org.assertj.core.data.Offset.offset(15.0)));
        }
    }

    private static CliRun discover(TestDatabase db, String endpoint, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("discover", "--db", db.url(), "--store", "s3://site/media",
                "--s3-endpoint", endpoint, "--s3-path-style", "--out", out.toString()));
        args.addAll(List.of(more));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        return run;
    }

    private static Map<String, Double> proposed(String out) {
        Matcher matcher = PROPOSED.matcher(out);
        Map<String, Double> ratios = new java.util.TreeMap<>();
        while (matcher.find()) {
            ratios.put(matcher.group(1), Double.parseDouble(matcher.group(2)));
        }
        return ratios.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
