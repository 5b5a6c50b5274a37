package dev.mediagc.bench.cloud;

import dev.mediagc.spi.ObjectStore;
import java.io.IOException;

/**
 * One storage service under the listing benchmark: a bucket or container named {@code media} that
 * the benchmark fills through the service's own SDK, lists with that SDK (the baseline), and opens as
 * a mediagc store the way a user gets it.
 */
interface BenchStore extends AutoCloseable {

    /** What the results call it, e.g. "S3Proxy". */
    String name();

    /** Writes one empty object under {@code key}; called from many threads at once. */
    void put(String key) throws Exception;

    /** Lists the whole bucket with the service's SDK, one page after the other, and counts the objects. */
    long listWithSdk() throws Exception;

    /** The mediagc store over the whole bucket, opened as the command line opens it. */
    ObjectStore openWithMediagc() throws IOException;

    @Override
    void close() throws Exception;
}
