package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One submission of scenes to the environment's backend: the first run (round 0), then each retry of failed scenes
 * or resume. The same shape on both backends; only what {@code manifestUri} and {@code jobIds} name differs.
 */
public class SceneRound {

    /** {@link #getCapacity()} of a round on On-Demand capacity. */
    public static final String ON_DEMAND = "OnDemand";

    @JsonPropertyDescription("0 for the first run, then 1, 2, ... for each retry or resume.")
    private Integer round;

    @JsonPropertyDescription("Why this round was submitted: Initial, RetryFailed (spec.retryGeneration was raised), "
            + "Resume (spec.suspend went back to false) or SpotEscalation (scenes interrupted on Spot too often).")
    private String cause;

    @JsonPropertyDescription("Scenes in this round.")
    private Integer scenes;

    @JsonPropertyDescription("Where this round's scene list is: an S3 URI (awsBatch) or configmap://<namespace>/<name> "
            + "(kubernetes, the ConfigMap mounted into the round's pods; above 10,000 scenes the first of one per Job, "
            + "<job>-r<round>-<part>-scenes).")
    private String manifestUri;

    @JsonPropertyDescription("OnDemand for a round that runs Spot-interrupted scenes on On-Demand capacity; unset "
            + "for the environment's usual capacity.")
    private String capacity;

    @JsonPropertyDescription("Failed scenes of earlier rounds this round does not run again: they stay failed and "
            + "count in scenes.failed.")
    private Integer carriedFailed;

    @JsonPropertyDescription("Whether the Spot interruptions of this round's failed scenes have been counted (once, "
            + "when it has finished).")
    private Boolean interruptionsCounted;

    @JsonPropertyDescription("What the round's work said when it ended (kubernetes: the Indexed Job's counts and "
            + "failedIndexes), kept because the Job is deleted ttlSecondsAfterFinished later: a retry or a restart after "
            + "that still knows which scenes failed. A round of several Jobs keeps its totals here and each Job's failed "
            + "indexes in the ConfigMap <job>-r<round>-ended.")
    private RoundOutcome ended;

    @JsonPropertyDescription("The backend's work for this round, written as soon as it is submitted: AWS Batch job "
            + "ids in chunk order (one array job per 10000 scenes, a plain job for a chunk of one scene), or the name of "
            + "the round's Indexed Job (kubernetes; one per 10,000 scenes above that, <job>-r<round>-<part>).")
    private List<String> jobIds = new ArrayList<>();

    @JsonPropertyDescription("When the round's first job was submitted (RFC 3339): AWS Batch keeps jobs describable at "
            + "least 7 days after, so a job missing from an answer before that is not taken as finished.")
    private String submittedAt;

    public String getSubmittedAt() {
        return submittedAt;
    }

    public void setSubmittedAt(String submittedAt) {
        this.submittedAt = submittedAt;
    }

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

    public RoundOutcome getEnded() {
        return ended;
    }

    public void setEnded(RoundOutcome ended) {
        this.ended = ended;
    }

    public List<String> getJobIds() {
        return jobIds;
    }

    public void setJobIds(List<String> jobIds) {
        this.jobIds = jobIds;
    }

    public String getCapacity() {
        return capacity;
    }

    public void setCapacity(String capacity) {
        this.capacity = capacity;
    }

    public Integer getCarriedFailed() {
        return carriedFailed;
    }

    public void setCarriedFailed(Integer carriedFailed) {
        this.carriedFailed = carriedFailed;
    }

    public Boolean getInterruptionsCounted() {
        return interruptionsCounted;
    }

    public void setInterruptionsCounted(Boolean interruptionsCounted) {
        this.interruptionsCounted = interruptionsCounted;
    }
}
