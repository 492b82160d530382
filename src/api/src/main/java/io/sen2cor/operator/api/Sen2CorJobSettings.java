package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What a Sen2CorJob runs with, apart from its scenes: the environment, the source, the output, Sen2Cor's settings,
 * the image and the compute per scene. A Sen2CorSubscription's jobTemplate is this, so it carries none of the
 * Sen2CorJob's rules about what cannot change (those are on {@link Sen2CorJobSpec}).
 */
public class Sen2CorJobSettings {

    @JsonPropertyDescription("Name of the cluster-scoped BatchEnvironment to run on. It must allow this namespace "
            + "(allowedNamespaces) and this output (allowedOutputs). A Sen2CorJob's cannot change once created.")
    @Required
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    private String environmentRef;

    @JsonPropertyDescription("Where the L1C products are read from. A Sen2CorJob's cannot change once created.")
    private SourceSpec source = new SourceSpec();

    @JsonPropertyDescription("Where the L2A products and per-scene result records are written. A Sen2CorJob's cannot "
            + "change once created.")
    @Required
    private OutputSpec output;

    @JsonPropertyDescription("Sen2Cor settings.")
    private Sen2CorSettings sen2cor = new Sen2CorSettings();

    @JsonPropertyDescription("Runner container image (Sen2Cor plus the runner); its repository must be one of the "
            + "environment's allowedImages. Default: the operator's configured runner image. A Sen2CorJob's cannot "
            + "change once created.")
    @Size(max = 512)
    @Pattern("^[a-z0-9]+([._/:@-][A-Za-z0-9_.-]+)*$")
    private String image;

    @JsonPropertyDescription("Compute per scene. Sen2Cor at 10 m needs about 8-16 GiB and 20-60 minutes per tile.")
    private ResourcesSpec resources = new ResourcesSpec();

    @JsonPropertyDescription("Retries per scene. Spot interruptions and transient errors are retried up to attempts; "
            + "permanent errors (bad product, Sen2Cor failure) are not.")
    private RetrySpec retry = new RetrySpec();

    @JsonPropertyDescription("Time limit per scene attempt, e.g. 2h, 90m. At least 60s (AWS Batch's minimum attempt "
            + "duration).")
    @Pattern(Patterns.DURATION)
    @ValidationRule(value = "duration(self) >= duration('60s')",
            message = "timeout must be at least 60s (AWS Batch's minimum attempt duration)")
    @Default("2h")
    private String timeout = "2h";

    public String getEnvironmentRef() {
        return environmentRef;
    }

    public void setEnvironmentRef(String environmentRef) {
        this.environmentRef = environmentRef;
    }

    public SourceSpec getSource() {
        return source;
    }

    public void setSource(SourceSpec source) {
        this.source = source;
    }

    public OutputSpec getOutput() {
        return output;
    }

    public void setOutput(OutputSpec output) {
        this.output = output;
    }

    public Sen2CorSettings getSen2cor() {
        return sen2cor;
    }

    public void setSen2cor(Sen2CorSettings sen2cor) {
        this.sen2cor = sen2cor;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public ResourcesSpec getResources() {
        return resources;
    }

    public void setResources(ResourcesSpec resources) {
        this.resources = resources;
    }

    public RetrySpec getRetry() {
        return retry;
    }

    public void setRetry(RetrySpec retry) {
        this.retry = retry;
    }

    public String getTimeout() {
        return timeout;
    }

    public void setTimeout(String timeout) {
        this.timeout = timeout;
    }
}
