package dev.mediagc.bench.s3;

import dev.mediagc.s3.S3Location;
import dev.mediagc.s3.S3Settings;
import dev.mediagc.s3.S3Store;
import dev.mediagc.spi.StoredObject;
import java.net.URI;
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
 * sequential ListObjectsV2 loop, in the same run.
 *
 * <pre>java -cp mediagc-bench/target/mediagc-bench.jar dev.mediagc.bench.s3.S3ListingBenchmark [objects] [delay-ms]</pre>
 */
public final class S3ListingBenchmark {

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long delay = args.length > 1 ? Long.parseLong(args[1]) : 20;
        System.setProperty("aws.accessKeyId", "bench");
        System.setProperty("aws.secretAccessKey", "bench-secret");
        try (BlobStoreContext context = ContextBuilder.newBuilder("transient").credentials("i", "c")
                .overrides(new Properties()).build(BlobStoreContext.class)) {
            BlobStore blobs = context.getBlobStore();
            blobs.createContainerInLocation(null, "media");
            long started = System.nanoTime();
            for (int i = 0; i < objects; i++) {
                blobs.putBlob("media", blobs.blobBuilder(dev.mediagc.bench.BenchKeys.keyOf(i)).payload(new byte[0]).build());
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
                for (int round = 1; round <= 2; round++) {
                    double sequential = sequential(endpoint, objects);
                    double parallel = parallel(endpoint, objects);
                    System.out.printf("round %d: %,d objects, %d ms per request: sequential ListObjectsV2 %.2fs, "
                            + "mediagc parallel %.2fs, ratio %.1fx%n", round, objects, delay, sequential, parallel, sequential / parallel);
                }
            } finally {
                proxy.stop();
            }
        }
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
