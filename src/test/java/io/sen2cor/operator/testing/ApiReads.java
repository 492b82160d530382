package io.sen2cor.operator.testing;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.k8s.KubernetesReads;

/**
 * The Kubernetes backend's reads straight from the API, for tests that drive the backend without a running
 * operator (and so without informers). The operator itself reads through k8s/InformerReads.
 */
public class ApiReads implements KubernetesReads {

    private final KubernetesClient client;

    public ApiReads(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return Optional.ofNullable(client.batch().v1().jobs().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Job> jobs(Predicate<Job> filter) {
        return client.batch().v1().jobs().inAnyNamespace().withLabel(IndexedJobs.MANAGED_BY, IndexedJobs.OPERATOR).list()
                .getItems().stream().filter(filter).toList();
    }

    @Override
    public List<Pod> pods(String namespace, String jobName) {
        return client.pods().inNamespace(namespace).withLabel("job-name", jobName).list().getItems();
    }

    @Override
    public List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        return List.of();
    }
}
