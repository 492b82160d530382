package io.sen2cor.operator.api;


import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** spec.scenes: L1C scenes chosen by area, time and cloud cover from a STAC API, resolved once (docs/stac.md). */
@ValidationRule(value = SceneFilter.NEEDS_AREA, message = SceneFilter.NEEDS_AREA_MESSAGE)
@ValidationRule(value = SceneFilter.ONE_SHAPE, message = SceneFilter.ONE_SHAPE_MESSAGE)
public class SceneSelector extends SceneFilter {

    /** The most scenes one selection holds: 100 AWS Batch array jobs of 10,000. */
    public static final int MAX_SELECTED = 1_000_000;

    @JsonPropertyDescription("Sensing time interval, RFC 3339, start/end: 2019-01-01T00:00:00Z/2019-01-31T23:59:59Z "
            + "(.. for one open end, as STAC APIs accept).")
    @Required
    @Pattern("^(" + Patterns.TIME + "/(" + Patterns.TIME + "|\\.\\.)|\\.\\./" + Patterns.TIME + ")$")
    private String datetime;

    @JsonPropertyDescription("Most scenes the selection may hold. A selection that matches more fails with a message "
            + "instead of being cut (raise the limit, or narrow the area or time). At most 1000000: up to 10000 the "
            + "frozen ids are kept in status.selection.products, above that in the output store (status.selection."
            + "manifestUri), which the AWS Batch backend supports and the Kubernetes backend does not.")
    @Min(1)
    @Max(MAX_SELECTED)
    @Default("1000")
    private Integer limit = 1000;

    @JsonPropertyDescription("true: leave out products whose result record in the output (<output>/<L1C id>/result.json) "
            + "already says SUCCEEDED, so a region can be reprocessed without paying twice. Checked once, with the "
            + "selection, on the AWS Batch backend; the runner skips such scenes itself on either backend.")
    @Default("false")
    private Boolean skipExisting = Boolean.FALSE;

    public Boolean getSkipExisting() {
        return skipExisting;
    }

    public void setSkipExisting(Boolean skipExisting) {
        this.skipExisting = skipExisting;
    }

    public String getDatetime() {
        return datetime;
    }

    public void setDatetime(String datetime) {
        this.datetime = datetime;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }
}
