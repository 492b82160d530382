package io.sen2cor.operator.stac;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.Patterns;
import io.sen2cor.operator.api.SceneSelector;

/**
 * One STAC API item search (docs/stac.md): checks the landing page's conformance classes, POSTs the search and
 * follows its {@code next} links (POST with the link's body, merged when it says so, or GET) until the catalogue has
 * no more pages or more distinct products than the selector's limit have been seen. Each item gives its L1C
 * product id from {@code s2:product_uri} (Earth Search) or its own id (catalogues that name items after products).
 */
public final class StacSearch {

    static final String ITEM_SEARCH = "https://api.stacspec.org/v1.0.0/item-search";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One matched item: its id and the L1C product it names, or null when it names none the sources can serve. */
    public record Item(String id, String productId) {
    }

    /** The items in the catalogue's order, the pages read, and whether reading stopped above the limit. */
    public record Result(List<Item> items, int pages, boolean overLimit) {
    }

    /** The catalogue answered with an error, or not at all. {@code retryable}: 5xx, timeouts, connection errors. */
    public static final class CatalogueException extends RuntimeException {
        private final boolean retryable;

        public CatalogueException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final HttpClient http;
    private final int pageSize;
    private final Duration requestTimeout;
    private final boolean onlyIds;

    public StacSearch(int pageSize, Duration requestTimeout) {
        this(pageSize, requestTimeout, true);
    }

    /** {@code onlyIds}: where the catalogue offers the fields extension, ask only for what names the product. */
    public StacSearch(int pageSize, Duration requestTimeout, boolean onlyIds) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NORMAL).build();
        this.pageSize = pageSize;
        this.requestTimeout = requestTimeout;
        this.onlyIds = onlyIds;
    }

    public Result search(SceneSelector selector) {
        String root = selector.getCatalog().replaceFirst("/+$", "");
        JsonNode landing = send(HttpRequest.newBuilder(URI.create(root + "/")).GET(), root + "/");
        List<String> conformance = new ArrayList<>();
        landing.path("conformsTo").forEach(c -> conformance.add(c.asText()));
        requireConformance(conformance, selector, root);

        List<Item> items = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        Set<String> seenPages = new HashSet<>();
        int pages = 0;
        boolean fields = onlyIds && conformance.stream().anyMatch(c -> c.endsWith("/item-search#fields"));
        for (ObjectNode first : bodies(selector, pageSize)) {
            ObjectNode body = first;
            if (fields) {
                // a page of full items is megabytes of assets and geometry nobody reads here
                ObjectNode f = body.putObject("fields");
                f.putArray("include").add("id").add("properties.s2:product_uri");
                f.putArray("exclude").add("assets").add("geometry").add("links").add("bbox");
            }
            URI next = URI.create(root + "/search");
            String method = "POST";
        while (next != null) {
            if (!seenPages.add(method + " " + next + " " + body)) {
                throw new CatalogueException("the catalogue's next link points back to a page already read: " + next, false, null);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(next);
            if (method.equals("POST")) {
                request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString()));
            } else {
                request.GET();
            }
            JsonNode page = send(request, next.toString());
            pages++;
            for (JsonNode feature : page.path("features")) {
                Item item = item(feature);
                items.add(item);
                if (item.productId() != null) {
                    distinct.add(item.productId());
                }
            }
            if (distinct.size() > selector.getLimit()) {
                return new Result(items, pages, true);
            }
            JsonNode link = nextLink(page);
            if (link == null || page.path("features").isEmpty()) {
                next = null;
            } else {
                next = URI.create(link.path("href").asText());
                method = link.path("method").asText("GET").toUpperCase();
                if (method.equals("POST") && link.has("body")) {
                    ObjectNode linkBody = (ObjectNode) link.get("body");
                    body = link.path("merge").asBoolean(false) ? merge(body, linkBody) : linkBody;
                }
            }
        }
        }
        return new Result(items, pages, false);
    }

    /**
     * The search requests for a selector (pure): one, or one per MGRS tile, since the query extension's operators
     * are only eq, neq, lt, lte, gt and gte in stac-fastapi (its "in" is not portable).
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
            query.putObject("eo:cloud_cover").put("lte", s.getMaxCloudCover());
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
    static Item item(JsonNode feature) {
        String id = feature.path("id").asText();
        for (String candidate : new String[] {feature.path("properties").path("s2:product_uri").asText(""), id}) {
            String name = candidate.replaceFirst("\\.SAFE$", "");
            if (name.matches(Patterns.L1C_PRODUCT_ID)) {
                return new Item(id, name);
            }
        }
        return new Item(id, null);
    }

    private static void requireConformance(List<String> conformance, SceneSelector s, String root) {
        if (conformance.stream().noneMatch(c -> c.matches("https://api\\.stacspec\\.org/v1\\.[0-9.]+(-[a-z0-9.]+)?/item-search"))) {
            throw new CatalogueException(root + " does not conform to STAC API Item Search (" + ITEM_SEARCH + ")", false, null);
        }
        boolean needsQuery = s.getQuery() != null || s.getMaxCloudCover() != null || s.getMgrsTiles() != null;
        if (needsQuery && conformance.stream().noneMatch(c -> c.endsWith("/item-search#query"))) {
            throw new CatalogueException(root + " does not offer the query extension that maxCloudCover, mgrsTiles and query need", false, null);
        }
        if (s.getFilter() != null && conformance.stream().noneMatch(c -> c.endsWith("item-search#filter") || c.endsWith("/conf/cql2-json"))) {
            throw new CatalogueException(root + " does not offer the filter extension (CQL2-JSON) that scenes.filter needs", false, null);
        }
    }

    private static JsonNode nextLink(JsonNode page) {
        for (JsonNode link : page.path("links")) {
            if ("next".equals(link.path("rel").asText())) {
                return link;
            }
        }
        return null;
    }

    private static ObjectNode merge(ObjectNode base, ObjectNode extra) {
        ObjectNode merged = base.deepCopy();
        merged.setAll(extra);
        return merged;
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request.timeout(requestTimeout).header("Accept", "application/geo+json, application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new CatalogueException(what + " did not answer within " + requestTimeout.toSeconds() + " s", true, e);
        } catch (IOException e) {
            throw new CatalogueException(what + " is unreachable: " + e, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogueException("interrupted while asking " + what, true, e);
        }
        int status = response.statusCode();
        if (status >= 400) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new CatalogueException(what + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body),
                    status >= 500 || status == 429, null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new CatalogueException(what + " answered with something that is not JSON", false, e);
        }
    }
}
