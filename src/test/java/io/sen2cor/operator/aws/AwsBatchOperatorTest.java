package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;

/**
 * The whole path for BatchEnvironments on the AWS Batch backend: JOSDK operator on the Fabric8 mock API server,
 * AWS Batch in moto (an emulator; nothing runs in AWS, no container starts). Apply, Ready with ARNs in status,
 * Events; the example Sen2CorJob submitted, tracked by the shared poller and Succeeded; then deletion through the
 * finalizers with every owned AWS resource gone.
 */
@WithMoto
@EnableKubernetesMockClient(crud = true)
class AwsBatchOperatorTest {

    KubernetesClient client;
    LocalOperator operator;
    AwsClientPool pool;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void environmentBecomesReadyWithAwsResourcesAndDeletionRemovesThem(MotoServer moto) {
        AwsAccountFixture account;
        try (var aws = moto.clients()) {
            account = AwsAccountFixture.prepare(aws);
        }
        pool = moto.pool(new MotoBatchGaps());
        try (var aws = moto.clients()) {
            aws.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
        }
        var backend = new AwsBatchEnvironmentBackend(pool, new EventRecorder(client),
                new AwsBatchTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMinutes(5)));
        var tracker = new BatchJobTracker(pool, new TokenBucket(50, 50), Duration.ofMillis(300));
        var jobs = new AwsBatchJobBackend(pool, new EventRecorder(client), tracker, new TokenBucket(50, 50),
                "sen2cor-runner:test", Duration.ofMinutes(30), AwsBatchTiming.DEFAULT, java.time.Clock.systemUTC());
        operator = LocalOperator.start(client, new Backends(List.of(backend), List.of(jobs)));

        BatchEnvironment env = account.exampleEnvironment();
        env.getMetadata().setUid(null);
        client.resource(env).create();

        BatchEnvironment ready = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.resources(BatchEnvironment.class).withName("s2-spot").get(),
                e -> e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY));
        assertThat(ready.getStatus().getBackend()).isEqualTo("awsBatch");
        assertThat(ready.getStatus().getJobQueue().getArn()).endsWith(":job-queue/s2-spot");
        assertThat(ready.getStatus().getComputeEnvironments()).extracting("name", "status")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("spot", "VALID"),
                        org.assertj.core.groups.Tuple.tuple("on-demand-fallback", "VALID"));
        assertThat(Conditions.find(ready.getStatus().getConditions(), ConditionType.PROGRESSING))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("False"));
        try (var aws = moto.clients()) {
            assertThat(aws.batch().describeComputeEnvironments(r -> { }).computeEnvironments())
                    .allSatisfy(ce -> assertThat(ce.tags()).containsEntry(OwnershipTags.OWNER_UID, ready.getMetadata().getUid()));
        }
        // Events are written in the background
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems().stream().map(Event::getReason).toList()).contains("ComputeEnvironmentCreated", "JobQueueCreated", "Ready"));

        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        client.resource(job).create();
        Sen2CorJob done = await().atMost(Duration.ofSeconds(30)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kenya-jan-2019").get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
        assertThat(done.getStatus().getProgress()).isEqualTo("1/1");
        assertThat(done.getStatus().getRounds().get(0).getJobIds()).hasSize(1);
        assertThat(done.getStatus().getBatch().getJobQueueArn()).isEqualTo(ready.getStatus().getJobQueue().getArn());
        assertThat(Conditions.find(done.getStatus().getConditions(), ConditionType.COMPLETE))
                .hasValueSatisfying(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(tracker.cycles()).as("the shared poller ran").isPositive();

        client.resource(done).delete();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kenya-jan-2019").get() == null);
        client.resource(ready).delete();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(BatchEnvironment.class).withName("s2-spot").get() == null);
        try (var aws = moto.clients()) {
            assertThat(aws.batch().describeJobQueues(r -> { }).jobQueues()).isEmpty();
            assertThat(aws.batch().describeComputeEnvironments(r -> { }).computeEnvironments()).isEmpty();
        }
    }
}
