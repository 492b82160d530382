package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.RecordingFakeBackend;

/**
 * Two operator replicas with leader election on the real API server (backends are recording fakes: the point is
 * who acts): only the lease holder reconciles; when it stops, the other takes the lease and finishes the work.
 */
class LeaderElectionOnApiServerTest {

    static LeaderElectionConfiguration lease(String identity) {
        return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration("sen2cor-operator-test-lease")
                .withLeaseNamespace("default").withIdentity(identity).withLeaseDuration(Duration.ofSeconds(4))
                .withRenewDeadline(Duration.ofSeconds(3)).withRetryPeriod(Duration.ofMillis(500))
                .buildForTest(false);
    }

    static BatchEnvironment env(String name) {
        BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName(name);
        return env;
    }

    static boolean ready(KubernetesClient client, String name) {
        BatchEnvironment e = client.resources(BatchEnvironment.class).withName(name).get();
        return e != null && e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
    }

    @Test
    void onlyTheLeaderActsAndTheOtherReplicaTakesOver() {
        LocalControlPlane cluster = LocalControlPlane.get();
        RecordingFakeBackend fakeA = new RecordingFakeBackend();
        RecordingFakeBackend fakeB = new RecordingFakeBackend();
        try (KubernetesClient clientA = cluster.client(); KubernetesClient clientB = cluster.client();
                KubernetesClient admin = cluster.client()) {
            LocalOperator a = LocalOperator.start(clientA, new Backends(List.of(fakeA), List.of(fakeA)), true, lease("replica-a"));
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                Lease l = admin.leases().inNamespace("default").withName("sen2cor-operator-test-lease").get();
                return l != null && "replica-a".equals(l.getSpec().getHolderIdentity());
            });
            LocalOperator b = LocalOperator.start(clientB, new Backends(List.of(fakeB), List.of(fakeB)), true, lease("replica-b"));
            try {
                admin.resource(env("le-first")).serverSideApply();
                await().atMost(Duration.ofSeconds(30)).until(() -> ready(admin, "le-first"));
                assertThat(fakeA.count("reconcile BatchEnvironment/le-first")).isPositive();
                assertThat(fakeB.calls).as("the replica without the lease does nothing").isEmpty();

                a.close();
                admin.resource(env("le-second")).serverSideApply();
                await().atMost(Duration.ofSeconds(60)).until(() -> ready(admin, "le-second"));
                assertThat(admin.leases().inNamespace("default").withName("sen2cor-operator-test-lease").get()
                        .getSpec().getHolderIdentity()).isEqualTo("replica-b");
                assertThat(fakeB.count("reconcile BatchEnvironment/le-second")).isPositive();
                assertThat(fakeA.count("reconcile BatchEnvironment/le-second")).isZero();

                admin.resources(BatchEnvironment.class).withName("le-first").delete();
                admin.resources(BatchEnvironment.class).withName("le-second").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> admin.resources(BatchEnvironment.class)
                        .withName("le-first").get() == null && admin.resources(BatchEnvironment.class).withName("le-second").get() == null);
                assertThat(fakeB.count("cleanup BatchEnvironment/")).as("the new leader runs the finalizers").isEqualTo(2);
            } finally {
                b.close();
            }
        }
    }
}
