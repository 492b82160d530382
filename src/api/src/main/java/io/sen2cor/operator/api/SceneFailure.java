package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class SceneFailure {

    @JsonPropertyDescription("L1C product id of the scene.")
    private String product;

    @JsonPropertyDescription("Why it failed (runner error, status reason, pod termination reason).")
    private String reason;

    @JsonPropertyDescription("Attempts made.")
    private Integer attempts;

    @JsonPropertyDescription("AWS Batch: CloudWatch Logs group of the failed attempt's log.")
    private String logGroup;

    @JsonPropertyDescription("AWS Batch: CloudWatch Logs stream of the failed attempt (the last attempt that logged).")
    private String logStream;

    @JsonPropertyDescription("AWS Batch: link to the log stream in the CloudWatch console of the region.")
    private String logUrl;

    @JsonPropertyDescription("Kubernetes backend: the pod that ran the failed attempt.")
    private String pod;

    @JsonPropertyDescription("Kubernetes backend: the command that shows the log (while the pod exists).")
    private String logCommand;

    public String getProduct() {
        return product;
    }

    public void setProduct(String product) {
        this.product = product;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }

    public String getLogStream() {
        return logStream;
    }

    public void setLogStream(String logStream) {
        this.logStream = logStream;
    }

    public String getLogGroup() {
        return logGroup;
    }

    public void setLogGroup(String logGroup) {
        this.logGroup = logGroup;
    }

    public String getLogUrl() {
        return logUrl;
    }

    public void setLogUrl(String logUrl) {
        this.logUrl = logUrl;
    }

    public String getPod() {
        return pod;
    }

    public void setPod(String pod) {
        this.pod = pod;
    }

    public String getLogCommand() {
        return logCommand;
    }

    public void setLogCommand(String logCommand) {
        this.logCommand = logCommand;
    }
}
