package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

public class Sen2CorJobStatus implements ConditionedStatus {

    /** The failure list is bounded; the full per-scene record is in the output bucket. */
    public static final int MAX_FAILURES = 20;

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Pending: waiting (for the environment, or admission). Submitting: jobs being submitted. "
            + "Running. Succeeded: every scene. PartiallySucceeded: some scenes failed. Failed: none succeeded or the "
            + "job cannot run. Cancelled.")
    private JobPhase phase;

    @JsonPropertyDescription("What spec.scenes resolved to: counts, the frozen product ids and their hash.")
    private SceneSelectionStatus selection;

    @JsonPropertyDescription("Scene counts by state.")
    private SceneCounts scenes;

    @JsonPropertyDescription("Finished scenes over total, e.g. 940/1000.")
    private String progress;

    @JsonPropertyDescription("Submissions, on either backend: the first run (round 0), then one per retry of failed "
            + "scenes, resume or Spot escalation. jobIds are AWS Batch job ids or the round's Indexed Job; manifestUri the "
            + "scene list (s3://... or configmap://<namespace>/<name>).")
    private List<SceneRound> rounds;

    @JsonPropertyDescription("AWS Batch side: the job definition and job queue, written at submission.")
    private BatchJobsStatus batch;

    @JsonPropertyDescription("Kubernetes side; kept only to read rounds written by an earlier version (now status.rounds).")
    private KubernetesJobsStatus kubernetes;

    @JsonPropertyDescription("Up to 20 failed scenes; the complete per-scene record is written to the output bucket.")
    private List<SceneFailure> failures;

    @JsonPropertyDescription("Ready: accepted and runnable (reason says why not). Submitted, Complete, Failed.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The spec.retryGeneration last acted on.")
    private Integer retriedGeneration;

    @JsonPropertyDescription("When a scene last started or finished (RFC 3339); how long queued work has been stuck.")
    private String lastProgressTime;

    @JsonPropertyDescription("When the first scene was submitted (RFC 3339).")
    private String startTime;

    @JsonPropertyDescription("When the last scene finished (RFC 3339).")
    private String completionTime;

    @JsonPropertyDescription("Spot interruptions seen on the attempts of failed scenes, and scenes escalated to "
            + "On-Demand capacity because of them (spec.retry.onDemandAfterSpotInterruptions).")
    private SpotStatus spot;

    @JsonPropertyDescription("Throughput, ETA and the vCPU-hours used.")
    private UsageStatus usage;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public JobPhase getPhase() {
        return phase;
    }

    public void setPhase(JobPhase phase) {
        this.phase = phase;
    }

    public SceneCounts getScenes() {
        return scenes;
    }

    public void setScenes(SceneCounts scenes) {
        this.scenes = scenes;
    }

    public String getProgress() {
        return progress;
    }

    public void setProgress(String progress) {
        this.progress = progress;
    }

    public List<SceneRound> getRounds() {
        return rounds;
    }

    public void setRounds(List<SceneRound> rounds) {
        this.rounds = rounds;
    }

    public BatchJobsStatus getBatch() {
        return batch;
    }

    public void setBatch(BatchJobsStatus batch) {
        this.batch = batch;
    }

    public List<SceneFailure> getFailures() {
        return failures;
    }

    public void setFailures(List<SceneFailure> failures) {
        this.failures = failures;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public String getStartTime() {
        return startTime;
    }

    public void setStartTime(String startTime) {
        this.startTime = startTime;
    }

    public String getCompletionTime() {
        return completionTime;
    }

    public void setCompletionTime(String completionTime) {
        this.completionTime = completionTime;
    }

    public Integer getRetriedGeneration() {
        return retriedGeneration;
    }

    public void setRetriedGeneration(Integer retriedGeneration) {
        this.retriedGeneration = retriedGeneration;
    }

    public String getLastProgressTime() {
        return lastProgressTime;
    }

    public void setLastProgressTime(String lastProgressTime) {
        this.lastProgressTime = lastProgressTime;
    }

    public KubernetesJobsStatus getKubernetes() {
        return kubernetes;
    }

    public void setKubernetes(KubernetesJobsStatus kubernetes) {
        this.kubernetes = kubernetes;
    }

    public SceneSelectionStatus getSelection() {
        return selection;
    }

    public void setSelection(SceneSelectionStatus selection) {
        this.selection = selection;
    }

    public SpotStatus getSpot() {
        return spot;
    }

    public void setSpot(SpotStatus spot) {
        this.spot = spot;
    }

    public UsageStatus getUsage() {
        return usage;
    }

    public void setUsage(UsageStatus usage) {
        this.usage = usage;
    }
}
