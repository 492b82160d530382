package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "!has(self.onDemandAfterSpotInterruptions) || self.onDemandAfterSpotInterruptions <= self.attempts",
        message = "retry.onDemandAfterSpotInterruptions must not exceed retry.attempts: a scene is interrupted at most "
                + "once per attempt")
public class RetrySpec {

    @JsonPropertyDescription("Attempts per scene, including the first (AWS Batch allows 1 to 10).")
    @Min(1)
    @Max(10)
    @Default("3")
    private Integer attempts = 3;

    @JsonPropertyDescription("Run a scene on On-Demand capacity once it has been interrupted on Spot this many times: "
            + "a scene whose attempts ended with a Spot interruption (AWS Batch: status reason Host EC2 ... terminated; "
            + "Kubernetes: pod condition DisruptionTarget) at least this often goes into a round of its own on the "
            + "environment's On-Demand capacity (AWS Batch: its second job queue with only the EC2 compute "
            + "environments; Kubernetes: spec.kubernetes.onDemandNodeSelector). Unset: never.")
    @Min(1)
    @Max(10)
    private Integer onDemandAfterSpotInterruptions;

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public Integer getOnDemandAfterSpotInterruptions() {
        return onDemandAfterSpotInterruptions;
    }

    public void setOnDemandAfterSpotInterruptions(Integer onDemandAfterSpotInterruptions) {
        this.onDemandAfterSpotInterruptions = onDemandAfterSpotInterruptions;
    }
}
