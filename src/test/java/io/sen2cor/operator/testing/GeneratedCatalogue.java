package io.sen2cor.operator.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.stac.StacSearch;

/**
 * A generated STAC API on 127.0.0.1 of {@code items} L1C items (the JDK's HTTP server; not a real catalogue, whose
 * paging StacSearchOnStacApiTest covers on pgstac): it advertises item search with the query and fields extensions,
 * answers every search with its items in order, as stac-fastapi does with the fields extension asked (only id,
 * s2:product_uri and grid:code), and pages with GET next links. Item i is sensed i seconds after 2019-01-01 on 36NXF,
 * its own datatake, so every item is a distinct product.
 */
public final class GeneratedCatalogue implements AutoCloseable {

    public static final int PAGE = 250;
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
    static final Instant START = Instant.parse("2019-01-01T00:00:00Z");

    private final int items;
    private final HttpServer server;
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile boolean fieldsAsked;

    public GeneratedCatalogue(int items) throws IOException {
        this.items = items;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The operator's defaults (OperatorConfig.Stac): pages of 250, 4,100 pages, 30 minutes, 16 MiB a page. */
    public static StacSearch operatorsSearch() {
        return new StacSearch(new StacSearch.Limits(PAGE, Duration.ofSeconds(60), Duration.ofMinutes(30),
                16 << 20, 4100), null, true, true);
    }

    public static SceneSelector everything(String catalog) {
        SceneSelector selector = new SceneSelector();
        selector.setCatalog(catalog);
        selector.setMgrsTiles(List.of("36NXF"));
        selector.setDatetime("2019-01-01T00:00:00Z/2019-02-01T00:00:00Z");
        selector.setLimit(SceneSelector.MAX_SELECTED);
        return selector;
    }

    public String root() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The product id of item {@code i}. */
    public static String product(int i) {
        String t = TIME.format(START.plusSeconds(i));
        return "S2A_MSIL1C_" + t + "_N0500_R135_T36NXF_" + t;
    }

    public int pagesServed() {
        return pages.get();
    }

    public long bytesServed() {
        return bytes.get();
    }

    public boolean fieldsAsked() {
        return fieldsAsked;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String body;
        if (path.equals("/")) {
            body = "{\"conformsTo\": [\"https://api.stacspec.org/v1.0.0/core\", \"https://api.stacspec.org/v1.0.0/item-search\","
                    + " \"https://api.stacspec.org/v1.0.0/item-search#fields\", \"https://api.stacspec.org/v1.0.0/item-search#query\"],"
                    + " \"links\": []}";
        } else if (path.equals("/collections/sentinel-2-l1c")) {
            body = "{\"id\": \"sentinel-2-l1c\", \"type\": \"Collection\"}";
        } else if (path.equals("/search")) {
            try (InputStream in = exchange.getRequestBody()) {
                if (new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("\"fields\"")) {
                    fieldsAsked = true;
                }
            }
            String query = exchange.getRequestURI().getQuery();
            body = page(query == null ? 0 : Integer.parseInt(query.substring(query.indexOf('=') + 1)));
            pages.incrementAndGet();
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] out = body.getBytes(StandardCharsets.UTF_8);
        bytes.addAndGet(out.length);
        exchange.getResponseHeaders().add("Content-Type", "application/geo+json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
        exchange.close();
    }

    private String page(int page) {
        StringBuilder b = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [");
        for (int i = page * PAGE; i < Math.min(items, (page + 1) * PAGE); i++) {
            b.append(i == page * PAGE ? "" : ",").append("{\"id\": \"S2A_36NXF_").append(i).append("_0_L1C\", \"properties\": ")
                    .append("{\"s2:product_uri\": \"").append(product(i)).append(".SAFE\", \"grid:code\": \"MGRS-36NXF\"}}");
        }
        b.append("], \"links\": [");
        if ((page + 1) * PAGE < items) {
            b.append("{\"rel\": \"next\", \"method\": \"GET\", \"href\": \"").append(root()).append("/search?page=")
                    .append(page + 1).append("\"}");
        }
        return b.append("]}").toString();
    }
}
