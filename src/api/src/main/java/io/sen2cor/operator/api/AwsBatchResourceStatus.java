package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What AWS Batch reports for a compute environment or job queue. */
public class AwsBatchResourceStatus {

    @JsonPropertyDescription("ARN of the AWS Batch resource.")
    private String arn;

    @JsonPropertyDescription("ENABLED or DISABLED.")
    private String state;

    @JsonPropertyDescription("AWS status: CREATING, UPDATING, VALID, INVALID, DELETING.")
    private String status;

    @JsonPropertyDescription("AWS's explanation of the status, e.g. why it is INVALID.")
    private String statusReason;

    public String getArn() {
        return arn;
    }

    public void setArn(String arn) {
        this.arn = arn;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public String getStatusReason() {
        return statusReason;
    }

    public void setStatusReason(String statusReason) {
        this.statusReason = statusReason;
    }
}
