package dev.mediagc.s3;

import dev.mediagc.internal.store.StateFolder;
import dev.mediagc.spi.UnsafeKeyException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * mediagc's files as objects under {@code PREFIX/.mediagc/}. A PUT replaces an object atomically.
 * S3 cannot append, so a log is a folder of parts ({@code NAME/000001}, {@code NAME/000002}, one
 * per appended batch) read back in order.
 */
final class S3StateFolder implements StateFolder {

    private final S3Client s3;
    private final String bucket;
    private final String base;

    S3StateFolder(S3Client s3, String bucket, String base) {
        this.s3 = s3;
        this.bucket = bucket;
        this.base = base;
    }

    private String key(String name) throws UnsafeKeyException {
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UnsafeKeyException(name, "not a state file name");
            }
        }
        return base + name;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyUnchecked(name))).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private String keyUnchecked(String name) {
        try {
            return key(name);
        } catch (UnsafeKeyException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        String key = key(name);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    /** A conditional PUT (If-None-Match: *) where the service supports it; read-then-write otherwise. */
    @Override
    public boolean createIfAbsent(String name, byte[] content) throws IOException {
        String key = key(name);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromBytes(content));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                return false;
            }
            if (e.statusCode() == 501 || e.statusCode() == 400) {
                return StateFolder.super.createIfAbsent(name, content);
            }
            throw new IOException("cannot create " + name + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("cannot create " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String prefix = folder.isEmpty() ? base : key(folder) + "/";
        List<String> names = new ArrayList<>();
        try {
            for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))) {
                for (S3Object o : page.contents()) {
                    names.add(o.key().substring(prefix.length()));
                }
                for (CommonPrefix p : page.commonPrefixes()) {
                    String name = p.prefix().substring(prefix.length());
                    names.add(name.substring(0, name.length() - 1));
                }
            }
        } catch (SdkException e) {
            throw new IOException("cannot list " + folder + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        String key = key(name);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new IOException("cannot delete " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public AppendLog openLog(String name) throws IOException {
        key(name);
        AtomicInteger part = new AtomicInteger(list(name).size());
        return new AppendLog() {
            @Override
            public void append(List<String> lines) throws IOException {
                StringBuilder sb = new StringBuilder();
                for (String line : lines) {
                    sb.append(line).append('\n');
                }
                write(name + "/" + String.format("%08d", part.incrementAndGet()), sb.toString().getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<String> readLog(String name) throws IOException {
        List<String> lines = new ArrayList<>();
        for (String part : list(name)) {
            Optional<byte[]> bytes = read(name + "/" + part);
            bytes.ifPresent(b -> lines.addAll(new String(b, StandardCharsets.UTF_8).lines().toList()));
        }
        return lines;
    }
}
