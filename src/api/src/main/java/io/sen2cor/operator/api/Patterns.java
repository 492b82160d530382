package io.sen2cor.operator.api;

/** Regular expressions shared by the schema (as {@code pattern}) and by the operator's own checks. */
public final class Patterns {
    /** Sentinel-2 L1C product id: mission, level, sensing start, baseline, relative orbit, MGRS tile, discriminator. */
    public static final String L1C_PRODUCT_ID =
            "^S2[A-D]_MSIL1C_[0-9]{8}T[0-9]{6}_N[0-9]{4}_R(0[0-9][1-9]|0[1-9]0|1[0-3][0-9]|14[0-3])_T[0-9]{2}[C-HJ-NP-X][A-HJ-NP-Z]{2}_[0-9]{8}T[0-9]{6}$";
    /** s3://bucket[/prefix]: bucket per the S3 naming rules, no whitespace or backslashes in the key prefix. */
    public static final String S3_URI = "^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s\\\\]*)?$";
    public static final String IAM_ROLE_ARN = "^arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}$";
    /** Instance profile name or ARN, as AWS Batch accepts for instanceRole. */
    public static final String INSTANCE_PROFILE =
            "^(arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/[\\w+=,.@/-]{1,512}|[\\w+=,.@-]{1,128})$";
    public static final String AWS_REGION = "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$";
    /** Name part for AWS Batch resources: letters, digits, hyphens, underscores, starting and ending alphanumeric. */
    public static final String BATCH_NAME = "^[A-Za-z0-9]([A-Za-z0-9_-]{0,38}[A-Za-z0-9])?$";
    /** Graviton types and families (m6g, c7gn.large, t4g.micro, x2gd, a1) and default_arm64; the rest is x86_64. */
    public static final String ARM64_INSTANCE_TYPE = "^(default_arm64|a1|[a-z]+[0-9]+g[a-z]*)([.].*)?$";
    /** AWS tag keys and values: letters, digits, spaces and _ . : / = + - @ (EC2 and Batch tagging rules). */
    public static final String AWS_TAG_CHARACTERS = "^[\\p{L}\\p{N}\\p{Z}_.:/=+@-]*$";
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final String DURATION = "^([0-9]{1,4}h([0-9]{1,4}m)?([0-9]{1,5}s)?|[0-9]{1,4}m([0-9]{1,5}s)?|[0-9]{1,6}s)$";
    public static final String MEMORY = "^[1-9][0-9]{0,6}(Mi|Gi)$";
    /** CloudWatch Logs log group name (the service's own rule). */
    public static final String LOG_GROUP = "^[.\\-_/#A-Za-z0-9]{1,512}$";
    public static final String HTTPS_URL = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\\s]*)?$";
    /**
     * A CEL condition (as a rule's expression, on a string {@code self}) that refuses {@code .} and {@code ..} path
     * segments: S3 keeps them as literal key characters, but proxies, S3-compatible stores and IAM prefix checks
     * disagree on them, so a prefix check is only sound without them (docs/security.md).
     */
    public static final String NO_DOT_SEGMENTS = "!self.matches('(^|/)[.][.]?(/|$)')";
    public static final String NO_DOT_SEGMENTS_MESSAGE = "'.' and '..' path segments are not allowed";
    /** An S3 endpoint as jobs name it and environments allow it: scheme, host and an optional port, nothing else. */
    public static final String ENDPOINT_ORIGIN = "^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?/?$";
    /**
     * A container image repository an environment allows (no tag or digest): {@code registry.example.com/eo/runner}
     * allows that repository at any tag or digest; a trailing {@code /*} allows every repository below the path.
     */
    public static final String IMAGE_REPOSITORY_PATTERN = "^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(/[a-z0-9]+([._-][a-z0-9]+)*)*(/[*])?$";

    private Patterns() {
    }

    /** An RFC 3339 timestamp, as STAC APIs take them. */
    public static final String TIME = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})";
}
