package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The end of a round as its backend saw it, recorded once in the Sen2CorJob's status so it outlives the backend's
 * own record (a Kubernetes Job deleted by its TTL).
 */
public class RoundOutcome {

    @JsonPropertyDescription("Scenes of the round that succeeded.")
    private Integer succeeded;

    @JsonPropertyDescription("Scenes of the round that failed.")
    private Integer failed;

    @JsonPropertyDescription("Indexes (in the round's scene list) of the failed scenes, as Kubernetes writes them: "
            + "\"1,3-5,7\".")
    private String failedIndexes;

    public Integer getSucceeded() {
        return succeeded;
    }

    public void setSucceeded(Integer succeeded) {
        this.succeeded = succeeded;
    }

    public Integer getFailed() {
        return failed;
    }

    public void setFailed(Integer failed) {
        this.failed = failed;
    }

    public String getFailedIndexes() {
        return failedIndexes;
    }

    public void setFailedIndexes(String failedIndexes) {
        this.failedIndexes = failedIndexes;
    }
}
