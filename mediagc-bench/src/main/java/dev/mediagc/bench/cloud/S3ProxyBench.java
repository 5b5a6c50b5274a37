package dev.mediagc.bench.cloud;

import dev.mediagc.Stores;
import dev.mediagc.s3.S3ProxyServer;
import dev.mediagc.s3.S3Settings;
import dev.mediagc.spi.ObjectStore;
import java.io.IOException;
import java.util.Map;
import org.jclouds.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;

/** S3Proxy in this JVM (the S3 store's test server), filled straight into its in-memory blob store. */
final class S3ProxyBench implements BenchStore {

    private final S3ProxyServer server;
    private final BlobStore blobs;
    private final S3Client client;

    S3ProxyBench() throws Exception {
        server = new S3ProxyServer();
        blobs = server.blobs();
        blobs.createContainerInLocation(null, "media");
        client = server.client();
    }

    @Override
    public String name() {
        return "S3Proxy";
    }

    @Override
    public void put(String key) {
        blobs.putBlob("media", blobs.blobBuilder(key).payload(new byte[0]).build());
    }

    @Override
    public long listWithSdk() {
        long count = 0;
        for (ListObjectsV2Response page : client.listObjectsV2Paginator(b -> b.bucket("media"))) {
            count += page.contents().size();
        }
        return count;
    }

    @Override
    public ObjectStore openWithMediagc() throws IOException {
        return Stores.open("s3://media/", Map.of(S3Settings.ENDPOINT, server.endpoint().toString(),
                S3Settings.PATH_STYLE, "true", S3Settings.REGION, "us-east-1"));
    }

    @Override
    public void close() throws Exception {
        client.close();
        server.close();
    }
}
