package io.sen2cor.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.aws.AwsBatchEnvironmentBackend;
import io.sen2cor.operator.aws.AwsBatchJobBackend;
import io.sen2cor.operator.aws.AwsBatchTiming;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.BatchJobTracker;
import io.sen2cor.operator.aws.TokenBucket;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.lifecycle.JobLifecycle;
import io.sen2cor.operator.metrics.AwsCallMetrics;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.RecordingEvents;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;

/**
 * 20% of the operator's AWS calls fail on the way (throttling, 429, 500, 503, dropped connections, and answers
 * lost after moto acted): the environment and a 2,000-scene job still converge, with no duplicate compute
 * environment, queue or job, and the retries show in the metrics.
 */
@WithMoto
class FaultInjectionTest {

    @Test
    void convergesThroughThrottlingErrorsAndLostAnswersWithoutDuplicates(MotoServer moto) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (var direct = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0.2, 42);
                var pool = new AwsClientPool(Optional.of(proxy.endpoint()),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                        new AwsCallMetrics(registry), new MotoBatchGaps())) {
            AwsAccountFixture account = AwsAccountFixture.prepare(direct);
            direct.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
            var events = new RecordingEvents();
            var envBackend = new AwsBatchEnvironmentBackend(pool, events,
                    new AwsBatchTiming(Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofMinutes(5)));
            BatchEnvironment env = account.exampleEnvironment();
            env.setStatus(new BatchEnvironmentStatus());
            Observation o = null;
            for (int i = 0; i < 60 && (o == null || o.state() != Observation.State.READY); i++) {
                o = envBackend.reconcile(env, env.getStatus());
            }
            assertThat(o.state()).as(String.valueOf(o)).isEqualTo(Observation.State.READY);

            var lifecycle = new JobLifecycle(events, Clock.systemUTC(), SceneSelections.overStac(Clock.systemUTC()));
            var tracker = new BatchJobTracker(pool, new TokenBucket(1000, 1000), Duration.ofMillis(20));
            var jobs = new AwsBatchJobBackend(pool, events, tracker, new TokenBucket(1000, 1000), "sen2cor-runner:test",
                    Duration.ofMinutes(30), AwsBatchTiming.DEFAULT, Clock.systemUTC());
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setUid(UUID.randomUUID().toString());
            job.getSpec().setProducts(IntStream.range(0, 2000).mapToObj(i -> String.format(
                    "S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707", 75221 + i % 1000,
                    i < 1000 ? "XF" : "YF")).toList());
            job.setStatus(new Sen2CorJobStatus());
            // the tracker on its own timer, as in the operator: a failed poll is retried next cycle
            tracker.start();
            try {
                for (int i = 0; i < 600 && job.getStatus().getPhase() != JobPhase.Succeeded; i++) {
                    lifecycle.reconcile(jobs, job, env, job.getStatus());
                    Thread.sleep(20);
                }
            } finally {
                tracker.stop();
            }
            assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
            assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(2000);

            var batch = direct.batch();
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).hasSize(2);
            assertThat(batch.describeJobQueues(r -> { }).jobQueues()).as("the queue and the On-Demand one, none twice")
                    .extracting(q -> q.jobQueueName()).containsExactlyInAnyOrder("s2-spot", "s2-spot-on-demand");
            String name = io.sen2cor.operator.aws.JobSubmissions.jobName(job, 0, 0);
            assertThat(batch.listJobs(r -> r.jobQueue(env.getStatus().getJobQueue().getArn())
                    .filters(KeyValuesPair.builder().name("JOB_NAME").values(name).build())).jobSummaryList().stream()
                    .filter(j -> !j.jobId().contains(":")).toList()).as("array jobs named " + name).hasSize(1);
            assertThat(proxy.injected.get()).isPositive();
            double retried = registry.find("sen2cor.aws.attempts").counters().stream()
                    .filter(c -> !"2xx".equals(c.getId().getTag("status"))).mapToDouble(c -> c.count()).sum();
            System.out.printf("fault injection: %d calls forwarded, %d failed on purpose, %.0f failed attempts in metrics%n",
                    proxy.forwarded.get(), proxy.injected.get(), retried);
            assertThat(retried).as("failed attempts visible in sen2cor_aws_attempts_total").isPositive();
        }
    }
}
