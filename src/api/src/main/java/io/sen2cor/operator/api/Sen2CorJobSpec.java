package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.products) != has(self.scenes)",
        message = "give the scenes either as products (a list of L1C product ids) or as scenes (a STAC selector), not both")
@ValidationRule(value = "has(self.scenes) == has(oldSelf.scenes)", message = "products and scenes cannot replace each other; create a new Sen2CorJob")
// what a job runs as, reads and writes is admitted once per round against its environment; letting it change
// after submission would send later rounds somewhere admission never looked at (docs/security.md)
@ValidationRule(value = "has(self.image) == has(oldSelf.image) && (!has(self.image) || self.image == oldSelf.image)",
        message = "image cannot change; create a new Sen2CorJob")
public class Sen2CorJobSpec {

    /** Inline scene lists are capped so the object stays far below etcd's ~1.5 MiB limit (64 B per id). */
    public static final int MAX_INLINE_PRODUCTS = 10000;

    @JsonPropertyDescription("Name of the cluster-scoped BatchEnvironment to run on. It must allow this namespace "
            + "(allowedNamespaces) and this output (allowedOutputs).")
    @Required
    @Pattern(Patterns.DNS_SUBDOMAIN)
    @Size(max = 253)
    @ValidationRule(value = "self == oldSelf", message = "environmentRef cannot change; create a new Sen2CorJob")
    private String environmentRef;

    @JsonPropertyDescription("Sentinel-2 L1C product ids to process, one scene each, e.g. "
            + "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707. At most 10000 per Sen2CorJob; "
            + "cannot change once created. Use `kubectl apply --server-side` for lists of more than ~3000 ids "
            + "(client-side apply copies the object into an annotation capped at 256 KiB). Exclusive with scenes.")
    @Size(min = 1, max = MAX_INLINE_PRODUCTS)
    @ValidationRule(value = "self == oldSelf", message = "products cannot change after submission; create a new Sen2CorJob")
    // the long names of products made before December 2016 (baselines 02.01-02.03) have no compact form that
    // sentinel-s2-l1c or CDSE serve; say so instead of only "does not match" (docs/architecture.md, baselines)
    @ValidationRule(value = "self.all(p, !p.contains('_OPER_'))", message = "long pre-2017 product names (S2A_OPER_PRD_MSIL1C_..., "
            + "baselines 02.01-02.03) are not served in compact form by sentinel-s2-l1c, only under that name in the old "
            + "multi-tile .SAFE format, which is not supported: give the compact name (S2x_MSIL1C_...) of the product's "
            + "reprocessed version (baseline 05.00 or later, e.g. from Copernicus Data Space)")
    // 60 is a compact id's length; the limit admits the 78 characters of a long name so that the rule above, not
    // "Too long", is what its author reads (the API server skips CEL rules after a length error)
    @JsonDeserialize(contentUsing = InternedString.class)
    private List<@Pattern(Patterns.L1C_PRODUCT_ID) @Size(max = 80) String> products;

    @JsonPropertyDescription("The scenes as a STAC search (area, time, cloud cover), resolved once when the job is "
            + "created; status.selection holds the product ids it froze. Exclusive with products.")
    @ValidationRule(value = "self == oldSelf", message = "scenes cannot change after creation; create a new Sen2CorJob")
    private SceneSelector scenes;

    @JsonPropertyDescription("Where the L1C products are read from. Cannot change once created.")
    @ValidationRule(value = "self == oldSelf", message = "source cannot change; create a new Sen2CorJob")
    private SourceSpec source = new SourceSpec();

    @JsonPropertyDescription("Where the L2A products and per-scene result records are written. Cannot change once "
            + "created.")
    @Required
    @ValidationRule(value = "self == oldSelf", message = "output cannot change; create a new Sen2CorJob")
    private OutputSpec output;

    @JsonPropertyDescription("Sen2Cor settings.")
    private Sen2CorSettings sen2cor = new Sen2CorSettings();

    @JsonPropertyDescription("Runner container image (Sen2Cor plus the runner); its repository must be one of the "
            + "environment's allowedImages. Default: the operator's configured runner image. Cannot change once created.")
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

    @JsonPropertyDescription("Raise it (e.g. 0 to 1) to run the failed scenes again once the current run has finished; "
            + "only failed scenes are resubmitted. status.retriedGeneration shows the last value acted on.")
    @Min(0)
    @Default("0")
    private Integer retryGeneration = 0;

    @JsonPropertyDescription("true: submit nothing new and cancel queued work; running scenes finish. false resumes.")
    @Default("false")
    private Boolean suspend = Boolean.FALSE;

    public String getEnvironmentRef() {
        return environmentRef;
    }

    public void setEnvironmentRef(String environmentRef) {
        this.environmentRef = environmentRef;
    }

    public List<String> getProducts() {
        return products;
    }

    public void setProducts(List<String> products) {
        this.products = products;
    }

    public SceneSelector getScenes() {
        return scenes;
    }

    public void setScenes(SceneSelector scenes) {
        this.scenes = scenes;
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

    public Boolean getSuspend() {
        return suspend;
    }

    public void setSuspend(Boolean suspend) {
        this.suspend = suspend;
    }

    public Integer getRetryGeneration() {
        return retryGeneration;
    }

    public void setRetryGeneration(Integer retryGeneration) {
        this.retryGeneration = retryGeneration;
    }
}
