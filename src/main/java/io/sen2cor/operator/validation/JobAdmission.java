package io.sen2cor.operator.validation;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.JobScenes;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;

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
    public static Verdict evaluate(Sen2CorJob job, BatchEnvironment env, Map<String, String> namespaceLabels) {
        return evaluate(job, env, namespaceLabels, false);
    }

    /**
     * @param submitted work is already out: only a missing environment stops tracking it. Readiness, namespace and
     *                  output rules gate new submissions; running scenes are still followed (and can be deleted).
     */
    public static Verdict evaluate(Sen2CorJob job, BatchEnvironment env, Map<String, String> namespaceLabels,
            boolean submitted) {
        String envName = job.getSpec().getEnvironmentRef();
        if (env == null) {
            return Verdict.reject(ConditionReason.EnvironmentNotFound,
                    "BatchEnvironment '" + envName + "' does not exist; create it or fix spec.environmentRef");
        }
        if (submitted) {
            return Verdict.ACCEPTED;
        }
        if (env.getMetadata().getDeletionTimestamp() != null) {
            return Verdict.reject(ConditionReason.EnvironmentTerminating, "BatchEnvironment '" + envName + "' is being deleted");
        }
        var allowed = env.getSpec().getAllowedNamespaces();
        if (allowed != null && !LabelSelectors.matches(allowed, namespaceLabels)) {
            return Verdict.reject(ConditionReason.NamespaceNotAllowed, "BatchEnvironment '" + envName
                    + "' does not allow namespace '" + job.getMetadata().getNamespace()
                    + "' (spec.allowedNamespaces does not match its labels)");
        }
        List<String> outputs = env.getSpec().getAllowedOutputs();
        String uri = job.getSpec().getOutput().getUri();
        if (outputs != null && outputs.stream().noneMatch(prefix -> isUnder(uri, prefix))) {
            return Verdict.reject(ConditionReason.OutputNotAllowed, "output " + uri + " is not under any of BatchEnvironment '"
                    + envName + "' allowedOutputs " + outputs);
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

    /** Prefix match on path segments: s3://b/l2a/ allows s3://b/l2a/x but not s3://b/l2a-other. */
    static boolean isUnder(String uri, String prefix) {
        String p = prefix.endsWith("/") ? prefix : prefix + "/";
        String u = uri.endsWith("/") ? uri : uri + "/";
        return u.startsWith(p);
    }
}
