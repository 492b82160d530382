package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    @Test
    void theItemCarriesTheProductsFootprintTimeCloudCoverOffsetsAndAssetsAndValidates() throws IOException {
        Path product = product();
        JsonNode item = StacItems.item(product, metadata(product), "s3://eo-l2a/out/" + L2A + ".SAFE/", L1C,
                "s3://sentinel-s2-l1c/products/2023/12/17/" + L1C + "/", "02.12.03");

        assertThat(item.path("id").asText()).isEqualTo(L2A);
        JsonNode ring = item.at("/geometry/coordinates/0");
        assertThat(ring.get(0).get(0).asDouble()).as("longitude first (EXT_POS_LIST is lat lon)").isEqualTo(-57.91097749460165);
        assertThat(ring.get(0).get(1).asDouble()).isEqualTo(-27.228009287210288);
        assertThat(ring.get(ring.size() - 1)).as("closed").isEqualTo(ring.get(0));
        assertThat(item.path("bbox").toString()).isEqualTo("[-59.035738320856225,-28.1083814366148,-57.91007663635667,-27.107979523970712]");
        JsonNode p = item.path("properties");
        assertThat(p.path("datetime").asText()).isEqualTo("2023-12-17T13:56:59.024Z");
        assertThat(p.path("platform").asText()).isEqualTo("sentinel-2b");
        assertThat(p.path("eo:cloud_cover").asDouble()).isEqualTo(12.693287);
        assertThat(p.path("proj:epsg").asInt()).as("zone 21, south of the equator").isEqualTo(32721);
        assertThat(p.path("processing:version").asText()).isEqualTo("05.10");
        assertThat(p.at("/processing:software/sen2cor").asText()).isEqualTo("02.12.03");
        assertThat(p.path("mgrs:grid_square").asText()).isEqualTo("UK");
        JsonNode b02 = item.at("/assets/B02_10m");
        assertThat(b02.path("href").asText()).isEqualTo("s3://eo-l2a/out/" + L2A
                + ".SAFE/GRANULE/L2A_T21JUK_A035414_20231217T140918/IMG_DATA/R10m/T21JUK_20231217T135659_B02_10m.jp2");
        assertThat(b02.at("/raster:bands/0/offset").asDouble()).as("BOA_ADD_OFFSET -1000 / 10000").isEqualTo(-0.1);
        assertThat(b02.at("/raster:bands/0/scale").asDouble()).isEqualTo(1.0E-4);
        assertThat(b02.at("/eo:bands/0/common_name").asText()).isEqualTo("blue");
        assertThat(item.at("/assets/B8A_20m/eo:bands/0/common_name").asText()).isEqualTo("nir08");
        assertThat(item.at("/assets/SCL_20m").has("raster:bands")).as("a classification has no reflectance scale").isFalse();
        assertThat(item.at("/assets/product_metadata/roles/0").asText()).isEqualTo("metadata");
        assertThat(item.at("/links/0/rel").asText()).isEqualTo("derived_from");
        assertThat(item.at("/links/0/title").asText()).isEqualTo(L1C);

        Path file = dir.resolve(L2A + ".json");
        Files.writeString(file, item.toPrettyString());
        Command.Result valid = StacValidator.validate(file);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
        assertThat(valid.output()).contains("\"valid_stac\": true");
    }

    @Test
    void beforeBaseline0400ThereIsNoOffsetAndTheZoneDecidesTheEpsgCode() throws IOException {
        Path product = product();
        String mtd = Files.readString(product.resolve("MTD_MSIL2A.xml"));
        Files.writeString(product.resolve("MTD_MSIL2A.xml"), mtd.replaceAll("(?s)<BOA_ADD_OFFSET_VALUES_LIST>.*</BOA_ADD_OFFSET_VALUES_LIST>", ""));

        JsonNode item = StacItems.item(product, metadata(product), "s3://b/", L1C, "s3://l1c/", null);

        assertThat(item.at("/assets/B02_10m/raster:bands/0").has("offset")).isFalse();
        assertThat(StacItems.epsg("T36NXF")).isEqualTo(32636);
        assertThat(StacItems.epsg("T07WFR")).isEqualTo(32607);
        assertThat(StacItems.epsg("T21JUK")).isEqualTo(32721);
    }
}
