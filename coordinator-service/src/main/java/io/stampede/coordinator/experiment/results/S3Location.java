package io.stampede.coordinator.experiment.results;

/**
 * An {@code s3://bucket/prefix} results location: the bucket, and the key prefix every results
 * path is put under ("" or ending in '/').
 */
public record S3Location(String bucket, String keyPrefix) {

    public static final String SCHEME = "s3://";

    public S3Location {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("results location: s3:// needs a bucket, as in s3://bucket/prefix");
        }
        keyPrefix = keyPrefix == null || keyPrefix.isEmpty() || keyPrefix.endsWith("/") ? nullToEmpty(keyPrefix) : keyPrefix + "/";
    }

    public static boolean isS3(String location) {
        return location != null && location.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    /** {@code s3://bucket}, {@code s3://bucket/}, {@code s3://bucket/a/b} or {@code s3://bucket/a/b/}. */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("results location: not an s3:// location: " + location);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        while (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        if (prefix.contains("//")) {
            throw new IllegalArgumentException("results location: empty path segment in " + location);
        }
        return new S3Location(bucket, prefix);
    }

    /** The object key of a results path. */
    public String key(String path) {
        return keyPrefix + path;
    }

    /** {@code s3://bucket} or {@code s3://bucket/a/b}: without a trailing '/', as a directory is shown. */
    @Override
    public String toString() {
        return keyPrefix.isEmpty() ? SCHEME + bucket : SCHEME + bucket + "/" + keyPrefix.substring(0, keyPrefix.length() - 1);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
