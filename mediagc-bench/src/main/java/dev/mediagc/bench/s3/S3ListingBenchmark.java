package dev.mediagc.bench.s3;

import dev.mediagc.bench.Medians;
import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3Settings;
import dev.mediagc.s3.S3Store;
import dev.mediagc.spi.StoredObject;
import dev.mediagc.bench.BenchKeys;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/**
 * Lists a bucket of N objects on a local S3 server (S3Proxy, in-memory) behind a proxy that adds
 * a delay to every request, with mediagc's partitioned parallel listing and with a plain
 * sequential ListObjectsV2 loop, in the same run; then, as whole processes against the same bucket
 * behind the same proxy, {@code ./mediagc} against {@code rclone lsf -R} (when rclone is on the PATH).
 *
 * <pre>java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.s3.S3ListingBenchmark [objects] [delay-ms] [rounds]</pre>
 *
 * Run it from the repository root (it starts {@code ./mediagc}); rounds 0 skips the processes.
 */
public final class S3ListingBenchmark {

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 20;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        try (BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("i", "c")
                .overrides(new Properties()).build(BlobStoreContext.class)) {
            BlobStore blobs = context.getBlobStore();
            blobs.createContainerInLocation(null, "media");
            long started = System.nanoTime();
            for (int i = 0; i < objects; i++) {
                blobs.putBlob("media", blobs.blobBuilder(BenchKeys.keyOf(i)).payload(new byte[0]).build());
            }
            System.err.printf("filled %,d objects in %.1fs%n", objects, (System.nanoTime() - started) / 1e9);
            S3Proxy proxy = S3Proxy.builder().blobStore(blobs).endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret")
                    .ignoreUnknownHeaders(true).build();
            proxy.start();
            while (!"STARTED".equals(proxy.getState())) {
                Thread.sleep(10);
            }
            try (DelayingProxy slow = new DelayingProxy(proxy.getPort(), delay)) {
                URI endpoint = URI.create("http://127.0.0.1:" + slow.port());
                inProcess(endpoint, objects, delay);
                if (rounds > 0) {
                    processes(endpoint, objects, delay, rounds);
                }
            } finally {
                proxy.stop();
            }
        }
    }

    private static void inProcess(URI endpoint, int objects, long delay) throws Exception {
        for (int round = 1; round <= 2; round++) {
            double sequential = sequential(endpoint, objects);
            double parallel = parallel(endpoint, objects);
            System.out.printf("in process, round %d: %,d objects, %d ms per request: sequential ListObjectsV2 %.2fs, "
                    + "mediagc parallel %.2fs, ratio %.1fx%n", round, objects, delay, sequential, parallel, sequential / parallel);
        }
    }

    /**
     * Whole processes, one arm after the other in each round (the order rotating), after one
     * unmeasured round (the launcher's start-up archive, the page cache): rclone's recursive
     * listing as run by default and with {@code --fast-list}, and {@code ./mediagc}. Every arm
     * must list exactly the bucket's keys.
     */
    private static void processes(URI endpoint, int objects, long delay, int rounds) throws Exception {
        Path launcher = Path.of("mediagc").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("run from the repository root: no ./mediagc launcher here");
        }
        Path work = Files.createTempDirectory("mediagc-s3-listing");
        ListingProcesses runner = new ListingProcesses(endpoint, "media", work);
        TreeSet<String> expected = new TreeSet<>();
        for (int i = 0; i < objects; i++) {
            expected.add(BenchKeys.keyOf(i));
        }
        String rclone = ListingProcesses.findRclone();
        Map<String, Arm> arms = new LinkedHashMap<>();
        arms.put("mediagc", name -> runner.mediagc(launcher, name));
        if (rclone == null) {
            System.out.println("rclone arm skipped: no rclone on the PATH (Debian: apt-get install rclone)");
        } else {
            System.out.println("rclone: " + ListingProcesses.rcloneVersion(rclone));
            arms.put("rclone lsf -R", name -> runner.rclone(rclone, name, List.of()));
            arms.put("rclone lsf -R --fast-list", name -> runner.rclone(rclone, name, List.of("--fast-list")));
            System.out.println("rclone command: RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other "
                    + "RCLONE_CONFIG_BENCH_ENDPOINT=" + endpoint + " RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true … "
                    + String.join(" ", runner.rcloneCommand("rclone", List.of())).replace("--config  ", "--config '' ")
                    + " > FILE");
        }
        System.out.println("mediagc command: AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… "
                + String.join(" ", runner.mediagcCommand(Path.of("./mediagc"), Path.of("FILE")))
                        .replace("jdbc:h2:mem:bench;INIT=CREATE TABLE IF NOT EXISTS media_ref(file VARCHAR)",
                                "'jdbc:h2:mem:bench;INIT=CREATE TABLE IF NOT EXISTS media_ref(file VARCHAR)'"));
        List<String> names = new ArrayList<>(arms.keySet());
        Map<String, List<Double>> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) {
            StringBuilder line = new StringBuilder(round == 0 ? "warm-up (not counted):" : "round " + round + ":");
            for (int k = 0; k < names.size(); k++) {
                String name = names.get((k + round) % names.size());
                ListingProcesses.Timed timed = arms.get(name).list(name.replaceAll("[^a-z]+", "-"));
                if (!timed.keys().equals(expected)) {
                    throw new IllegalStateException(name + " listed " + timed.keys().size() + " keys, not the bucket's "
                            + expected.size() + " (or other keys); outputs in " + work);
                }
                if (round > 0) {
                    times.get(name).add(timed.seconds());
                }
                line.append(String.format(" %s %.2fs", name, timed.seconds()));
            }
            System.out.println(line);
        }
        printTable(objects, delay, rounds, times);
    }

    private static void printTable(int objects, long delay, int rounds, Map<String, List<Double>> times) {
        List<Double> mediagc = times.get("mediagc");
        System.out.printf("%n%,d objects, %d ms per request, %d rounds; every arm listed exactly the bucket's keys%n%n",
                objects, delay, rounds);
        StringBuilder header = new StringBuilder("| arm |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (int r = 1; r <= rounds; r++) {
            header.append(" round ").append(r).append(" |");
            rule.append(" ---: |");
        }
        System.out.println(header + " median | median of per-round ratios (arm / mediagc) |");
        System.out.println(rule + " ---: | ---: |");
        for (Map.Entry<String, List<Double>> arm : times.entrySet()) {
            StringBuilder row = new StringBuilder("| `" + arm.getKey() + "` |");
            List<Double> ratios = new ArrayList<>();
            for (int r = 0; r < arm.getValue().size(); r++) {
                row.append(String.format(" %.2fs |", arm.getValue().get(r)));
                ratios.add(arm.getValue().get(r) / mediagc.get(r));
            }
            row.append(String.format(" %.2fs | %.2f× |", Medians.of(arm.getValue()), Medians.of(ratios)));
            System.out.println(row);
        }
    }

    @FunctionalInterface
    private interface Arm {
        ListingProcesses.Timed list(String name) throws Exception;
    }

    private static double sequential(URI endpoint, int expected) {
        try (S3Client client = S3Client.builder().endpointOverride(endpoint).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench-secret")))
                .build()) {
            long started = System.nanoTime();
            long count = 0;
            for (ListObjectsV2Response page : client.listObjectsV2Paginator(b -> b.bucket("media"))) {
                count += page.contents().size();
            }
            check(count, expected);
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static double parallel(URI endpoint, int expected) throws Exception {
        S3Settings settings = new S3Settings(endpoint, "us-east-1", true, 16);
        try (S3Store store = S3Store.open(S3Location.parse("s3://media/"), settings)) {
            AtomicLong count = new AtomicLong();
            long started = System.nanoTime();
            store.list((StoredObject o) -> count.incrementAndGet());
            check(count.get(), expected);
            return (System.nanoTime() - started) / 1e9;
        }
    }

    private static void check(long count, int expected) {
        if (count != expected) {
            throw new IllegalStateException("listed " + count + " objects, expected " + expected);
        }
    }
}
