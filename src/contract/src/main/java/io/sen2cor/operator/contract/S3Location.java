package io.sen2cor.operator.contract;

/** An s3://bucket/key location (key may be empty or end with '/'). */
public record S3Location(String bucket, String key) {

    public static S3Location parse(String uri) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URI: " + uri);
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
    }

    /** This location as a prefix, plus {@code relative}: s3://b/l2a/ + x/y is s3://b/l2a/x/y. */
    public S3Location resolve(String relative) {
        String base = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        return new S3Location(bucket, base + relative);
    }

    /** A file in the same folder: s3://b/x/catalog.json's report.json is s3://b/x/report.json. */
    public S3Location sibling(String name) {
        return new S3Location(bucket, key.substring(0, key.lastIndexOf('/') + 1) + name);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
