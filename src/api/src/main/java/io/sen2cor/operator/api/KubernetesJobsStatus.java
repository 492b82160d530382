package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Kubernetes side of a Sen2CorJob: one Indexed Job (and manifest ConfigMap) per round. */
public class KubernetesJobsStatus {

    @JsonPropertyDescription("Deprecated: rounds written by an earlier version of the operator, which moves them to "
            + "status.rounds when it next reconciles the job.")
    private List<SceneRound> rounds;

    public List<SceneRound> getRounds() {
        return rounds;
    }

    public void setRounds(List<SceneRound> rounds) {
        this.rounds = rounds;
    }
}
