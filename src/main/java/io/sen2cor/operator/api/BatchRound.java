package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One submission of scenes to AWS Batch: the first run (round 0), then each retry of failed scenes. */
public class BatchRound {

    @JsonPropertyDescription("0 for the first run, then 1, 2, ... for each retry or resume.")
    private Integer round;

    @JsonPropertyDescription("Why this round was submitted: Initial, RetryFailed (spec.retryGeneration was raised) or "
            + "Resume (spec.suspend went back to false).")
    private String cause;

    @JsonPropertyDescription("Scenes in this round.")
    private Integer scenes;

    @JsonPropertyDescription("S3 URI of the manifest this round's jobs read their product ids from.")
    private String manifestUri;

    @JsonPropertyDescription("AWS Batch job ids, in chunk order: one array job per 10000 scenes (a plain job for a "
            + "chunk of one scene). Written as soon as each job is submitted.")
    private List<String> jobIds = new ArrayList<>();

    public Integer getRound() {
        return round;
    }

    public void setRound(Integer round) {
        this.round = round;
    }

    public String getCause() {
        return cause;
    }

    public void setCause(String cause) {
        this.cause = cause;
    }

    public Integer getScenes() {
        return scenes;
    }

    public void setScenes(Integer scenes) {
        this.scenes = scenes;
    }

    public String getManifestUri() {
        return manifestUri;
    }

    public void setManifestUri(String manifestUri) {
        this.manifestUri = manifestUri;
    }

    public List<String> getJobIds() {
        return jobIds;
    }

    public void setJobIds(List<String> jobIds) {
        this.jobIds = jobIds;
    }
}
