package io.sen2cor.operator.api;

import java.util.List;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * Which L1C items of a STAC API: the catalogue, the collection, the area and the conditions, without a time range.
 * A Sen2CorJob's scenes add a closed time range ({@link SceneSelector}); a Sen2CorSubscription's add the times it
 * polls. Both carry the class rules below (annotations on a superclass do not reach the schema of a subclass).
 */
public class SceneFilter {

    public static final String NEEDS_AREA = "has(self.bbox) || has(self.intersects) || has(self.mgrsTiles)";
    public static final String NEEDS_AREA_MESSAGE = "scenes needs an area: bbox, intersects or mgrsTiles";
    public static final String ONE_SHAPE = "!(has(self.bbox) && has(self.intersects))";
    public static final String ONE_SHAPE_MESSAGE = "scenes.bbox and scenes.intersects exclude each other";

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

    public Double getMaxCloudCover() {
        return maxCloudCover;
    }

    public void setMaxCloudCover(Double maxCloudCover) {
        this.maxCloudCover = maxCloudCover;
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

    public SameDatatake getSameDatatake() {
        return sameDatatake;
    }

    public void setSameDatatake(SameDatatake sameDatatake) {
        this.sameDatatake = sameDatatake;
    }
}
