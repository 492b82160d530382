package io.sen2cor.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A GeoJSON geometry (RFC 7946), as a STAC search's intersects takes it. */
public class GeoJsonGeometry {

    @JsonPropertyDescription("Geometry type: Polygon, MultiPolygon, Point, MultiPoint, LineString or MultiLineString.")
    @Required
    @Pattern("^(Polygon|MultiPolygon|Point|MultiPoint|LineString|MultiLineString)$")
    private String type;

    @JsonPropertyDescription("Coordinates as GeoJSON nests them for the type, longitude first, in degrees.")
    @Required
    private JsonNode coordinates;

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public JsonNode getCoordinates() {
        return coordinates;
    }

    public void setCoordinates(JsonNode coordinates) {
        this.coordinates = coordinates;
    }
}
