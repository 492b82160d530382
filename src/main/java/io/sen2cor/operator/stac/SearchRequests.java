package io.sen2cor.operator.stac;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.Patterns;
import io.sen2cor.operator.api.SceneSelector;

/**
 * What a selector asks a STAC API and how an answer's item is read (pure; docs/stac.md): the search bodies, tile by
 * tile or all tiles with "in", and an item's L1C product id and grid code.
 */
final class SearchRequests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SearchRequests() {
    }

    /**
     * The search requests for a selector, tile by tile (pure): one, or one per MGRS tile, for catalogues whose query
     * extension lacks "in" (it is optional: stac-fastapi's default backends have eq, neq, lt, lte, gt and gte only).
     */
    static List<ObjectNode> bodies(SceneSelector s, int pageSize) {
        ObjectNode body = body(s, pageSize);
        if (s.getMgrsTiles() == null || s.getMgrsTiles().isEmpty()) {
            return List.of(body);
        }
        List<ObjectNode> perTile = new ArrayList<>();
        for (String tile : s.getMgrsTiles()) {
            ObjectNode one = body.deepCopy();
            ObjectNode query = one.has("query") ? (ObjectNode) one.get("query") : one.putObject("query");
            query.putObject("grid:code").put("eq", "MGRS-" + tile);
            perTile.add(one);
        }
        return perTile;
    }

    /** One search request for every MGRS tile of the selector, with the query extension's "in" (pure). */
    static ObjectNode inBody(SceneSelector s, int pageSize) {
        ObjectNode body = body(s, pageSize);
        ObjectNode query = body.has("query") ? (ObjectNode) body.get("query") : body.putObject("query");
        ArrayNode codes = query.putObject("grid:code").putArray("in");
        s.getMgrsTiles().forEach(t -> codes.add("MGRS-" + t));
        return body;
    }

    /** The search request for a selector without its tiles: collections, area, datetime, query conditions, filter. */
    static ObjectNode body(SceneSelector s, int pageSize) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("collections").add(s.getCollection());
        body.put("limit", pageSize);
        body.put("datetime", s.getDatetime());
        if (s.getBbox() != null) {
            ArrayNode bbox = body.putArray("bbox");
            s.getBbox().forEach(bbox::add);
        }
        if (s.getIntersects() != null) {
            ObjectNode geometry = body.putObject("intersects");
            geometry.put("type", s.getIntersects().getType());
            geometry.set("coordinates", s.getIntersects().getCoordinates());
        }
        ObjectNode query = s.getQuery() != null && s.getQuery().isObject() ? ((ObjectNode) s.getQuery()).deepCopy()
                : JSON.createObjectNode();
        if (s.getMaxCloudCover() != null) {
            double max = s.getMaxCloudCover();
            // 20, not 20.0, when it is whole: what users write and catalogues' examples show
            if (max == Math.rint(max)) {
                query.putObject("eo:cloud_cover").put("lte", (long) max);
            } else {
                query.putObject("eo:cloud_cover").put("lte", max);
            }
        }
        if (!query.isEmpty()) {
            body.set("query", query);
        }
        if (s.getFilter() != null) {
            body.set("filter", s.getFilter());
            body.put("filter-lang", "cql2-json");
        }
        return body;
    }

    /** An item's L1C product: s2:product_uri without .SAFE, else an id that is a product name; null when neither. */
    static StacSearch.Item item(JsonNode feature) {
        String id = feature.path("id").asText();
        for (String candidate : new String[] {feature.path("properties").path("s2:product_uri").asText(""), id}) {
            String name = candidate.replaceFirst("\\.SAFE$", "");
            if (name.matches(Patterns.L1C_PRODUCT_ID)) {
                return new StacSearch.Item(id, name, gridCode(feature));
            }
        }
        return new StacSearch.Item(id, null, gridCode(feature));
    }

    private static String gridCode(JsonNode feature) {
        JsonNode code = feature.path("properties").path("grid:code");
        return code.isTextual() ? code.asText() : null;
    }
}
