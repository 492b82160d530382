package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;

/**
 * The operator (in-process, server-side apply as packaged) against a real kube-apiserver + etcd and moto (an AWS
 * emulator: no container runs, a Batch job succeeds inside SubmitJob). A GitOps tool applies the manifests with its
 * own field manager; the operator reconciles them to Ready and Succeeded; both keep applying without conflicts;
 * deletion runs the finalizers in order.
 */
@WithMoto
class OperatorOnApiServerTest {

    static final String GITOPS = "argocd-controller";

    LocalControlPlane cluster;
    KubernetesClient client;
    AwsClientPool pool;
    LocalOperator operator;
    AwsAccountFixture account;
    MotoServer moto;

    @BeforeEach
    void start(MotoServer moto) {
        this.moto = moto;
        cluster = LocalControlPlane.get();
        client = cluster.client();
        try (var aws = moto.clients()) {
            account = AwsAccountFixture.prepareWithOutputBucket(aws);
        }
        pool = moto.pool(new MotoBatchGaps());
        operator = LocalOperator.onAwsBatch(client, pool);
    }

    @AfterEach
    void stop() {
        operator.close();
        LocalOperator.removeAll(client);
        pool.close();
        client.close();
    }

    BatchEnvironment desiredEnvironment(int priority) {
        BatchEnvironment env = account.exampleEnvironment();
        env.getMetadata().setUid(null);
        env.getMetadata().setGeneration(null);
        env.getSpec().getAwsBatch().getJobQueue().setPriority(priority);
        return env;
    }

    @Test
    void gitOpsAppliedEnvironmentAndJobReachSucceededWithoutFieldFightsAndDeleteInOrder() {
        client.resource(desiredEnvironment(10)).fieldManager(GITOPS).forceConflicts().serverSideApply();
        BatchEnvironment ready = await().atMost(Duration.ofSeconds(60)).until(
                () -> client.resources(BatchEnvironment.class).withName("s2-spot").get(),
                e -> e != null && e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY));
        assertThat(ready.getMetadata().getFinalizers()).containsExactly("batchenvironments.sen2cor.io/finalizer");

        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        client.resource(job).fieldManager(GITOPS).forceConflicts().serverSideApply();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kenya-jan-2019").get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
        Kubectl.Result get = cluster.kubectl("get", "sen2corjobs", "-n", "default");
        assertThat(get.output()).contains("kenya-jan-2019").contains("Succeeded").contains("1/1");

        // the GitOps tool applies a change again, without forcing: no conflict with what the operator wrote
        client.resource(desiredEnvironment(20)).fieldManager(GITOPS).serverSideApply();
        BatchEnvironment after = client.resources(BatchEnvironment.class).withName("s2-spot").get();
        assertThat(after.getSpec().getAwsBatch().getJobQueue().getPriority()).isEqualTo(20);
        assertThat(after.getMetadata().getFinalizers()).as("the operator's finalizer survives the GitOps apply")
                .containsExactly("batchenvironments.sen2cor.io/finalizer");
        List<String> managers = after.getMetadata().getManagedFields().stream().map(ManagedFieldsEntry::getManager).toList();
        assertThat(managers).contains(GITOPS);
        assertThat(after.getMetadata().getManagedFields()).filteredOn(m -> GITOPS.equals(m.getManager()))
                .allSatisfy(m -> assertThat(m.getFieldsV1().getAdditionalProperties().toString())
                        .doesNotContain("f:status").doesNotContain("f:finalizers"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (var aws = moto.clients()) {
                assertThat(aws.batch().describeJobQueues(r -> r.jobQueues("s2-spot")).jobQueues().get(0).priority()).isEqualTo(20);
            }
        });

        // deleting the environment first waits for its job; deleting the job then lets it go, AWS cleaned up
        assertThat(cluster.kubectl("delete", "batchenvironment", "s2-spot", "--wait=false").exitCode()).isZero();
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(
                () -> client.resources(BatchEnvironment.class).withName("s2-spot").get(),
                e -> e != null && e.getMetadata().getDeletionTimestamp() != null);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default").list()
                .getItems()).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("WaitingForDependents")));
        assertThat(cluster.kubectl("delete", "sen2corjob", "kenya-jan-2019", "-n", "default").exitCode()).isZero();
        // the job's finished cleanup wakes the environment (EnvironmentUsers), well before its 1-minute safety recheck
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.resources(BatchEnvironment.class).withName("s2-spot").get() == null);
        try (var aws = moto.clients()) {
            assertThat(aws.batch().describeJobQueues(r -> { }).jobQueues()).isEmpty();
            assertThat(aws.batch().describeComputeEnvironments(r -> { }).computeEnvironments()).isEmpty();
        }
    }
}
