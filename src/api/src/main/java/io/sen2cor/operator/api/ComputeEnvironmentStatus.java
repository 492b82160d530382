package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** An AWS Batch compute environment as last observed. */
public class ComputeEnvironmentStatus extends AwsBatchResourceStatus {

    @JsonPropertyDescription("Name in the spec.")
    private String name;

    @JsonPropertyDescription("Launch template version number in use ($Latest/$Default resolved).")
    private String launchTemplateVersion;

    @JsonPropertyDescription("The spec's desiredVcpus the operator last set on this compute environment. AWS Batch then "
            + "moves desiredvCpus with demand; the spec's value is set again only when it changes.")
    private Integer desiredVcpus;

    @JsonPropertyDescription("replacePolicy Manual: the change that needs a new compute environment, and why. "
            + "Delete and re-create the entry, or switch to BlueGreen, to apply it.")
    private String pendingReplacement;

    @JsonPropertyDescription("The spec's imageRollout last applied: the compute environment was moved to the latest AMI "
            + "of its image type then.")
    private String imageRollout;

    public String getImageRollout() {
        return imageRollout;
    }

    public void setImageRollout(String imageRollout) {
        this.imageRollout = imageRollout;
    }

    public Integer getDesiredVcpus() {
        return desiredVcpus;
    }

    public void setDesiredVcpus(Integer desiredVcpus) {
        this.desiredVcpus = desiredVcpus;
    }

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

    public String getPendingReplacement() {
        return pendingReplacement;
    }

    public void setPendingReplacement(String pendingReplacement) {
        this.pendingReplacement = pendingReplacement;
    }
}
