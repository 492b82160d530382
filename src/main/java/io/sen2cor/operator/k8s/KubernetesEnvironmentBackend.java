package io.sen2cor.operator.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;

/**
 * The {@code kubernetes} backend of BatchEnvironments has nothing to build: the cluster (and its node pools,
 * Karpenter or cluster autoscaler) is the compute. Ready once accepted, and, with a Kueue queue named, once Kueue's
 * API is there (each job checks its namespace's LocalQueue before it submits); the jobs' pods carry its placement
 * rules.
 */
public class KubernetesEnvironmentBackend implements EnvironmentBackend {

    private final KueueApi kueue;

    public KubernetesEnvironmentBackend(KubernetesClient client) {
        this.kueue = new KueueApi(client);
    }

    @Override
    public BackendType type() {
        return BackendType.KUBERNETES;
    }

    @Override
    public Observation reconcile(BatchEnvironment env, BatchEnvironmentStatus status) {
        var k8s = env.getSpec().getKubernetes();
        String queue = k8s.getKueueQueueName();
        if (queue != null && kueue.version().isEmpty()) {
            return Observation.degraded(ConditionReason.MissingKubernetesReference, "spec.kubernetes.kueueQueueName names "
                    + "Kueue LocalQueue " + queue + ", but Kueue is not installed in this cluster (no workloads."
                    + KueueApi.GROUP + " API); jobs would wait for ever", null);
        }
        return Observation.ready("Sen2CorJobs run as Indexed Jobs in this cluster, up to " + k8s.getMaxParallelism()
                + " scene pods at once" + (queue == null ? "" : ", queued in Kueue LocalQueue " + queue
                        + " of each job's namespace (its ClusterQueue's quota decides how many run)"));
    }

    @Override
    public Observation cleanup(BatchEnvironment env) {
        return Observation.ready("nothing to remove");
    }
}
