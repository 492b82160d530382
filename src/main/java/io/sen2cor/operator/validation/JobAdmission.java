package io.sen2cor.operator.validation;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.work.JobScenes;

/**
 * Whether a Sen2CorJob may run on its environment: the checks the schema cannot express because they
 * need other objects. Pure: callers pass what they observed.
 */
public final class JobAdmission {

    private JobAdmission() {
    }

    /**
     * @param env the referenced environment, or null when it does not exist
     * @param namespaceLabels labels of the job's namespace
     */
    public static Verdict evaluate(Sen2CorJob job, BatchEnvironment env, Map<String, String> namespaceLabels,
            TenantPolicy.Settings settings, Function<String, Optional<Map<String, String>>> secretLabels) {
        return evaluate(job, env, namespaceLabels, false, settings, secretLabels);
    }

    /**
     * @param submitted work is already out. Then only a missing environment stops the job; any other refusal here
     *                  stops new rounds (a retry, a resume, a Spot escalation) while running scenes are still followed
     *                  (and can be deleted): the namespace, image, output, endpoint, catalogue, credentials and role
     *                  rules are checked before every round, since the environment may have narrowed them.
     */
    public static Verdict evaluate(Sen2CorJob job, BatchEnvironment env, Map<String, String> namespaceLabels,
            boolean submitted, TenantPolicy.Settings settings, Function<String, Optional<Map<String, String>>> secretLabels) {
        String envName = job.getSpec().getEnvironmentRef();
        if (env == null) {
            return Verdict.reject(ConditionReason.EnvironmentNotFound,
                    "BatchEnvironment '" + envName + "' does not exist; create it or fix spec.environmentRef");
        }
        if (!submitted && env.getMetadata().getDeletionTimestamp() != null) {
            return Verdict.reject(ConditionReason.EnvironmentTerminating, "BatchEnvironment '" + envName + "' is being deleted");
        }
        var allowed = env.getSpec().getAllowedNamespaces();
        if (allowed != null && !LabelSelectors.matches(allowed, namespaceLabels)) {
            return Verdict.reject(ConditionReason.NamespaceNotAllowed, "BatchEnvironment '" + envName
                    + "' does not allow namespace '" + job.getMetadata().getNamespace()
                    + "' (spec.allowedNamespaces does not match its labels)");
        }
        Verdict policy = TenantPolicy.check(job, env, settings, secretLabels);
        if (!policy.accepted() || submitted) {
            return policy;
        }
        Set<String> seen = new HashSet<>();
        for (String product : JobScenes.of(job)) {
            if (!seen.add(product)) {
                return Verdict.reject(ConditionReason.DuplicateProducts, "product " + product + " is listed more than once");
            }
        }
        if (!Conditions.isTrue(env.getStatus() == null ? null : env.getStatus().getConditions(), ConditionType.READY)) {
            return Verdict.reject(ConditionReason.EnvironmentNotReady, "waiting for BatchEnvironment '" + envName + "' to be Ready");
        }
        return Verdict.ACCEPTED;
    }
}
