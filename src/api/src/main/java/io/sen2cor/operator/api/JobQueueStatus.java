package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The AWS Batch job queue as last observed. */
public class JobQueueStatus extends AwsBatchResourceStatus {

    @JsonPropertyDescription("The stuck-job cancellations (jobStateTimeLimitActions) last sent to the queue, e.g. "
            + "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY after 240 min.")
    private String stuckJobCancellation;

    public String getStuckJobCancellation() {
        return stuckJobCancellation;
    }

    public void setStuckJobCancellation(String stuckJobCancellation) {
        this.stuckJobCancellation = stuckJobCancellation;
    }
}
