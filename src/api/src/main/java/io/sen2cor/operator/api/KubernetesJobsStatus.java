package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The Kubernetes side of a Sen2CorJob: one Indexed Job (and manifest ConfigMap) per round. */
public class KubernetesJobsStatus {

    @JsonPropertyDescription("Rounds: the first run, then one per retry of failed scenes. jobIds holds the name of the "
            + "round's Indexed Job, manifestUri the ConfigMap with its scene list (configmap://<namespace>/<name>).")
    private List<SceneRound> rounds = new ArrayList<>();

    public List<SceneRound> getRounds() {
        return rounds;
    }

    public void setRounds(List<SceneRound> rounds) {
        this.rounds = rounds;
    }
}
