package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class SceneCounts {

    @JsonPropertyDescription("Scenes in the job.")
    private Integer total;

    @JsonPropertyDescription("Not yet started (submitted, queued or waiting for capacity).")
    private Integer pending;

    @JsonPropertyDescription("Running now.")
    private Integer running;

    @JsonPropertyDescription("Finished with an L2A product.")
    private Integer succeeded;

    @JsonPropertyDescription("Failed after all retries.")
    private Integer failed;

    public Integer getTotal() {
        return total;
    }

    public void setTotal(Integer total) {
        this.total = total;
    }

    public Integer getPending() {
        return pending;
    }

    public void setPending(Integer pending) {
        this.pending = pending;
    }

    public Integer getRunning() {
        return running;
    }

    public void setRunning(Integer running) {
        this.running = running;
    }

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
}
