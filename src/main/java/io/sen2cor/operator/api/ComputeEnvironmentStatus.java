package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An AWS Batch compute environment as last observed. */
public class ComputeEnvironmentStatus extends AwsBatchResourceStatus {

    @JsonPropertyDescription("Name in the spec.")
    private String name;

    @JsonPropertyDescription("Launch template version number in use ($Latest/$Default resolved).")
    private String launchTemplateVersion;

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getLaunchTemplateVersion() {
        return launchTemplateVersion;
    }

    public void setLaunchTemplateVersion(String launchTemplateVersion) {
        this.launchTemplateVersion = launchTemplateVersion;
    }
}
