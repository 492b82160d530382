package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

public class RetrySpec {

    @JsonPropertyDescription("Attempts per scene, including the first (AWS Batch allows 1 to 10).")
    @Min(1)
    @Max(10)
    @Default("3")
    private Integer attempts = 3;

    public Integer getAttempts() {
        return attempts;
    }

    public void setAttempts(Integer attempts) {
        this.attempts = attempts;
    }
}
