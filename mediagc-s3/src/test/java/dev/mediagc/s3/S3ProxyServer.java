package dev.mediagc.s3;

import java.net.URI;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 protocol server in the test JVM: S3Proxy over jclouds' in-memory "transient"
 * blob store, on a free localhost port, with signature checking on.
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "mediagc-test-access";
    public static final String SECRET_KEY = "mediagc-test-secret";

    private final S3Proxy proxy;
    private final BlobStoreContext context;

    /** The in-memory blob store behind the server, for filling and checking it without HTTP. */
    public org.jclouds.blobstore.BlobStore blobs() {
        return context.getBlobStore();
    }

    public S3ProxyServer() throws Exception {
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential")
                .overrides(new Properties()).build(BlobStoreContext.class);
        proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // S3Proxy refuses the SDK's x-amz-checksum-crc32 header on DeleteObjects otherwise.
                .ignoreUnknownHeaders(true)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        // The store under test takes credentials from the SDK's default chain, as in production.
        System.setProperty("aws.accessKeyId", ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", SECRET_KEY);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public S3Settings settings() {
        return new S3Settings(endpoint(), "us-east-1", true, 8);
    }

    /** A client for setting up and checking data. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .addPlugin(software.amazon.awssdk.services.s3.LegacyMd5Plugin.create())
                .build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
        context.close();
    }
}
