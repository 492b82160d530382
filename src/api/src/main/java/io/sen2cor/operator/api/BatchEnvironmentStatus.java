package io.sen2cor.operator.api;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;

public class BatchEnvironmentStatus implements ConditionedStatus {

    @JsonPropertyDescription("metadata.generation of the spec this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Backend in use: awsBatch or kubernetes.")
    private String backend;

    @JsonPropertyDescription("Ready: the environment accepts Sen2CorJobs. Progressing: the operator is creating or "
            + "changing resources. Degraded: something needs attention; reason and message say what.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("AWS Batch compute environments as last observed, in queue order.")
    private List<ComputeEnvironmentStatus> computeEnvironments;

    @JsonPropertyDescription("AWS Batch job queue as last observed.")
    private JobQueueStatus jobQueue;

    @JsonPropertyDescription("AWS Batch job queue with only the On-Demand (EC2) compute environments, created when "
            + "the environment has both Spot and On-Demand ones: where Spot-interrupted scenes escalate to.")
    private JobQueueStatus onDemandJobQueue;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public List<ComputeEnvironmentStatus> getComputeEnvironments() {
        return computeEnvironments;
    }

    public void setComputeEnvironments(List<ComputeEnvironmentStatus> computeEnvironments) {
        this.computeEnvironments = computeEnvironments;
    }

    public JobQueueStatus getJobQueue() {
        return jobQueue;
    }

    public void setJobQueue(JobQueueStatus jobQueue) {
        this.jobQueue = jobQueue;
    }

    public JobQueueStatus getOnDemandJobQueue() {
        return onDemandJobQueue;
    }

    public void setOnDemandJobQueue(JobQueueStatus onDemandJobQueue) {
        this.onDemandJobQueue = onDemandJobQueue;
    }
}
