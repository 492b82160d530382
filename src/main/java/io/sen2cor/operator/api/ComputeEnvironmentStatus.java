package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class ComputeEnvironmentStatus {

    @JsonPropertyDescription("Name in the spec.")
    private String name;

    @JsonPropertyDescription("ARN of the AWS Batch compute environment.")
    private String arn;

    @JsonPropertyDescription("ENABLED or DISABLED.")
    private String state;

    @JsonPropertyDescription("AWS status: CREATING, UPDATING, VALID, INVALID, DELETING.")
    private String status;

    @JsonPropertyDescription("AWS's explanation of the status, e.g. why it is INVALID.")
    private String statusReason;

    @JsonPropertyDescription("Launch template version number in use ($Latest/$Default resolved).")
    private String launchTemplateVersion;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

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

    public String getLaunchTemplateVersion() {
        return launchTemplateVersion;
    }

    public void setLaunchTemplateVersion(String launchTemplateVersion) {
        this.launchTemplateVersion = launchTemplateVersion;
    }
}
