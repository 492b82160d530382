package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The AWS Batch side of a Sen2CorJob. */
public class BatchJobsStatus {

    @JsonPropertyDescription("ARN of the job definition revision the jobs use.")
    private String jobDefinitionArn;

    @JsonPropertyDescription("ARN of the job queue the jobs were submitted to.")
    private String jobQueueArn;

    @JsonPropertyDescription("Deprecated: rounds written by an earlier version of the operator, which moves them to "
            + "status.rounds when it next reconciles the job.")
    private List<SceneRound> rounds;

    public String getJobDefinitionArn() {
        return jobDefinitionArn;
    }

    public void setJobDefinitionArn(String jobDefinitionArn) {
        this.jobDefinitionArn = jobDefinitionArn;
    }

    public String getJobQueueArn() {
        return jobQueueArn;
    }

    public void setJobQueueArn(String jobQueueArn) {
        this.jobQueueArn = jobQueueArn;
    }

    public List<SceneRound> getRounds() {
        return rounds;
    }

    public void setRounds(List<SceneRound> rounds) {
        this.rounds = rounds;
    }
}
