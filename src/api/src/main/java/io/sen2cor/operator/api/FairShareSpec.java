package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;

/**
 * awsBatch.fairShare: the job queues share their compute between namespaces by an AWS Batch fair-share scheduling
 * policy, each namespace a share identifier, instead of first in, first out (docs/security.md, "Fair share").
 */
public class FairShareSpec {

    @JsonPropertyDescription("How far back, in seconds, AWS Batch looks at a namespace's use of the queue when it picks "
            + "the next job (0: only what runs now). At most 604800 (a week).")
    @Min(0)
    @Max(604800)
    @Default("3600")
    private Integer shareDecaySeconds = 3600;

    @JsonPropertyDescription("Percent of the queue's vCPUs kept free for namespaces that have no job running yet "
            + "(AWS Batch's computeReservation, 0-99).")
    @Min(0)
    @Max(99)
    @Default("0")
    private Integer computeReservation = 0;

    @JsonPropertyDescription("Weight factors per namespace; a namespace not listed has 1. A lower factor gets more: "
            + "0.5 gets twice the compute of 1 (AWS Batch's weightFactor).")
    @Size(max = 500)
    private List<NamespaceShare> shares;

    public Integer getShareDecaySeconds() {
        return shareDecaySeconds;
    }

    public void setShareDecaySeconds(Integer shareDecaySeconds) {
        this.shareDecaySeconds = shareDecaySeconds;
    }

    public Integer getComputeReservation() {
        return computeReservation;
    }

    public void setComputeReservation(Integer computeReservation) {
        this.computeReservation = computeReservation;
    }

    public List<NamespaceShare> getShares() {
        return shares;
    }

    public void setShares(List<NamespaceShare> shares) {
        this.shares = shares;
    }
}
