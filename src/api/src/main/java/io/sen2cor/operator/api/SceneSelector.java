package io.sen2cor.operator.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** spec.scenes: L1C scenes chosen by area, time and cloud cover from a STAC API, resolved once (docs/stac.md). */
@ValidationRule(value = "has(self.bbox) || has(self.intersects) || has(self.mgrsTiles)",
        message = "scenes needs an area: bbox, intersects or mgrsTiles")
@ValidationRule(value = "!(has(self.bbox) && has(self.intersects))", message = "scenes.bbox and scenes.intersects exclude each other")
public class SceneSelector {

    private static final String TIME = "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})";

    @JsonPropertyDescription("STAC API root. Default: Earth Search v1 on AWS, whose sentinel-2-l1c items carry the "
            + "product names of the sentinel-s2-l1c bucket. It must be one of the operator's allowed catalogues (and of "
            + "the environment's allowedCatalogs, when set); no credentials, query or fragment in it.")
    @Pattern("^https?://[^\\s/@?#]+(/[^\\s@?#]*)?$")
    @Size(max = 1024)
    @Default("https://earth-search.aws.element84.com/v1")
    private String catalog = "https://earth-search.aws.element84.com/v1";

    @JsonPropertyDescription("Collection of L1C items: sentinel-2-l1c on Earth Search v1 and on Copernicus Data Space.")
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @Size(max = 128)
    @Default("sentinel-2-l1c")
    private String collection = "sentinel-2-l1c";

    @JsonPropertyDescription("Area as [west, south, east, north] in degrees (WGS 84).")
    @Size(min = 4, max = 4)
    @ValidationRule(value = "self[0] >= -180.0 && self[2] <= 180.0 && self[1] >= -90.0 && self[3] <= 90.0 && self[1] < self[3]",
            message = "bbox is [west, south, east, north] in degrees: -180 <= west, east <= 180, -90 <= south < north <= 90")
    private List<Double> bbox;

    @JsonPropertyDescription("Area as a GeoJSON geometry (Polygon, MultiPolygon, ...), sent as the search's intersects.")
    private GeoJsonGeometry intersects;

    @JsonPropertyDescription("MGRS tiles, e.g. 36NXF (grid:code MGRS-36NXF on Earth Search).")
    @Size(max = 500)
    private List<@Pattern("^[0-9]{2}[C-HJ-NP-X][A-HJ-NP-Z]{2}$") String> mgrsTiles;

    @JsonPropertyDescription("Sensing time interval, RFC 3339, start/end: 2019-01-01T00:00:00Z/2019-01-31T23:59:59Z "
            + "(.. for one open end, as STAC APIs accept).")
    @Required
    @Pattern("^(" + TIME + "/(" + TIME + "|\\.\\.)|\\.\\./" + TIME + ")$")
    private String datetime;

    @JsonPropertyDescription("Highest eo:cloud_cover in percent, inclusive, e.g. 20 or 12.5.")
    @Min(0)
    @Max(100)
    private Double maxCloudCover;

    @JsonPropertyDescription("More conditions in the STAC query extension's form, e.g. {\"s2:nodata_pixel_percentage\": "
            + "{\"lt\": 10}}; merged with the cloud cover and tile conditions.")
    private JsonNode query;

    @JsonPropertyDescription("A CQL2-JSON filter, where the catalogue advertises the filter extension. Earth Search v1 "
            + "does not (and would ignore one): there the operator refuses it; use query.")
    private JsonNode filter;

    @JsonPropertyDescription("Items of one tile and datatake at several processing baselines (a reprocessing campaign "
            + "published the acquisition again, and catalogues serve both): NewestBaseline processes only the highest "
            + "baseline (the latest product on a tie), All processes each.")
    @Default("NewestBaseline")
    private SameDatatake sameDatatake = SameDatatake.NewestBaseline;

    @JsonPropertyDescription("Most scenes the selection may hold. A selection that matches more fails with a message "
            + "instead of being cut (raise the limit, or narrow the area or time). At most 10000, as spec.products.")
    @Min(1)
    @Max(Sen2CorJobSpec.MAX_INLINE_PRODUCTS)
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

    public String getCatalog() {
        return catalog;
    }

    public void setCatalog(String catalog) {
        this.catalog = catalog;
    }

    public String getCollection() {
        return collection;
    }

    public void setCollection(String collection) {
        this.collection = collection;
    }

    public List<Double> getBbox() {
        return bbox;
    }

    public void setBbox(List<Double> bbox) {
        this.bbox = bbox;
    }

    public GeoJsonGeometry getIntersects() {
        return intersects;
    }

    public void setIntersects(GeoJsonGeometry intersects) {
        this.intersects = intersects;
    }

    public List<String> getMgrsTiles() {
        return mgrsTiles;
    }

    public void setMgrsTiles(List<String> mgrsTiles) {
        this.mgrsTiles = mgrsTiles;
    }

    public String getDatetime() {
        return datetime;
    }

    public void setDatetime(String datetime) {
        this.datetime = datetime;
    }

    public Double getMaxCloudCover() {
        return maxCloudCover;
    }

    public void setMaxCloudCover(Double maxCloudCover) {
        this.maxCloudCover = maxCloudCover;
    }

    public SameDatatake getSameDatatake() {
        return sameDatatake;
    }

    public void setSameDatatake(SameDatatake sameDatatake) {
        this.sameDatatake = sameDatatake;
    }

    public JsonNode getQuery() {
        return query;
    }

    public void setQuery(JsonNode query) {
        this.query = query;
    }

    public JsonNode getFilter() {
        return filter;
    }

    public void setFilter(JsonNode filter) {
        this.filter = filter;
    }

    public Integer getLimit() {
        return limit;
    }

    public void setLimit(Integer limit) {
        this.limit = limit;
    }
}
