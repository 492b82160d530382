package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** One namespace's weight in awsBatch.fairShare. */
public class NamespaceShare {

    @JsonPropertyDescription("The namespace.")
    @Required
    @Pattern(Patterns.DNS_LABEL)
    @Size(max = 63)
    private String namespace;

    @JsonPropertyDescription("Its weight factor, 0.0001-999.9999; lower gets more.")
    @Required
    @Min(0.0001)
    @Max(999.9999)
    private Double weightFactor;

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public Double getWeightFactor() {
        return weightFactor;
    }

    public void setWeightFactor(Double weightFactor) {
        this.weightFactor = weightFactor;
    }
}
