package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.sen2cor.operator.api.Sen2CorJob;

/**
 * The Kubernetes backend's reads from two informers, both selecting the operator's label: its Jobs (a change wakes
 * the owning Sen2CorJob) and their pods (a cache only: the Job's status already changes when a pod ends, and stuck
 * pods are found on the resync). Pods are kept slim: a Sen2CorJob of 10,000 scenes leaves 10,000 finished pods for
 * a day, and only their names, labels, phase, conditions and termination state are read.
 */
public class InformerReads implements KubernetesReads {

    static final String JOB_NAME_LABEL = "job-name";

    private volatile InformerEventSource<Job, Sen2CorJob> jobs;
    private volatile InformerEventSource<Pod, Sen2CorJob> pods;

    @Override
    public List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        String selector = IndexedJobs.MANAGED_BY + "=" + IndexedJobs.OPERATOR;
        jobs = new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Sen2CorJob.class)
                .withName("indexed-jobs")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Sen2CorJob.class, false))
                .build(), context);
        pods = new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, Sen2CorJob.class)
                .withName("scene-pods")
                .withLabelSelector(selector)
                .withSecondaryToPrimaryMapper(InformerReads::owner)
                .withOnAddFilter(pod -> false)
                .withOnUpdateFilter((updated, old) -> false)
                .withOnDeleteFilter((pod, unknown) -> false)
                .withItemStore(new TransformingItemStore<>(InformerReads::slim))
                .build(), context);
        return List.of(jobs, pods);
    }

    @Override
    public Optional<Job> job(String namespace, String name) {
        return started(jobs).get(new ResourceID(name, namespace));
    }

    @Override
    public List<Job> jobs(Predicate<Job> filter) {
        return started(jobs).list(filter).toList();
    }

    @Override
    public List<Pod> pods(String namespace, String jobName) {
        return started(pods).list(namespace, p -> p.getMetadata().getLabels() != null
                && jobName.equals(p.getMetadata().getLabels().get(JOB_NAME_LABEL))).toList();
    }

    private static <R extends HasMetadata> InformerEventSource<R, Sen2CorJob> started(
            InformerEventSource<R, Sen2CorJob> source) {
        if (source == null) {
            throw new IllegalStateException("the Kubernetes backend's informers are not registered with the reconciler");
        }
        return source;
    }

    /** The Sen2CorJob a scene pod belongs to, from the annotation its Job's template gives it (the full name). */
    static Set<ResourceID> owner(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        String job = annotations == null ? null : annotations.get(IndexedJobs.JOB_NAME_ANNOTATION);
        return job == null ? Set.of() : Set.of(new ResourceID(job, pod.getMetadata().getNamespace()));
    }

    /** What the backend reads of a pod. */
    static Pod slim(Pod pod) {
        Pod slim = new Pod();
        var m = pod.getMetadata();
        slim.setMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace())
                .withUid(m.getUid()).withResourceVersion(m.getResourceVersion()).withCreationTimestamp(m.getCreationTimestamp())
                .withLabels(m.getLabels()).withAnnotations(keptAnnotations(m.getAnnotations())).build());
        if (pod.getStatus() != null) {
            PodStatus s = new PodStatus();
            s.setPhase(pod.getStatus().getPhase());
            s.setReason(pod.getStatus().getReason());
            s.setMessage(pod.getStatus().getMessage());
            s.setConditions(pod.getStatus().getConditions() == null ? null : new ArrayList<>(pod.getStatus().getConditions()));
            s.setContainerStatuses(pod.getStatus().getContainerStatuses());
            slim.setStatus(s);
        }
        return slim;
    }

    /** The two annotations the backend reads: the completion index (before 1.28) and the Sen2CorJob's name. */
    private static Map<String, String> keptAnnotations(Map<String, String> annotations) {
        if (annotations == null) {
            return null;
        }
        Map<String, String> kept = new HashMap<>();
        for (String key : List.of(IndexedJobs.COMPLETION_INDEX, IndexedJobs.JOB_NAME_ANNOTATION)) {
            if (annotations.containsKey(key)) {
                kept.put(key, annotations.get(key));
            }
        }
        return kept;
    }
}
