package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.testing.LoopbackHttp;

/**
 * Many MGRS tiles in one search with the query extension's "in", where a catalogue takes it, and tile by tile where it
 * refuses it (stac-fastapi-pgstac answers 400) or ignores it (every tile comes back): catalogues on 127.0.0.1 that
 * answer each way, with the items of three tiles.
 */
class ManyTilesSearchTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> PRODUCTS = Map.of(
            "MGRS-36NXF", "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707",
            "MGRS-36NYF", "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707",
            "MGRS-36NZF", "S2A_MSIL1C_20190122T075221_N0207_R135_T36NZF_20190122T091707");

    final List<JsonNode> searches = new CopyOnWriteArrayList<>();
    HttpServer catalogue;

    @AfterEach
    void stop() {
        catalogue.stop(0);
    }

    /** A catalogue that answers a search's "in" by {@code in}: "honour", "refuse" (400) or "ignore". */
    String start(String in) throws IOException {
        catalogue = LoopbackHttp.start(ex -> {
            try {
                answer(ex, in);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return "http://127.0.0.1:" + catalogue.getAddress().getPort();
    }

    void answer(com.sun.net.httpserver.HttpExchange ex, String in) throws IOException {
        {
            if (!ex.getRequestURI().getPath().endsWith("/search")) {
                LoopbackHttp.answer(ex, 200, "{\"conformsTo\":[\"https://api.stacspec.org/v1.0.0/item-search\","
                        + "\"https://api.stacspec.org/v1.0.0/item-search#query\"],\"links\":[]}");
                return;
            }
            JsonNode body = JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            searches.add(body);
            JsonNode grid = body.at("/query/grid:code");
            List<String> codes = new ArrayList<>();
            if (grid.has("eq")) {
                codes.add(grid.get("eq").asText());
            } else if (in.equals("refuse")) {
                LoopbackHttp.answer(ex, 400, "{\"code\":\"RequestValidationError\",\"description\":\"in is not an operator\"}");
                return;
            } else if (in.equals("honour")) {
                grid.get("in").forEach(c -> codes.add(c.asText()));
            } else {
                codes.addAll(PRODUCTS.keySet());
            }
            StringBuilder features = new StringBuilder();
            for (String code : codes.stream().sorted().toList()) {
                features.append(features.length() == 0 ? "" : ",").append("{\"id\":\"").append(code).append("\",\"properties\":{")
                        .append("\"grid:code\":\"").append(code).append("\",\"s2:product_uri\":\"").append(PRODUCTS.get(code))
                        .append(".SAFE\"}}");
            }
            LoopbackHttp.answer(ex, 200, "{\"features\":[" + features + "],\"links\":[]}");
        }
    }

    StacSearch.Result search(String root) {
        SceneSelector s = new SceneSelector();
        s.setCatalog(root);
        s.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        s.setMgrsTiles(List.of("36NXF", "36NYF"));
        return new StacSearch(100, Duration.ofSeconds(5)).search(s);
    }

    static List<String> products(StacSearch.Result r) {
        return r.items().stream().map(StacSearch.Item::productId).sorted().toList();
    }

    @Test
    void aCatalogueThatTakesInIsSearchedOnceForAllTiles() throws IOException {
        StacSearch.Result r = search(start("honour"));
        assertThat(products(r)).containsExactly(PRODUCTS.get("MGRS-36NXF"), PRODUCTS.get("MGRS-36NYF"));
        assertThat(searches).hasSize(1);
        assertThat(searches.get(0).at("/query/grid:code/in").toString()).isEqualTo("[\"MGRS-36NXF\",\"MGRS-36NYF\"]");
    }

    @Test
    void aCatalogueThatRefusesInIsSearchedTileByTile() throws IOException {
        StacSearch.Result r = search(start("refuse"));
        assertThat(products(r)).containsExactly(PRODUCTS.get("MGRS-36NXF"), PRODUCTS.get("MGRS-36NYF"));
        assertThat(searches).hasSize(3);
    }

    @Test
    void aCatalogueThatIgnoresInIsSearchedTileByTileAndNoOtherTileIsSelected() throws IOException {
        StacSearch.Result r = search(start("ignore"));
        assertThat(products(r)).as("36NZF, which the ignored condition let through, is not selected")
                .containsExactly(PRODUCTS.get("MGRS-36NXF"), PRODUCTS.get("MGRS-36NYF"));
        assertThat(searches).hasSize(3);
    }
}
