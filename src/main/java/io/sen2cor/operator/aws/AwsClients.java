package io.sen2cor.operator.aws;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the AWS SDK clients the operator uses, one configuration for all: standard retry mode (backoff on
 * throttling and 5xx), one shared Apache HTTP client, credentials from the default chain (IRSA / Pod
 * Identity in a cluster) unless given, and an optional endpoint override (how tests reach moto).
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final Optional<URI> endpoint;
    private final AwsCredentialsProvider credentials;
    private final SdkHttpClient http;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

    public AwsClients(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials) {
        this(region, endpoint, credentials, List.of());
    }

    /** {@code interceptors} see every request and response (metrics, and tests that record what was sent). */
    public AwsClients(String region, Optional<URI> endpoint, AwsCredentialsProvider credentials,
            List<ExecutionInterceptor> interceptors) {
        this.interceptors = List.copyOf(interceptors);
        this.region = Region.of(region);
        this.endpoint = endpoint;
        this.credentials = credentials == null ? DefaultCredentialsProvider.builder().build() : credentials;
        // room for a finished job's 32 record reads beside SubmitJob's and DescribeJobs' calls
        this.http = ApacheHttpClient.builder().maxConnections(100).connectionTimeout(Duration.ofSeconds(5)).build();
    }

    public BatchClient batch() {
        return client("batch", BatchClient.class, () -> configure(BatchClient.builder()).httpClient(http).build());
    }

    /**
     * A Batch client for SubmitJob, which has no idempotency token: an SDK retry after a lost answer or a 5xx could
     * submit twice, so those failures surface and the next reconcile looks the job name up first. Throttling is
     * retried with backoff: AWS refused the call before acting on it (429 TooManyRequestsException when the
     * account's 50 SubmitJob a second are used, e.g. by peers sharing it), and it is not the job's failure.
     */
    public BatchClient batchForSubmit() {
        return client("batch-for-submit", BatchClient.class, () -> configure(BatchClient.builder(),
                c -> c.retryStrategy(DefaultRetryStrategy.standardStrategyBuilder().maxAttempts(5)
                        .retryOnException(AwsClients::throttled).treatAsThrottling(AwsClients::throttled).build()))
                .httpClient(http).build());
    }

    static boolean throttled(Throwable t) {
        return t instanceof AwsServiceException aws && aws.isThrottlingException();
    }

    public Ec2Client ec2() {
        return client("ec2", Ec2Client.class, () -> configure(Ec2Client.builder()).httpClient(http).build());
    }

    public IamClient iam() {
        // IAM is global per partition: aws-global signs with us-east-1, China and GovCloud have their own
        return client("iam", IamClient.class, () -> configure(IamClient.builder()).region(iamRegion(region)).httpClient(http).build());
    }

    public S3Client s3() {
        // path-style keeps bucket names out of host names (needed for S3-compatible endpoints and moto)
        return client("s3", S3Client.class,
                () -> configure(S3Client.builder()).forcePathStyle(endpoint.isPresent())
                        // buckets may live in another region than the client's (output buckets, the L1C source)
                        .crossRegionAccessEnabled(endpoint.isEmpty()).httpClient(http).build());
    }

    /** SQS: the new-scene notification queues of Sen2CorSubscriptions ({@link NotificationQueues}). */
    public SqsClient sqs() {
        return client("sqs", SqsClient.class, () -> configure(SqsClient.builder()).httpClient(http).build());
    }

    /** The global IAM endpoint of a region's partition. */
    static Region iamRegion(Region region) {
        String id = region.id();
        if (id.startsWith("cn-")) {
            return Region.AWS_CN_GLOBAL;
        }
        if (id.startsWith("us-gov-")) {
            return Region.AWS_US_GOV_GLOBAL;
        }
        if (id.startsWith("us-isob-")) {
            return Region.AWS_ISO_B_GLOBAL;
        }
        if (id.startsWith("us-iso-")) {
            return Region.AWS_ISO_GLOBAL;
        }
        return Region.AWS_GLOBAL;
    }

    /** SDK clients are thread-safe and meant to be shared: one of each per region, closed with this object. */
    private <C extends SdkClient> C client(String name, Class<C> type, Supplier<C> factory) {
        return type.cast(clients.computeIfAbsent(name, n -> factory.get()));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        return configure(builder, c -> c.retryStrategy(RetryMode.STANDARD));
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder,
            Consumer<ClientOverrideConfiguration.Builder> retries) {
        var override = ClientOverrideConfiguration.builder().executionInterceptors(interceptors);
        retries.accept(override);
        builder.region(region).credentialsProvider(credentials).overrideConfiguration(override.build());
        endpoint.ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        clients.values().forEach(SdkClient::close);
        clients.clear();
        http.close();
    }
}
