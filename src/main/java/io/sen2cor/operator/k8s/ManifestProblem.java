package io.sen2cor.operator.k8s;

import io.sen2cor.operator.status.ConditionReason;

/**
 * A scene manifest (or a part's end record) the backend cannot use: gone (deleted outside the operator, so its scenes
 * cannot be named again), or a same-named ConfigMap of something else. Thrown where a list of scenes is needed and
 * turned into a condition by {@code KubernetesJobBackend.explain}, never into made-up scene ids.
 */
final class ManifestProblem extends RuntimeException {

    private final ConditionReason reason;

    private ManifestProblem(ConditionReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    static ManifestProblem gone(String namespace, String name) {
        return new ManifestProblem(ConditionReason.MissingKubernetesReference, "the scene manifest ConfigMap " + namespace
                + "/" + name + " is gone (deleted outside the operator); its scenes cannot be named again: apply the "
                + "Sen2CorJob again under a new name");
    }

    static ManifestProblem notOurs(String namespace, String name) {
        return new ManifestProblem(ConditionReason.NameConflict, "ConfigMap " + namespace + "/" + name
                + " exists and belongs to something else");
    }

    ConditionReason reason() {
        return reason;
    }
}
