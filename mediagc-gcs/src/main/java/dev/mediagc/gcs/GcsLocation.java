package dev.mediagc.gcs;

/** {@code gs://BUCKET/PREFIX}: a bucket and an object name prefix ending in {@code /} (or empty). */
public record GcsLocation(String bucket, String prefix) {

    public static final String SCHEME = "gs://";

    public static GcsLocation parse(String uri) {
        if (uri == null || !uri.startsWith(SCHEME)) {
            throw new IllegalArgumentException("a Google Cloud Storage store is written gs://BUCKET/PREFIX, not '" + uri + "'");
        }
        String rest = uri.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new IllegalArgumentException("no bucket in '" + uri + "'; write gs://BUCKET/PREFIX");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' in '" + uri + "' is not a Cloud Storage bucket name "
                    + "(lowercase letters, digits, '-', '_' and '.', 3 to 222 characters)");
        }
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.contains("//")) {
            throw new IllegalArgumentException("the prefix in '" + uri + "' has an empty segment ('//')");
        }
        return new GcsLocation(bucket, prefix);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
