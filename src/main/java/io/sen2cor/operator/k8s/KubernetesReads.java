package io.sen2cor.operator.k8s;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.Sen2CorJob;

/**
 * What the Kubernetes backend reads of the cluster on every reconcile: the Indexed Jobs it created and their pods.
 * In the operator these come from labelled informers ({@link InformerReads}), never from an API call per reconcile.
 */
public interface KubernetesReads {

    Optional<Job> job(String namespace, String name);

    /** The operator's Jobs that match. */
    List<Job> jobs(Predicate<Job> filter);

    /** The pods of one Indexed Job. */
    List<Pod> pods(String namespace, String jobName);

    /** The event sources behind these reads, registered with the Sen2CorJob reconciler. */
    List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context);
}
