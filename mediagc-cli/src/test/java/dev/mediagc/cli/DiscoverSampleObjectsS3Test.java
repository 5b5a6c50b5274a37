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
            CliRun sampled = discover(db, endpoint, temp.resolve("sampled.yml"), "--sample-objects", "300");

            Map<String, Double> wholeRatios = proposed(whole.out());
            Map<String, Double> sampledRatios = proposed(sampled.out());
            assertThat(wholeRatios).hasSize(5);
            assertThat(sampledRatios.keySet()).containsExactlyInAnyOrderElementsOf(wholeRatios.keySet());
            sampledRatios.forEach((column, ratio) -> assertThat(ratio).as(column + ", whole listing " + wholeRatios.get(column))
                    .isCloseTo(wholeRatios.get(column), org.assertj.core.data.Offset.offset(15.0)));
            assertThat(sampled.out()).contains("the store was sampled (");
            String config = Files.readString(temp.resolve("sampled.yml"));
            assertThat(config).contains("# The store was sampled (--sample-objects)", "values read fell within the listed key stretches",
                    "rows: ");
            ConfigFile sampledConfig = ConfigFile.read(temp.resolve("sampled.yml"));
            ConfigFile wholeConfig = ConfigFile.read(temp.resolve("whole.yml"));
            assertThat(sampledConfig.list("ref")).as("proposed columns").hasSize(5)
                    .containsExactlyInAnyOrderElementsOf(wholeConfig.list("ref")).noneMatch(ref -> ref.contains("blog_post"));
            assertThat(sampledConfig.list("strip-prefix")).as("proposed prefixes")
                    .containsExactlyInAnyOrderElementsOf(wholeConfig.list("strip-prefix")).hasSize(2);
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
