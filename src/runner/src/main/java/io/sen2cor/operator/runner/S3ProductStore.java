package io.sen2cor.operator.runner;

import software.amazon.awssdk.services.s3.S3Client;

/** Where the S3-based sources read from: client, bucket, key prefix, requester-pays, and the shared transfers. */
record S3ProductStore(S3Client s3, String bucket, String prefix, boolean requesterPays, S3Transfers transfers) {

    S3ProductStore {
        prefix = prefix == null ? "" : prefix;
    }
}
