package io.sen2cor.operator.stac;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.Patterns;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.validation.TenantPolicy;

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

    /** How far one search may go: page size, time per page and per search, bytes per page, pages. */
    public record Limits(int pageSize, Duration pageTimeout, Duration searchTimeout, int maxPageBytes, int maxPages) {

        /** Test and benchmark defaults around a page size and a page time. */
        public static Limits of(int pageSize, Duration pageTimeout) {
            return new Limits(pageSize, pageTimeout, Duration.ofMinutes(10), 16 << 20, 1000);
        }
    }

    /** Largest search request sent (a selector's intersects, query and filter): catalogues take far less. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int MAX_ERROR_TEXT = 200;
    private static final Logger LOG = Logger.getLogger(StacSearch.class);
    /** Closes the body of a page that has not arrived in time: Java 17's HttpClient times out only the headers. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stac-page-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final HttpClient http;
    private final Limits limits;
    private final CatalogueAccess access;
    private final boolean onlyIds;

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
        // never follow a redirect: it could lead anywhere the allowlist and the address check did not look at
        this.http = HttpClient.newBuilder().connectTimeout(limits.pageTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        this.limits = limits;
        this.access = access;
        this.onlyIds = onlyIds;
    }

    public Result search(SceneSelector selector) {
        String root = selector.getCatalog().replaceFirst("/+$", "");
        Instant deadline = Instant.now().plus(limits.searchTimeout());
        String origin = TenantPolicy.origin(root);
        JsonNode landing = send(HttpRequest.newBuilder(URI.create(root + "/")).GET(), root, "landing page", deadline);
        List<String> conformance = new ArrayList<>();
        landing.path("conformsTo").forEach(c -> conformance.add(c.asText()));
        requireConformance(conformance, selector, root);

        List<Item> items = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        Set<String> seenPages = new HashSet<>();
        int pages = 0;
        boolean fields = onlyIds && conformance.stream().anyMatch(c -> c.endsWith("/item-search#fields"));
        for (ObjectNode first : bodies(selector, limits.pageSize())) {
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
                    throw new CatalogueException("the catalogue's next link points back to a page already read", false, null);
                }
                if (pages >= limits.maxPages()) {
                    throw new CatalogueException("the search read " + pages + " pages without finishing (" + items.size()
                            + " items, " + distinct.size() + " products); narrow the area or time", false, null);
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
                JsonNode page = send(request, root, "search page " + (pages + 1), deadline);
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
        return new Result(items, pages, false);
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

    /**
     * One request within the page and search deadlines, its body read up to {@code maxPageBytes}. Error text is kept
     * short and free of anything the catalogue could use to reach a tenant's status: the HTTP status, and a STAC API
     * error's own description (cut, one line); connection errors all read alike.
     */
    private JsonNode send(HttpRequest.Builder builder, String root, String what, Instant searchDeadline) {
        HttpRequest request = builder.header("Accept", "application/geo+json, application/json").build();
        if (access != null) {
            access.check(request.uri().toString());
        }
        String where = "catalogue " + TenantPolicy.display(root) + " (" + what + ")";
        Duration left = Duration.between(Instant.now(), searchDeadline);
        if (left.isNegative() || left.isZero()) {
            throw new CatalogueException("the search did not finish within " + limits.searchTimeout().toMinutes() + " min", true, null);
        }
        Duration pageTime = left.compareTo(limits.pageTimeout()) < 0 ? left : limits.pageTimeout();
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        HttpResponse<InputStream> response;
        try {
            response = pending.get(pageTime.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.cancel(true);
            throw new CatalogueException(where + " did not answer within " + pageTime.toSeconds() + " s", true, null);
        } catch (ExecutionException e) {
            LOG.debugf(e.getCause(), "%s: request failed", where);
            throw new CatalogueException(where + " could not be reached", true, null);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            throw new CatalogueException("the search was cancelled", true, e);
        }
        byte[] body = read(response.body(), pageTime, where);
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            throw new CatalogueException(where + " answered with a redirect (HTTP " + status + "), which is not followed: "
                    + "give the catalogue's final URL", false, null);
        }
        if (status >= 400) {
            throw new CatalogueException(where + " answered HTTP " + status + errorText(body), status >= 500 || status == 429, null);
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new CatalogueException(where + " answered with something that is not JSON", false, null);
        }
    }

    /**
     * The body, whole, within the page's time and size limit. At the deadline the stream is closed and the reading
     * thread interrupted: a body that stops arriving must not hold a search thread for ever.
     */
    private byte[] read(InputStream in, Duration pageTime, String where) {
        Thread reader = Thread.currentThread();
        AtomicBoolean late = new AtomicBoolean();
        Object lock = new Object();
        boolean[] done = {false};
        ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
            synchronized (lock) {
                if (!done[0]) {
                    late.set(true);
                    closeQuietly(in);
                    reader.interrupt();
                }
            }
        }, pageTime.toMillis(), TimeUnit.MILLISECONDS);
        try (in) {
            byte[] bytes = in.readNBytes(limits.maxPageBytes() + 1);
            if (bytes.length > limits.maxPageBytes()) {
                throw new CatalogueException(where + " answered with more than " + limits.maxPageBytes() / 1024
                        + " KiB in one page", false, null);
            }
            return bytes;
        } catch (IOException e) {
            if (late.get()) {
                throw new CatalogueException(where + " did not send its answer within " + pageTime.toSeconds() + " s", true, null);
            }
            throw new CatalogueException(where + " could not be reached", true, null);
        } finally {
            synchronized (lock) {
                done[0] = true;
            }
            watchdog.cancel(false);
            if (late.get()) {
                Thread.interrupted(); // the watchdog's interrupt was for this read only
            }
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader fails with its own error
        }
    }

    /** ": <description>" of a STAC API error body ({"code", "description"}), one printable line, cut; else nothing. */
    static String errorText(byte[] body) {
        try {
            JsonNode error = JSON.readTree(body);
            String text = error.path("description").asText(error.path("detail").asText(""));
            text = text.replaceAll("[^\\x20-\\x7e]+", " ").replaceAll("[a-z][a-z0-9+.-]*://\\S+", "<url>").strip();
            if (text.isEmpty()) {
                return "";
            }
            return ": " + (text.length() > MAX_ERROR_TEXT ? text.substring(0, MAX_ERROR_TEXT) + "..." : text);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
