package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.contract.StacCatalog;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.testing.Command;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip of the items a job writes (docs/stac.md): the runner's items and the job's collection, made from
 * real L2A metadata, are loaded with pypgstac into a real pgstac (stac-fastapi-pgstac, {@link StacServer}), found
 * there by the operator's own selector (tile, time, cloud cover), and read back by odc-stac, the loader users load
 * Sentinel-2 with, which resolves each band to its grid from the items' metadata alone (no pixels).
 */
class L2AItemsRoundTripTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String COLLECTION = "eo.kenya-l2a";

    @TempDir
    static Path dir;
    static StacServer server;
    static Map<String, ObjectNode> items = new java.util.LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        server = StacServer.start(dir.resolve("stac"));
        String folder = "s3://eo-l2a/kenya/_sen2cor/eo.kenya-l2a-1234abcd/";
        List<Path> files = new ArrayList<>();
        List<StacCatalog.Item> listed = new ArrayList<>();
        for (Path product : List.of(RealL2AProducts.t33xwj(dir), RealL2AProducts.t01wcp(dir))) {
            String id = product.getFileName().toString().replace(".SAFE", "");
            ObjectNode item = StacItems.item(product, RealL2AProducts.metadata(product), "02.11", new StacItems.Place(
                    "s3://eo-l2a/kenya/" + id + ".SAFE/", "s3://eo-l2a/kenya/" + id + ".json", COLLECTION, folder + "catalog.json",
                    "L1C", "s3://sentinel-s2-l1c/products/", null, null), Instant.parse("2026-12-06T12:00:00Z"));
            items.put(id, item);
            Path file = dir.resolve(id + ".json");
            Files.writeString(file, item.toString());
            files.add(file);
            List<Double> bbox = new ArrayList<>();
            item.path("bbox").forEach(b -> bbox.add(b.asDouble()));
            listed.add(new StacCatalog.Item("s3://eo-l2a/kenya/" + id + ".json", bbox, item.at("/properties/datetime").asText()));
        }
        Path collection = dir.resolve("collection.json");
        Files.writeString(collection, StacCatalog.of("eo", "kenya-l2a", folder + "catalog.json", listed).toString());
        // pypgstac reads item["collection"]: items without it failed here with KeyError
        server.load(collection, files);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static SceneSelector selector() {
        SceneSelector s = new SceneSelector();
        s.setCatalog(server.endpoint().toString());
        s.setCollection(COLLECTION);
        s.setDatetime("2022-01-01T00:00:00Z/2023-12-31T23:59:59Z");
        return s;
    }

    static List<String> ids(StacSearch.Result r) {
        return r.items().stream().map(StacSearch.Item::id).sorted().toList();
    }

    @Test
    void theOperatorsOwnSelectorFindsTheItemsByTileTimeAndCloudCover() {
        SceneSelector tiles = selector();
        tiles.setMgrsTiles(List.of("33XWJ", "01WCP"));
        StacSearch.Result both = new StacSearch(250, Duration.ofSeconds(30)).search(tiles);
        assertThat(ids(both)).containsExactly(RealL2AProducts.T01WCP, RealL2AProducts.T33XWJ);
        assertThat(both.items()).extracting(StacSearch.Item::gridCode).containsExactlyInAnyOrder("MGRS-33XWJ", "MGRS-01WCP");

        SceneSelector one = selector();
        one.setMgrsTiles(List.of("01WCP"));
        assertThat(ids(new StacSearch(250, Duration.ofSeconds(30)).search(one))).containsExactly(RealL2AProducts.T01WCP);

        // the antimeridian tile is found by an area on either side of 180°
        SceneSelector east = selector();
        east.setBbox(List.of(-179.5, 65.8, -179.0, 66.0));
        assertThat(ids(new StacSearch(250, Duration.ofSeconds(30)).search(east))).containsExactly(RealL2AProducts.T01WCP);

        double clouds01 = items.get(RealL2AProducts.T01WCP).at("/properties/eo:cloud_cover").asDouble();
        double clouds33 = items.get(RealL2AProducts.T33XWJ).at("/properties/eo:cloud_cover").asDouble();
        SceneSelector clear = selector();
        clear.setMgrsTiles(List.of("33XWJ", "01WCP"));
        clear.setMaxCloudCover(Math.min(clouds01, clouds33) + 0.001);
        assertThat(ids(new StacSearch(250, Duration.ofSeconds(30)).search(clear)))
                .as("eo:cloud_cover " + clouds01 + " and " + clouds33).hasSize(1);
    }

    @Test
    void odcStacResolvesEveryBandToItsTileGridFromTheItemsAlone() throws IOException {
        Command.Result python = Command.run(List.of("bash", Projects.dir().resolve("src/scripts/stac-server.sh").toString(), "odc"),
                Map.of(), 900);
        assertThat(python.exitCode()).as(python.output()).isZero();
        String interpreter = python.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        Command.Result parsed = Command.run(List.of(interpreter,
                Projects.dir().resolve("src/test/resources/stac/odc/parse_items.py").toString(),
                server.endpoint() + "/collections/" + COLLECTION + "/items?limit=10"), Map.of(), 300);
        assertThat(parsed.exitCode()).as(parsed.output()).isZero();
        String json = parsed.output().strip().lines().reduce((a, b) -> b).orElseThrow();
        System.out.println("odc-stac: " + json);
        JsonNode grids = JSON.readTree(json);

        for (String id : items.keySet()) {
            JsonNode item = items.get(id);
            JsonNode bands = grids.path(id).path("bands");
            assertThat(grids.path(id).path("collection").asText()).isEqualTo(COLLECTION);
            String crs = "EPSG:" + item.at("/properties/proj:epsg").asInt();
            for (String band : List.of("blue", "red", "nir", "nir08", "swir16", "coastal", "scl", "aot", "wvp", "visual")) {
                JsonNode grid = bands.path(band);
                JsonNode asset = item.at("/assets/" + band);
                assertThat(grid.path("crs").asText()).as(id + " " + band).isEqualTo(crs);
                assertThat(grid.path("shape")).as(id + " " + band).isEqualTo(asset.path("proj:shape"));
                assertThat(grid.path("affine").get(0).asDouble()).as(id + " " + band + " resolution")
                        .isEqualTo(asset.at("/proj:transform/0").asDouble());
                assertThat(grid.path("affine").get(2).asDouble()).as(id + " " + band + " west edge")
                        .isEqualTo(asset.at("/proj:transform/2").asDouble());
            }
            assertThat(bands.at("/blue/shape").toString()).isEqualTo("[10980,10980]");
            assertThat(bands.at("/scl/shape").toString()).isEqualTo("[5490,5490]");
            assertThat(bands.at("/scl/dtype").asText()).isEqualTo("uint8");
            assertThat(bands.at("/coastal/shape").toString()).isEqualTo("[1830,1830]");
        }
    }
}
