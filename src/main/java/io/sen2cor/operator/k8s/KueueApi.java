package io.sen2cor.operator.k8s;

import java.util.List;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The few Kueue objects the Kubernetes backend reads and writes, as generic resources: whether Kueue is installed
 * (its CRDs), a LocalQueue, the Workload Kueue made for a Job (by Kueue's job-uid label), and that Workload's
 * {@code spec.active}, which is how a Job under Kueue is suspended (Kueue owns the Job's own spec.suspend).
 * Thin: decisions are {@link KueueAdmission}'s.
 */
final class KueueApi {

    static final String GROUP = "kueue.x-k8s.io";
    static final String JOB_UID_LABEL = GROUP + "/job-uid";

    private final KubernetesClient client;

    KueueApi(KubernetesClient client) {
        this.client = client;
    }

    /** The version of Kueue's API to use (v1beta2, or v1beta1 before Kueue 0.15); empty when Kueue is not installed. */
    Optional<String> version() {
        CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions()
                .withName("workloads." + GROUP).get();
        if (crd == null) {
            return Optional.empty();
        }
        List<String> served = crd.getSpec().getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
                .map(v -> v.getName()).toList();
        return served.contains("v1beta2") ? Optional.of("v1beta2") : served.stream().filter("v1beta1"::equals).findFirst();
    }

    Optional<GenericKubernetesResource> localQueue(String version, String namespace, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(context(version, "LocalQueue", "localqueues"))
                .inNamespace(namespace).withName(name).get());
    }

    Optional<GenericKubernetesResource> workloadOf(String version, Job job) {
        return client.genericKubernetesResources(context(version, "Workload", "workloads")).inNamespace(job.getMetadata().getNamespace())
                .withLabel(JOB_UID_LABEL, job.getMetadata().getUid()).list().getItems().stream().findFirst();
    }

    /**
     * The MultiKueue admission check of the ClusterQueue behind a LocalQueue, if it has one: such a queue dispatches
     * Jobs to worker clusters, where the scene pods' manifest ConfigMap, Secrets, ServiceAccount and PVC do not exist
     * and the operator cannot see their pods.
     */
    Optional<String> multiKueueCheck(String version, GenericKubernetesResource localQueue) {
        Object clusterQueue = map(localQueue.getAdditionalProperties().get("spec")).get("clusterQueue");
        var cq = clusterQueue == null ? null : client.genericKubernetesResources(clusterScoped(version, "ClusterQueue",
                "clusterqueues")).withName(String.valueOf(clusterQueue)).get();
        if (cq == null) {
            return Optional.empty();
        }
        var spec = map(cq.getAdditionalProperties().get("spec"));
        java.util.List<String> checks = new java.util.ArrayList<>();
        if (spec.get("admissionChecks") instanceof List<?> names) {
            names.forEach(n -> checks.add(String.valueOf(n)));
        }
        if (map(spec.get("admissionChecksStrategy")).get("admissionChecks") instanceof List<?> rules) {
            rules.forEach(r -> checks.add(String.valueOf(map(r).get("name"))));
        }
        for (String check : checks) {
            var ac = client.genericKubernetesResources(clusterScoped(version, "AdmissionCheck", "admissionchecks"))
                    .withName(check).get();
            if (ac != null && MULTIKUEUE.equals(map(ac.getAdditionalProperties().get("spec")).get("controllerName"))) {
                return Optional.of("ClusterQueue " + clusterQueue + " admits through AdmissionCheck " + check + " of MultiKueue");
            }
        }
        return Optional.empty();
    }

    static final String MULTIKUEUE = GROUP + "/multikueue";

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, Object> map(Object o) {
        return o instanceof java.util.Map<?, ?> m ? (java.util.Map<String, Object>) m : java.util.Map.of();
    }

    /** Named in full: no discovery round trip per call. */
    private static ResourceDefinitionContext context(String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(true).build();
    }

    private static ResourceDefinitionContext clusterScoped(String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(false).build();
    }

    /** Sets the Workload's spec.active; true when that changed something. */
    boolean setActive(String version, GenericKubernetesResource workload, boolean active) {
        Object spec = workload.getAdditionalProperties().get("spec");
        if (spec instanceof java.util.Map<?, ?> m && Boolean.valueOf(active).equals(m.get("active"))) {
            return false;
        }
        client.genericKubernetesResources(context(version, "Workload", "workloads")).inNamespace(workload.getMetadata().getNamespace())
                .withName(workload.getMetadata().getName())
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"spec\":{\"active\":" + active + "}}");
        return true;
    }
}
