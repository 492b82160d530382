package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.sen2cor.operator.testing.Command;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacValidator;

/**
 * The STAC item of an L2A product, made from the metadata of a real baseline 05.10 product (T21JUK, see
 * src/test/resources/runner/README.md) and a few of its image files; the item passes stac-validator, offline, with
 * every extension it declares.
 */
class StacItemsTest {

    static final String L2A = "S2B_MSIL2A_20231217T135659_N0510_R067_T21JUK_20231217T175625";
    static final String L1C = "S2B_MSIL1C_20231217T135659_N0510_R067_T21JUK_20231217T160417";

    @TempDir
    Path dir;

    Path product() throws IOException {
        Path product = Files.createDirectories(dir.resolve(L2A + ".SAFE"));
        Files.copy(Projects.dir().resolve("src/test/resources/runner/MTD_MSIL2A.template.xml"), product.resolve("MTD_MSIL2A.xml"));
        Path granule = product.resolve("GRANULE/L2A_T21JUK_A035414_20231217T140918");
        for (String image : new String[] {"R10m/T21JUK_20231217T135659_B02_10m.jp2", "R20m/T21JUK_20231217T135659_B8A_20m.jp2",
                "R20m/T21JUK_20231217T135659_SCL_20m.jp2", "R60m/T21JUK_20231217T135659_B01_60m.jp2"}) {
            Path file = granule.resolve("IMG_DATA").resolve(image);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[16]);
        }
        Files.writeString(granule.resolve("MTD_TL.xml"), "<TL/>");
        Files.writeString(product.resolve("INSPIRE.xml"), "<gmd/>");
        return product;
    }

    static org.w3c.dom.Document metadata(Path product) {
        return Sen2CorProcess.parseMetadata(product.resolve("MTD_MSIL2A.xml"));
    }

    static StacItems.Place place(String l2a) {
        return new StacItems.Place("s3://eo-l2a/out/" + l2a + ".SAFE/", "s3://eo-l2a/out/" + l2a + ".json", "eo.kenya",
                "s3://eo-l2a/out/_sen2cor/eo.kenya-1234abcd/catalog.json", L1C, "s3://sentinel-s2-l1c/products/2023/12/17/" + L1C + "/",
                io.sen2cor.operator.contract.SourceItems.expand(EARTH_SEARCH_L1C_ITEMS, L1C), null);
    }

    /** What the operator finds Earth Search's L1C items to be (SourceItemsTest). */
    static final String EARTH_SEARCH_L1C_ITEMS = "https://earth-search.aws.element84.com/v1/collections/sentinel-2-l1c/items/"
            + "{mission}_{tile}_{date}_0_L1C";

    static final Instant CREATED = Instant.parse("2026-12-06T12:00:00Z");

    static JsonNode validated(Path dir, JsonNode item) throws IOException {
        Path file = dir.resolve(item.path("id").asText() + ".json");
        Files.writeString(file, item.toPrettyString());
        Command.Result valid = StacValidator.validate(file);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("\"valid_stac\": true");
        return item;
    }

    @Test
    void theItemCarriesTheProductsFootprintTimeCloudCoverOffsetsAndAssetsAndValidates() throws IOException {
        Path product = product();
        JsonNode item = StacItems.item(product, metadata(product), "02.12.03", place(L2A), CREATED);

        assertThat(item.path("id").asText()).isEqualTo(L2A);
        assertThat(item.path("collection").asText()).as("pypgstac's loader reads it").isEqualTo("eo.kenya");
        JsonNode ring = item.at("/geometry/coordinates/0");
        assertThat(ring.get(0).get(0).asDouble()).as("longitude first (EXT_POS_LIST is lat lon)").isEqualTo(-57.91097749460165);
        assertThat(ring.get(0).get(1).asDouble()).isEqualTo(-27.228009287210288);
        assertThat(ring.get(ring.size() - 1)).as("closed").isEqualTo(ring.get(0));
        assertThat(item.path("bbox").toString()).isEqualTo("[-59.035738320856225,-28.1083814366148,-57.91007663635667,-27.107979523970712]");
        JsonNode p = item.path("properties");
        assertThat(p.path("datetime").asText()).as("no granule metadata here: the product's start").isEqualTo("2023-12-17T13:56:59.024Z");
        assertThat(p.path("platform").asText()).isEqualTo("sentinel-2b");
        assertThat(p.path("eo:cloud_cover").asDouble()).isEqualTo(12.693287);
        assertThat(p.path("proj:epsg").asInt()).as("zone 21, south of the equator").isEqualTo(32721);
        assertThat(p.path("grid:code").asText()).as("what the operator's own tile search asks for").isEqualTo("MGRS-21JUK");
        assertThat(p.path("processing:version").asText()).isEqualTo("05.10");
        assertThat(p.path("s2:processing_baseline").asText()).isEqualTo("05.10");
        assertThat(p.path("s2:product_uri").asText()).isEqualTo("S2B_MSIL2A_20231217T135659_N0510_R067_T21JUK_20231217T175625.SAFE");
        assertThat(p.path("s2:datatake_id").asText()).isEqualTo("GS2B_20231217T135659_035414_N05.10");
        assertThat(p.path("sat:relative_orbit").asInt()).isEqualTo(67);
        assertThat(p.path("sat:orbit_state").asText()).isEqualTo("descending");
        assertThat(p.at("/processing:software/sen2cor").asText()).isEqualTo("02.12.03");
        assertThat(p.path("mgrs:grid_square").asText()).isEqualTo("UK");
        JsonNode blue = item.at("/assets/blue");
        assertThat(blue.path("href").asText()).isEqualTo("s3://eo-l2a/out/" + L2A
                + ".SAFE/GRANULE/L2A_T21JUK_A035414_20231217T140918/IMG_DATA/R10m/T21JUK_20231217T135659_B02_10m.jp2");
        assertThat(blue.path("title").asText()).isEqualTo("Blue (band 2) - 10m");
        assertThat(blue.path("gsd").asInt()).isEqualTo(10);
        assertThat(blue.at("/raster:bands/0/offset").asDouble()).as("BOA_ADD_OFFSET -1000 / 10000").isEqualTo(-0.1);
        assertThat(blue.at("/raster:bands/0/scale").asDouble()).isEqualTo(1.0E-4);
        assertThat(blue.at("/eo:bands/0/common_name").asText()).isEqualTo("blue");
        assertThat(blue.path("roles").toString()).isEqualTo("[\"data\",\"reflectance\"]");
        assertThat(item.at("/assets/nir08/eo:bands/0/name").asText()).isEqualTo("B8A");
        assertThat(item.at("/assets/coastal/gsd").asInt()).isEqualTo(60);
        JsonNode scl = item.at("/assets/scl");
        assertThat(scl.at("/raster:bands/0/data_type").asText()).isEqualTo("uint8");
        assertThat(scl.at("/raster:bands/0").has("scale")).as("a classification has no reflectance scale").isFalse();
        assertThat(scl.at("/raster:bands/0/classification:classes")).hasSize(12);
        assertThat(scl.at("/raster:bands/0/classification:classes/4/name").asText()).isEqualTo("vegetation");
        assertThat(item.at("/assets/product_metadata/roles/0").asText()).isEqualTo("metadata");
        assertThat(item.path("links")).extracting(l -> l.path("rel").asText())
                .containsExactly("self", "parent", "collection", "root", "license", "derived_from", "derived_from");
        assertThat(item.at("/links/1/href").asText()).isEqualTo("s3://eo-l2a/out/_sen2cor/eo.kenya-1234abcd/catalog.json");
        // the L1C's STAC item, as Earth Search's L2A items link theirs, then where the L1C was read
        assertThat(item.at("/links/5/href").asText()).isEqualTo("https://earth-search.aws.element84.com/v1/collections/"
                + "sentinel-2-l1c/items/" + L1C.substring(0, 3) + "_" + L1C.substring(39, 44) + "_" + L1C.substring(11, 19) + "_0_L1C");
        assertThat(item.at("/links/5/type").asText()).isEqualTo("application/geo+json");
        assertThat(item.at("/links/6/title").asText()).isEqualTo(L1C);
        validated(dir, item);
    }

    /** A real baseline 04.00 product with its granule's MTD_TL.xml: the tile grid, sun and quality figures. */
    @Test
    void withTheGranulesMetadataTheItemHasTheTileGridSunAnglesAndQualityFiguresEarthSearchHas() throws IOException {
        Path product = realProduct("S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126", "T33XWJ",
                "L2A_T33XWJ_A026649_20220413T150756", "T33XWJ_20220413T150759");
        JsonNode item = StacItems.item(product, metadata(product), "02.11", place(product.getFileName().toString()
                .replace(".SAFE", "")), CREATED);

        JsonNode p = item.path("properties");
        assertThat(p.path("datetime").asText()).as("the granule's SENSING_TIME, as Earth Search")
                .isEqualTo("2022-04-13T15:08:07.846358Z");
        assertThat(p.path("proj:epsg").asInt()).isEqualTo(32633);
        assertThat(p.path("view:sun_azimuth").asDouble()).isBetween(0.0, 360.0);
        assertThat(p.path("view:sun_elevation").asDouble()).isBetween(0.0, 90.0);
        assertThat(p.path("s2:snow_ice_percentage").isNumber()).isTrue();
        assertThat(p.path("s2:high_proba_clouds_percentage").isNumber()).isTrue();
        assertThat(p.path("s2:granule_id").asText()).startsWith("S2B_OPER_MSI_L2A_TL_").endsWith("T33XWJ_N04.00");
        JsonNode blue = item.at("/assets/blue");
        assertThat(blue.path("proj:shape").toString()).isEqualTo("[10980,10980]");
        assertThat(blue.at("/proj:transform/0").asInt()).isEqualTo(10);
        assertThat(blue.at("/proj:transform/4").asInt()).isEqualTo(-10);
        assertThat(item.at("/assets/scl/proj:shape").toString()).isEqualTo("[5490,5490]");
        assertThat(item.at("/assets/scl/proj:transform/2")).isEqualTo(blue.at("/proj:transform/2"));
        assertThat(item.at("/assets/coastal/proj:shape").toString()).isEqualTo("[1830,1830]");
        assertThat(item.at("/assets/wvp/raster:bands/0/unit").asText()).isEqualTo("cm");
        assertThat(item.at("/assets/wvp/raster:bands/0/scale").asDouble()).isEqualTo(0.001);
        assertThat(item.at("/assets/aot/raster:bands/0/scale").asDouble()).isEqualTo(0.001);
        assertThat(item.at("/assets/visual/roles").toString()).isEqualTo("[\"visual\"]");
        assertThat(item.at("/assets/visual/eo:bands")).extracting(b -> b.path("common_name").asText())
                .containsExactly("red", "green", "blue");
        assertThat(item.at("/assets/thumbnail/roles/0").asText()).isEqualTo("thumbnail");
        validated(dir, item);
    }

    /** Zone 1 reaches over 180°: a MultiPolygon cut there and a bbox whose west is east of its east, as stactools makes. */
    @Test
    void aTileAcrossTheAntimeridianIsSplitThereNotWrappedAroundTheWorld() throws IOException {
        Path product = realProduct("S2A_MSIL2A_20230625T234621_N0509_R073_T01WCP_20230626T022157", "T01WCP",
                "L2A_T01WCP_A041826_20230625T234624", "T01WCP_20230625T234621");
        JsonNode item = StacItems.item(product, metadata(product), "02.11", place(product.getFileName().toString()
                .replace(".SAFE", "")), CREATED);

        assertThat(item.at("/geometry/type").asText()).isEqualTo("MultiPolygon");
        JsonNode bbox = item.path("bbox");
        assertThat(bbox.get(0).asDouble()).as("west, near stactools' 178.474107").isCloseTo(178.474, org.assertj.core.data.Offset.offset(0.01));
        assertThat(bbox.get(2).asDouble()).as("east, near stactools' -178.96619").isCloseTo(-178.966, org.assertj.core.data.Offset.offset(0.01));
        assertThat(bbox.get(0).asDouble()).isGreaterThan(bbox.get(2).asDouble());
        for (JsonNode polygon : item.at("/geometry/coordinates")) {
            double min = 180;
            double max = -180;
            for (JsonNode point : polygon.get(0)) {
                min = Math.min(min, point.get(0).asDouble());
                max = Math.max(max, point.get(0).asDouble());
            }
            assertThat(max - min).as("each part stays on its side").isLessThan(5);
        }
        assertThat(item.at("/properties/grid:code").asText()).isEqualTo("MGRS-01WCP");
        validated(dir, item);
    }

    /**
     * Field by field against a real Earth Search v1 item (src/test/resources/stac/earth-search-l2a/SOURCES.md): every
     * property and main asset it has, the runner's item has too, but Element 84's own bookkeeping.
     */
    @Test
    void theItemHasEveryFieldOfARealEarthSearchItemButElement84sOwn() throws IOException {
        JsonNode earthSearch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(Projects.dir()
                .resolve("src/test/resources/stac/earth-search-l2a/S2A_32TPS_20230602_0_L2A.json").toFile());
        Path product = realProduct("S2B_MSIL2A_20220413T150759_N0400_R025_T33XWJ_20220414T082126", "T33XWJ",
                "L2A_T33XWJ_A026649_20220413T150756", "T33XWJ_20220413T150759");
        JsonNode ours = StacItems.item(product, metadata(product), "02.11", place(product.getFileName().toString()
                .replace(".SAFE", "")), CREATED);

        java.util.Set<String> onlyElement84 = java.util.Set.of("s2:sequence", "earthsearch:s3_path",
                "earthsearch:payload_id", "earthsearch:boa_offset_applied");
        java.util.List<String> properties = new java.util.ArrayList<>();
        earthSearch.path("properties").fieldNames().forEachRemaining(properties::add);
        assertThat(properties).filteredOn(f -> !onlyElement84.contains(f))
                .allSatisfy(f -> assertThat(ours.path("properties").has(f)).as("property " + f).isTrue());
        java.util.List<String> assets = new java.util.ArrayList<>();
        earthSearch.path("assets").fieldNames().forEachRemaining(assets::add);
        assertThat(assets).filteredOn(a -> !a.endsWith("-jp2") && !a.equals("tileinfo_metadata"))
                .allSatisfy(a -> {
                    assertThat(ours.path("assets").has(a)).as("asset " + a).isTrue();
                    for (String field : new String[] {"gsd", "proj:shape", "proj:transform", "eo:bands", "raster:bands"}) {
                        if (earthSearch.path("assets").path(a).has(field)) {
                            assertThat(ours.path("assets").path(a).has(field)).as(a + " " + field).isTrue();
                        }
                    }
                });
        assertThat(ours.has("collection")).isTrue();
        for (String rel : new String[] {"self", "parent", "collection", "root", "license", "derived_from"}) {
            assertThat(ours.path("links")).as("link " + rel).anySatisfy(l -> assertThat(l.path("rel").asText()).isEqualTo(rel));
        }
    }

    Path realProduct(String l2a, String tile, String granule, String prefix) throws IOException {
        return RealL2AProducts.at(dir, l2a, tile, granule, prefix);
    }

    @Test
    void beforeBaseline0400ThereIsNoOffsetAndTheZoneDecidesTheEpsgCode() throws IOException {
        Path product = product();
        String mtd = Files.readString(product.resolve("MTD_MSIL2A.xml"));
        Files.writeString(product.resolve("MTD_MSIL2A.xml"), mtd.replaceAll("(?s)<BOA_ADD_OFFSET_VALUES_LIST>.*</BOA_ADD_OFFSET_VALUES_LIST>", ""));

        JsonNode item = StacItems.item(product, metadata(product), null, place(L2A), CREATED);

        assertThat(item.at("/assets/blue/raster:bands/0").has("offset")).isFalse();
        assertThat(StacItems.epsg("T36NXF")).isEqualTo(32636);
        assertThat(StacItems.epsg("T07WFR")).isEqualTo(32607);
        assertThat(StacItems.epsg("T21JUK")).isEqualTo(32721);
    }
}
