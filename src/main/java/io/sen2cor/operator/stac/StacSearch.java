package io.sen2cor.operator.stac;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.contract.SourceItems;
import io.sen2cor.operator.validation.TenantPolicy;

/**
 * One STAC API item search (docs/stac.md): checks the landing page's conformance classes, POSTs the search and
 * follows its {@code next} links (POST with the link's body, merged when it says so, or GET) until the catalogue has
 * no more pages or more distinct products than the selector's limit have been seen. Each item gives its L1C
 * product id from {@code s2:product_uri} (Earth Search) or its own id (catalogues that name items after products).
 */
public final class StacSearch {

    static final String ITEM_SEARCH = "https://api.stacspec.org/v1.0.0/item-search";

    /**
     * One matched item: its id, the L1C product it names (null when it names none the sources can serve) and its
     * grid:code (MGRS-36NXF), when it has one.
     */
    public record Item(String id, String productId, String gridCode) {

        public Item(String id, String productId) {
            this(id, productId, null);
        }

    }

    /** The items in the catalogue's order, the pages read, and whether reading stopped above the limit. */
    public record Result(List<Item> items, int pages, boolean overLimit, Tally tally) {

        public Result(List<Item> items, int pages, boolean overLimit) {
            this(items, pages, overLimit, Tally.of(items));
        }
    }

    /**
     * What a selection reads of the items: how many matched, the distinct products they name, and how many name none
     * (with the first ids of those). All a search keeps with {@code selectionOnly}, where a million items may match.
     */
    public record Tally(int matched, Set<String> products, int unservable, List<String> unservableIds, String itemIdForm) {

        static Tally of(List<Item> items) {
            Counting counting = new Counting();
            items.forEach(counting::add);
            return counting.tally();
        }
    }

    /** A {@link Tally} as the items come in, page by page. */
    private static final class Counting {
        private final Set<String> products = new HashSet<>();
        private final List<String> unservableIds = new ArrayList<>();
        /** The {@link SourceItems#ID_FORMS} every item with a product so far fits. */
        private final List<String> idForms = new ArrayList<>(SourceItems.ID_FORMS);
        private int matched;
        private int unservable;

        void add(Item item) {
            matched++;
            if (item.productId() != null) {
                products.add(item.productId());
                if (!idForms.isEmpty()) {
                    idForms.removeIf(form -> !SourceItems.expand(form, item.productId()).equals(item.id()));
                }
            } else if (unservable++ < SceneSelection.LISTED_UNSERVABLE) {
                unservableIds.add(item.id());
            }
        }

        int matched() {
            return matched;
        }

        int distinct() {
            return products.size();
        }

        Tally tally() {
            return new Tally(matched, products, unservable, unservableIds,
                    products.isEmpty() || idForms.isEmpty() ? null : idForms.get(0));
        }
    }

    /** The catalogue answered with an error, or not at all. {@code retryable}: 5xx, timeouts, connection errors. */
    public static final class CatalogueException extends RuntimeException {
        private final boolean retryable;
        private final int status;

        public CatalogueException(String message, boolean retryable, Throwable cause) {
            this(message, retryable, cause, 0);
        }

        CatalogueException(String message, boolean retryable, Throwable cause, int status) {
            super(message, cause);
            this.retryable = retryable;
            this.status = status;
        }

        public boolean retryable() {
            return retryable;
        }

        /** The catalogue's HTTP status, 0 when it gave none. */
        int status() {
            return status;
        }
    }

    /** How far one search may go: page size, time per page and per search, bytes per page, pages. */
    public record Limits(int pageSize, Duration pageTimeout, Duration searchTimeout, int maxPageBytes, int maxPages) {

        /** Test and benchmark defaults around a page size and a page time. */
        public static Limits of(int pageSize, Duration pageTimeout) {
            return new Limits(pageSize, pageTimeout, Duration.ofMinutes(10), 16 << 20, 1000);
        }
    }

    /** Largest search request sent (a selector's intersects, query and filter): catalogues take far less. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(StacSearch.class);

    private final CatalogueClient catalogue;
    private final Limits limits;
    private final boolean onlyIds;
    private final boolean selectionOnly;

    /** Test and benchmark form: any catalogue, private addresses included (the local STAC server). */
    public StacSearch(int pageSize, Duration requestTimeout) {
        this(Limits.of(pageSize, requestTimeout), null, true);
    }

    public StacSearch(int pageSize, Duration requestTimeout, boolean onlyIds) {
        this(Limits.of(pageSize, requestTimeout), null, onlyIds);
    }

    /**
     * @param access  which catalogues may be fetched, checked before every request; null: any (tests only)
     * @param onlyIds where the catalogue offers the fields extension, ask only for what names the product
     */
    public StacSearch(Limits limits, CatalogueAccess access, boolean onlyIds) {
        this(limits, access, onlyIds, false);
    }

    /**
     * @param selectionOnly keep only the {@link Tally}, not the items: the operator's form, whose searches may match a
     *                      million items
     */
    public StacSearch(Limits limits, CatalogueAccess access, boolean onlyIds, boolean selectionOnly) {
        this.catalogue = new CatalogueClient(limits, access);
        this.limits = limits;
        this.onlyIds = onlyIds;
        this.selectionOnly = selectionOnly;
    }

    public Result search(SceneSelector selector) {
        String root = selector.getCatalog().replaceFirst("/+$", "");
        Instant deadline = Instant.now().plus(limits.searchTimeout());
        JsonNode landing = catalogue.send(HttpRequest.newBuilder(URI.create(root + "/")).GET(), root, "landing page", deadline);
        List<String> conformance = new ArrayList<>();
        landing.path("conformsTo").forEach(c -> conformance.add(c.asText()));
        requireConformance(conformance, selector, root);
        requireCollection(root, selector.getCollection(), deadline);
        boolean fields = onlyIds && conformance.stream().anyMatch(c -> c.endsWith("/item-search#fields"));

        List<String> tiles = selector.getMgrsTiles();
        if (tiles != null && tiles.size() > 1) {
            // one search for every tile where the catalogue takes the query extension's "in" (stac-server, pgstac);
            // one that refuses it (400) or ignores it (an item of another tile comes back) is searched tile by tile
            Set<String> codes = new HashSet<>();
            tiles.forEach(t -> codes.add("MGRS-" + t));
            try {
                Result all = pages(List.of(SearchRequests.inBody(selector, limits.pageSize())), selector, root, fields, codes, deadline);
                if (all != null) {
                    return all;
                }
                LOG.debugf("%s ignores the query extension's \"in\": searching %d tiles one by one", TenantPolicy.display(root),
                        tiles.size());
            } catch (CatalogueException e) {
                if (e.status() != 400) {
                    throw e;
                }
                LOG.debugf("%s refuses the query extension's \"in\": searching %d tiles one by one", TenantPolicy.display(root),
                        tiles.size());
            }
        }
        return pages(SearchRequests.bodies(selector, limits.pageSize()), selector, root, fields, null, deadline);
    }

    /**
     * Reads every page of each search body, following next links, until the catalogue has no more or more distinct
     * products than the limit have been seen.
     *
     * @param gridCodes when set, the only grid:codes the items may have: null is returned as soon as one has another
     *                  (or none), since the catalogue then did not apply the condition that named them
     */
    private Result pages(List<ObjectNode> bodies, SceneSelector selector, String root, boolean fields, Set<String> gridCodes,
            Instant deadline) {
        String origin = TenantPolicy.origin(root);
        List<Item> items = new ArrayList<>();
        Counting counting = new Counting();
        Set<String> seenPages = new HashSet<>();
        int pages = 0;
        for (ObjectNode first : bodies) {
            ObjectNode body = first;
            if (fields) {
                // a page of full items is megabytes of assets and geometry nobody reads here
                ObjectNode f = body.putObject("fields");
                f.putArray("include").add("id").add("properties.s2:product_uri").add("properties.grid:code");
                f.putArray("exclude").add("assets").add("geometry").add("links").add("bbox");
            }
            URI next = URI.create(root + "/search");
            String method = "POST";
            while (next != null) {
                if (!seenPages.add(method + " " + next + " " + body)) {
                    throw new CatalogueException("the catalogue's next link points back to a page already read", false, null);
                }
                if (pages >= limits.maxPages()) {
                    throw new CatalogueException("the search read " + pages + " pages without finishing (" + counting.matched()
                            + " items, " + counting.distinct() + " products); narrow the area or time", false, null);
                }
                HttpRequest.Builder request = HttpRequest.newBuilder(next);
                if (method.equals("POST")) {
                    String json = body.toString();
                    if (json.length() > MAX_REQUEST_BYTES) {
                        throw new CatalogueException("the search request is larger than " + MAX_REQUEST_BYTES / 1024
                                + " KiB (intersects, query or filter): simplify the area or the conditions", false, null);
                    }
                    request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
                } else {
                    request.GET();
                }
                JsonNode page = catalogue.send(request, root, "search page " + (pages + 1), deadline);
                pages++;
                for (JsonNode feature : page.path("features")) {
                    Item item = SearchRequests.item(feature);
                    if (gridCodes != null && !gridCodes.contains(item.gridCode())) {
                        return null;
                    }
                    if (!selectionOnly) {
                        items.add(item);
                    }
                    counting.add(item);
                }
                if (counting.distinct() > selector.getLimit()) {
                    return new Result(items, pages, true, counting.tally());
                }
                JsonNode link = nextLink(page);
                if (link == null || page.path("features").isEmpty()) {
                    next = null;
                } else {
                    next = sameOrigin(link.path("href").asText(), origin);
                    method = link.path("method").asText("GET").toUpperCase(Locale.ROOT);
                    if (!method.equals("GET") && !method.equals("POST")) {
                        throw new CatalogueException("the catalogue's next link asks for method " + method.substring(0,
                                Math.min(10, method.length())) + "; only GET and POST are followed", false, null);
                    }
                    if (method.equals("POST") && link.has("body") && link.get("body").isObject()) {
                        ObjectNode linkBody = (ObjectNode) link.get("body");
                        body = link.path("merge").asBoolean(false) ? merge(body, linkBody) : linkBody;
                    }
                }
            }
        }
        return new Result(items, pages, false, counting.tally());
    }

    /**
     * The collection must exist: a catalogue searched for a collection it does not have answers with no items, which
     * would end the job Succeeded with nothing done.
     */
    private void requireCollection(String root, String collection, Instant deadline) {
        try {
            catalogue.send(HttpRequest.newBuilder(URI.create(root + "/collections/"
                    + java.net.URLEncoder.encode(collection, java.nio.charset.StandardCharsets.UTF_8))).GET(), root,
                    "collection " + collection, deadline);
        } catch (CatalogueException e) {
            if (e.status() == 404) {
                throw new CatalogueException(TenantPolicy.display(root) + " has no collection " + collection
                        + " (scenes.collection); its collections are listed at " + TenantPolicy.display(root) + "/collections",
                        false, null, 404);
            }
            throw e;
        }
    }

    /** A next link's target, which must stay on the catalogue's own scheme, host and port. */
    private static URI sameOrigin(String href, String origin) {
        try {
            URI uri = URI.create(href);
            if (uri.isAbsolute() && TenantPolicy.origin(href).equals(origin) && uri.getRawUserInfo() == null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // refused below, with the same words
        }
        throw new CatalogueException("the catalogue's next link leaves " + origin + "; only links to the same catalogue are "
                + "followed", false, null);
    }

    private static void requireConformance(List<String> conformance, SceneSelector s, String root) {
        if (conformance.stream().noneMatch(c -> c.matches("https://api\\.stacspec\\.org/v1\\.[0-9.]+(-[a-z0-9.]+)?/item-search"))) {
            throw new CatalogueException(TenantPolicy.display(root) + " does not conform to STAC API Item Search (" + ITEM_SEARCH + ")", false, null);
        }
        boolean needsQuery = s.getQuery() != null || s.getMaxCloudCover() != null || s.getMgrsTiles() != null;
        if (needsQuery && conformance.stream().noneMatch(c -> c.endsWith("/item-search#query"))) {
            throw new CatalogueException(TenantPolicy.display(root) + " does not offer the query extension that maxCloudCover, mgrsTiles and query need", false, null);
        }
        if (s.getFilter() != null && conformance.stream().noneMatch(c -> c.endsWith("item-search#filter") || c.endsWith("/conf/cql2-json"))) {
            throw new CatalogueException(TenantPolicy.display(root) + " does not offer the filter extension (CQL2-JSON) that scenes.filter needs", false, null);
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
}
