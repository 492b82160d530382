package io.sen2cor.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.aws.AwsBatchEnvironmentBackend;
import io.sen2cor.operator.aws.AwsBatchTiming;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.services.batch.model.CreateComputeEnvironmentRequest;
import software.amazon.awssdk.services.batch.model.CreateJobQueueRequest;

/**
 * kube-apiserver killed and restarted under a running operator (its own control plane, so other tests are not
 * disturbed): the watches reconnect, new work is done, and nothing done before is done again in AWS (moto).
 */
@WithMoto
class ApiServerRestartTest {

    static boolean ready(KubernetesClient client, String name) {
        try {
            BatchEnvironment e = client.resources(BatchEnvironment.class).withName(name).get();
            return e != null && e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
        } catch (RuntimeException notYetBack) {
            return false;
        }
    }

    @Test
    void theOperatorReconnectsAfterAnApiServerRestartWithoutRedoingWork(MotoServer moto) {
        MotoBatchGaps gaps = new MotoBatchGaps();
        try (LocalControlPlane cluster = LocalControlPlane.start(); var aws = moto.clients();
                var pool = moto.pool(gaps);
                KubernetesClient client = cluster.client(); KubernetesClient admin = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepare(aws);
            var backend = new AwsBatchEnvironmentBackend(pool, new EventRecorder(client),
                    new AwsBatchTiming(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofMinutes(5)));
            try (LocalOperator operator = LocalOperator.start(client, new Backends(List.of(backend), List.of()), true)) {
                BatchEnvironment first = account.exampleEnvironment();
                first.getMetadata().setName("before-restart");
                first.getMetadata().setUid(null);
                first.getMetadata().setGeneration(null);
                admin.resource(first).serverSideApply();
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(admin, "before-restart"));

                cluster.restartApiServer();

                BatchEnvironment second = account.exampleEnvironment();
                second.getMetadata().setName("after-restart");
                second.getMetadata().setUid(null);
                second.getMetadata().setGeneration(null);
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                    admin.resource(second).serverSideApply();
                    return true;
                });
                await().atMost(Duration.ofSeconds(90)).until(() -> ready(admin, "after-restart"));
            }
            assertThat(gaps.sent(CreateComputeEnvironmentRequest.class)).as("2 per environment, none redone").hasSize(4);
            assertThat(gaps.sent(CreateJobQueueRequest.class)).as("2 per environment (with the On-Demand one), none redone")
                    .hasSize(4);
            assertThat(aws.batch().describeComputeEnvironments(r -> { }).computeEnvironments()).hasSize(4);
        }
    }
}
