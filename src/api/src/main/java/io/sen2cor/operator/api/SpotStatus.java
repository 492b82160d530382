package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What Spot capacity did to a Sen2CorJob's scenes. */
public class SpotStatus {

    @JsonPropertyDescription("Spot interruptions on the attempts of scenes that failed (AWS Batch: Host EC2 ... "
            + "terminated; Kubernetes: DisruptionTarget).")
    private Integer interruptions;

    @JsonPropertyDescription("Scenes run again on On-Demand capacity after their Spot interruptions.")
    private Integer escalated;

    public Integer getInterruptions() {
        return interruptions;
    }

    public void setInterruptions(Integer interruptions) {
        this.interruptions = interruptions;
    }

    public Integer getEscalated() {
        return escalated;
    }

    public void setEscalated(Integer escalated) {
        this.escalated = escalated;
    }
}
