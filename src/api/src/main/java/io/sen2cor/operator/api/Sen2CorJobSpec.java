package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@ValidationRule(value = "has(self.products) != has(self.scenes)",
        message = "give the scenes either as products (a list of L1C product ids) or as scenes (a STAC selector), not both")
@ValidationRule(value = "has(self.scenes) == has(oldSelf.scenes)", message = "products and scenes cannot replace each other; create a new Sen2CorJob")
// what a job runs as, reads and writes is admitted once per round against its environment; letting it change
// after submission would send later rounds somewhere admission never looked at (docs/security.md)
@ValidationRule(value = "has(self.image) == has(oldSelf.image) && (!has(self.image) || self.image == oldSelf.image)",
        message = "image cannot change; create a new Sen2CorJob")
@ValidationRule(value = "self.environmentRef == oldSelf.environmentRef", fieldPath = ".environmentRef",
        message = "environmentRef cannot change; create a new Sen2CorJob")
@ValidationRule(value = "has(self.source) == has(oldSelf.source) && (!has(self.source) || self.source == oldSelf.source)",
        fieldPath = ".source", message = "source cannot change; create a new Sen2CorJob")
@ValidationRule(value = "self.output == oldSelf.output", fieldPath = ".output", message = "output cannot change; create a new Sen2CorJob")
public class Sen2CorJobSpec extends Sen2CorJobSettings {

    /** Inline scene lists are capped so the object stays far below etcd's ~1.5 MiB limit (64 B per id). */
    public static final int MAX_INLINE_PRODUCTS = 10000;

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

    @JsonPropertyDescription("Raise it (e.g. 0 to 1) to run the failed scenes again once the current run has finished; "
            + "only failed scenes are resubmitted. status.retriedGeneration shows the last value acted on.")
    @Min(0)
    @Default("0")
    private Integer retryGeneration = 0;

    @JsonPropertyDescription("true: submit nothing new and cancel queued work; running scenes finish. false resumes.")
    @Default("false")
    private Boolean suspend = Boolean.FALSE;

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
