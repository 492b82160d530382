package io.sen2cor.operator.k8s;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;

/**
 * Why Kueue has not started a suspended scene Job, in Kueue's own words: the Workload it made for the Job, read as
 * plain data (no Kueue types on the classpath). Pure; tested without a server.
 */
final class KueueAdmission {

    private KueueAdmission() {
    }

    /**
     * @param workload the Job's Workload; empty when Kueue made none (Kueue missing, or not managing batch/v1 Jobs)
     * @param queue    the LocalQueue the Job names
     * @return why it is not running; empty once Kueue has admitted it
     */
    static Optional<String> whyNotAdmitted(Optional<GenericKubernetesResource> workload, String queue) {
        if (workload.isEmpty()) {
            return Optional.of("Kueue made no Workload for it: is Kueue running, with batch/job in its "
                    + "integrations.frameworks? (LocalQueue " + queue + ")");
        }
        Map<String, Object> spec = map(workload.get().getAdditionalProperties().get("spec"));
        if (Boolean.FALSE.equals(spec.get("active"))) {
            return Optional.of("its Kueue Workload " + workload.get().getMetadata().getName() + " is deactivated (spec.active: false)");
        }
        List<Map<String, Object>> conditions = conditions(workload.get());
        if (isTrue(conditions, "Admitted")) {
            return Optional.empty();
        }
        String name = workload.get().getMetadata().getName();
        return Optional.of(condition(conditions, "Evicted").filter(c -> "True".equals(c.get("status")))
                .or(() -> condition(conditions, "QuotaReserved"))
                .map(c -> "Kueue has not admitted its Workload " + name + " in LocalQueue " + queue + ": "
                        + c.getOrDefault("reason", "") + ": " + c.getOrDefault("message", ""))
                .orElse("Kueue has not looked at its Workload " + name + " yet (LocalQueue " + queue + ")"));
    }

    private static List<Map<String, Object>> conditions(GenericKubernetesResource workload) {
        Object status = workload.getAdditionalProperties().get("status");
        Object conditions = map(status).get("conditions");
        if (!(conditions instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(KueueAdmission::map).toList();
    }

    private static boolean isTrue(List<Map<String, Object>> conditions, String type) {
        return condition(conditions, type).map(c -> "True".equals(c.get("status"))).orElse(false);
    }

    private static Optional<Map<String, Object>> condition(List<Map<String, Object>> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
