package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** awsBatch.infrastructureUpdates: what an in-place infrastructure update does to running scenes (AWS's updatePolicy). */
public class InfrastructureUpdateSpec {

    @JsonPropertyDescription("Terminate running jobs when a compute environment's infrastructure is updated in place. "
            + "Default false: running scenes finish on the old instances, within jobTimeout.")
    @Default("false")
    private Boolean terminateJobs = Boolean.FALSE;

    @JsonPropertyDescription("How long running jobs may go on on the old instances during an in-place infrastructure "
            + "update (AWS's jobExecutionTimeoutMinutes), 1m to 120h. Default 2h: a scene at 10 m takes 20-60 min, and AWS's own "
            + "default of 30 minutes would kill many.")
    @Pattern(Patterns.DURATION)
    @ValidationRule(value = "duration(self) >= duration('1m') && duration(self) <= duration('120h')",
            message = "jobTimeout must be between 1m and 120h (AWS Batch's 1 to 7200 minutes)")
    @Default("2h")
    private String jobTimeout = "2h";

    public Boolean getTerminateJobs() {
        return terminateJobs;
    }

    public void setTerminateJobs(Boolean terminateJobs) {
        this.terminateJobs = terminateJobs;
    }

    public String getJobTimeout() {
        return jobTimeout;
    }

    public void setJobTimeout(String jobTimeout) {
        this.jobTimeout = jobTimeout;
    }
}
