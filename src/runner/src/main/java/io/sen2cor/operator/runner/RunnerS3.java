package io.sen2cor.operator.runner;

import java.net.URI;
import java.util.Optional;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The runner's S3 clients, built with the runner's own small dependency set (the JDK's URL connection, no Apache
 * client, no logging bridge): standard retry mode, path-style addressing and "when required" checksums for an
 * S3-compatible endpoint (some refuse the CRC32 checksums the SDK sends by default), cross-region access on AWS.
 */
final class RunnerS3 {

    private RunnerS3() {
    }

    /** {@code credentials} null: the default chain (the job role on AWS Batch, IRSA or a Secret's keys on Kubernetes). */
    static S3Client client(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        var builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .forcePathStyle(endpoint.isPresent())
                .crossRegionAccessEnabled(endpoint.isEmpty());
        endpoint.ifPresent(e -> builder.endpointOverride(e)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }
}
