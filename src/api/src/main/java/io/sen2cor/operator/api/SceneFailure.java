package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

public class SceneFailure {

    @JsonPropertyDescription("L1C product id of the scene.")
    private String product;

    @JsonPropertyDescription("Why it failed (runner error, status reason, pod termination reason).")
    private String reason;

    @JsonPropertyDescription("Attempts made.")
    private Integer attempts;

    @JsonPropertyDescription("Where the log is (CloudWatch log stream or pod name).")
    private String logStream;

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
}
