package io.sen2cor.operator.k8s;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.Observation;

/**
 * The {@code kubernetes} backend of BatchEnvironments has nothing to build: the cluster (and its node pools,
 * Karpenter or cluster autoscaler) is the compute. Ready once accepted; the jobs' pods carry its placement rules.
 */
public class KubernetesEnvironmentBackend implements EnvironmentBackend {

    @Override
    public BackendType type() {
        return BackendType.KUBERNETES;
    }

    @Override
    public Observation reconcile(BatchEnvironment env, BatchEnvironmentStatus status) {
        var k8s = env.getSpec().getKubernetes();
        return Observation.ready("Sen2CorJobs run as Indexed Jobs in this cluster, up to " + k8s.getMaxParallelism()
                + " scene pods at once" + (k8s.getKueueQueueName() == null ? "" : ", admitted by Kueue queue "
                        + k8s.getKueueQueueName()));
    }

    @Override
    public Observation cleanup(BatchEnvironment env) {
        return Observation.ready("nothing to remove");
    }
}
