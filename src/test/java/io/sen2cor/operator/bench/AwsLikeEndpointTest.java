package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.aws.AwsClients;
import io.sen2cor.operator.testing.AwsLikeBatchJobs;
import io.sen2cor.operator.testing.AwsLikeS3;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.BatchException;
import software.amazon.awssdk.services.batch.model.JobStatus;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;

/**
 * The benchmark's AWS-like endpoint read by the AWS SDK itself (its unmarshallers are the check that the answers
 * have AWS's shapes): the set latency, a job's way to SUCCEEDED with its array summary, ListJobs' filters, and
 * SubmitJob's quota refused as AWS refuses it. Nothing is forwarded here, so no moto is needed.
 */
class AwsLikeEndpointTest {

    static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench"));

    @Test
    void answersBatchJobCallsInTheSetTimeAndWithAwsShapes() throws Exception {
        var jobs = new AwsLikeBatchJobs(300, 600, 50, 50);
        try (var proxy = new FaultInjectingProxy(URI.create("http://127.0.0.1:9"), 0, 1).recordCalls()
                .awsLike(jobs, null, Duration.ofMillis(120), Duration.ofMillis(20));
                var aws = clients(proxy)) {
            BatchClient batch = aws.batch();
            long start = System.nanoTime();
            String id = batch.submitJob(r -> r.jobName("s2c-eo-kenya-0a1b2c3d-r0-0").jobQueue("arn:q").jobDefinition("arn:d")
                    .arrayProperties(a -> a.size(7))).jobId();
            assertThat((System.nanoTime() - start) / 1e6).as("SubmitJob answered no sooner than the set 120 ms").isGreaterThanOrEqualTo(120);

            var runnable = batch.describeJobs(r -> r.jobs(id)).jobs().get(0);
            assertThat(runnable.status()).isEqualTo(JobStatus.RUNNABLE);
            assertThat(runnable.arrayProperties().statusSummary()).containsEntry("RUNNABLE", 7).containsEntry("SUCCEEDED", 0);

            Thread.sleep(700);
            var done = batch.describeJobs(r -> r.jobs(id, id + ":3", "no-such-job")).jobs();
            assertThat(done).hasSize(2);
            assertThat(done.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(done.get(0).arrayProperties().size()).isEqualTo(7);
            assertThat(done.get(0).arrayProperties().statusSummary()).containsEntry("SUCCEEDED", 7);
            assertThat(done.get(0).startedAt()).isNotNull();
            assertThat(done.get(0).stoppedAt()).isGreaterThanOrEqualTo(done.get(0).startedAt());
            assertThat(done.get(1).arrayProperties().index()).isEqualTo(3);

            assertThat(batch.listJobs(r -> r.jobQueue("arn:q").filters(KeyValuesPair.builder().name("JOB_NAME")
                    .values("s2c-eo-kenya-0a1b2c3d-r0-0").build())).jobSummaryList()).extracting(s -> s.jobId()).containsExactly(id);
            assertThat(batch.listJobs(r -> r.jobQueue("arn:q").filters(KeyValuesPair.builder().name("JOB_NAME")
                    .values("s2c-other*").build())).jobSummaryList()).isEmpty();
            var children = batch.listJobsPaginator(r -> r.arrayJobId(id).jobStatus(JobStatus.SUCCEEDED).maxResults(3)).stream()
                    .flatMap(p -> p.jobSummaryList().stream()).toList();
            assertThat(children).as("all 7 children, over 3 pages of 3").hasSize(7);

            assertThat(proxy.calls).extracting(FaultInjectingProxy.Call::operation)
                    .contains("submitjob", "describejobs", "listjobs");
            assertThat(proxy.forwarded.get()).as("nothing went to the (absent) server behind").isZero();
        }
    }

    @Test
    void refusesSubmitJobAboveTheQuotaAsAwsDoes() throws Exception {
        var jobs = new AwsLikeBatchJobs(0, 0, 50, 10);
        try (var proxy = new FaultInjectingProxy(URI.create("http://127.0.0.1:9"), 0, 1)
                .awsLike(jobs, null, Duration.ZERO, Duration.ZERO);
                var aws = clients(proxy)) {
            BatchClient withoutRetries = BatchClient.builder().endpointOverride(proxy.endpoint())
                    .region(software.amazon.awssdk.regions.Region.EU_CENTRAL_1).credentialsProvider(CREDENTIALS)
                    .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()))
                    .build();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 1000; i++) { // faster than 50 a second: the bucket of 10 runs dry
                    withoutRetries.submitJob(r -> r.jobName("burst").jobQueue("q").jobDefinition("d"));
                }
            }).isInstanceOfSatisfying(BatchException.class, e -> {
                assertThat(e.statusCode()).isEqualTo(429);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("TooManyRequestsException");
                assertThat(e.isThrottlingException()).isTrue();
            });
            assertThat(jobs.throttled.get()).isEqualTo(1);

            // the operator's SubmitJob client retries throttling (AWS did not act on the call) and nothing else
            long before = jobs.throttled.get();
            for (int i = 0; i < 40; i++) {
                aws.batchForSubmit().submitJob(r -> r.jobName("paced").jobQueue("q").jobDefinition("d"));
            }
            assertThat(jobs.throttled.get()).as("throttled on the way, then retried").isGreaterThan(before);
            assertThat(aws.batch().listJobs(r -> r.jobQueue("q").filters(KeyValuesPair.builder().name("JOB_NAME")
                    .values("paced").build())).jobSummaryList()).as("each SubmitJob made one job").hasSize(40);
            withoutRetries.close();
        }
    }

    @Test
    void keepsTheObjectsOfItsBucketsAsS3Does() throws Exception {
        var s3 = new AwsLikeS3(java.util.Set.of("eo-l2a"));
        try (var proxy = new FaultInjectingProxy(URI.create("http://127.0.0.1:9"), 0, 1).recordCalls()
                .awsLike(new AwsLikeBatchJobs(0, 0, 50, 50), s3, Duration.ZERO, Duration.ofMillis(25));
                var aws = clients(proxy)) {
            // the operator's own S3 client, with the SDK's default checksums (a chunked body with a CRC trailer)
            String manifest = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707\n".repeat(2000);
            long start = System.nanoTime();
            aws.s3().putObject(r -> r.bucket("eo-l2a").key("_sen2cor/eo/kenya-1/manifests/round-0.txt"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString(manifest));
            assertThat((System.nanoTime() - start) / 1e6).as("answered no sooner than the set 25 ms").isGreaterThanOrEqualTo(25);
            assertThat(aws.s3().getObjectAsBytes(r -> r.bucket("eo-l2a").key("_sen2cor/eo/kenya-1/manifests/round-0.txt"))
                    .asUtf8String()).isEqualTo(manifest);
            assertThatThrownBy(() -> aws.s3().getObjectAsBytes(r -> r.bucket("eo-l2a").key("kenya/S2A_X/result.json")))
                    .isInstanceOf(software.amazon.awssdk.services.s3.model.NoSuchKeyException.class);
            // what the operator reads a finished job's records with: a missing record is no record
            assertThat(io.sen2cor.operator.contract.ResultRecords.read(aws.s3(), io.sen2cor.operator.contract.S3Location.parse(
                    "s3://eo-l2a/kenya/"), List.of("S2A_X", "S2A_Y"), 2)).containsValues(Optional.empty(), Optional.empty());
            assertThat(s3.size()).isEqualTo(1);
            assertThat(proxy.forwarded.get()).as("nothing went to the (absent) server behind").isZero();
        }
    }

    private static AwsClients clients(FaultInjectingProxy proxy) {
        return new AwsClients(MotoServer.REGION, Optional.of(proxy.endpoint()),
                CREDENTIALS, List.of());
    }
}
