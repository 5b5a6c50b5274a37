package dev.mediagc.s3;

/** {@code s3://BUCKET/PREFIX}: a bucket and a key prefix ending in {@code /} (or empty). */
public record S3Location(String bucket, String prefix) {

    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("an S3 store is written s3://BUCKET/PREFIX, not '" + uri + "'");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + uri + "'; write s3://BUCKET/PREFIX");
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        return new S3Location(bucket, prefix);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + prefix;
    }
}
