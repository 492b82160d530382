package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;

/**
 * Scene selection against a real STAC API (stac-fastapi-pgstac on pgstac, {@link StacServer}) loaded with 15 real
 * Earth Search v1 sentinel-2-l1c items (src/test/resources/stac/earth-search-l1c/SOURCES.md) and one item derived for the
 * README's example product (src/test/resources/stac/derived/README.md: its cloud cover is assumed). The expected ids
 * are read off those items' properties (s2:product_uri, grid:code, eo:cloud_cover, datetime, bbox) by hand.
 */
class StacSearchOnStacApiTest {

    static final Path DATA = Projects.dir().resolve("src/test/resources/stac/earth-search-l1c");
    static final Path DERIVED_36NXF = Projects.dir().resolve("src/test/resources/stac/derived/S2A_36NXF_20190122_0_L1C.json");

    @TempDir
    static Path dir;
    static StacServer server;

    @BeforeAll
    static void start() throws IOException {
        server = StacServer.start(dir.resolve("stac"));
        List<Path> items;
        try (Stream<Path> files = Files.list(DATA.resolve("items"))) {
            items = Stream.concat(files.filter(p -> p.toString().endsWith(".json")).sorted(), Stream.of(DERIVED_36NXF)).toList();
        }
        server.load(DATA.resolve("collection.json"), items);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static SceneSelector selector(String datetime) {
        SceneSelector s = new SceneSelector();
        s.setCatalog(server.endpoint().toString());
        s.setDatetime(datetime);
        s.setLimit(1000);
        return s;
    }

    static List<String> products(StacSearch.Result result) {
        return result.items().stream().map(StacSearch.Item::productId).sorted().toList();
    }

    static final List<String> CEARA_20250731 = List.of(
            "S2B_MSIL1C_20250731T130249_N0511_R095_T24MUV_20250731T131834",
            "S2B_MSIL1C_20250731T130249_N0511_R095_T24MVV_20250731T131834",
            "S2B_MSIL1C_20250731T130249_N0511_R095_T24MWV_20250731T131834",
            "S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");

    @Test
    void aBboxAndADaySelectTheTilesInsideIt() {
        SceneSelector s = selector("2025-07-31T00:00:00Z/2025-07-31T23:59:59Z");
        s.setBbox(List.of(-40.5, -5.3, -37.5, -4.4));

        assertThat(products(new StacSearch(250, Duration.ofSeconds(30)).search(s))).isEqualTo(CEARA_20250731);
    }

    @Test
    void mgrsTilesSelectThoseTilesOnly() {
        SceneSelector s = selector("2024-01-01T00:00:00Z/2024-12-31T23:59:59Z");
        s.setMgrsTiles(List.of("25LCG", "25LDJ", "27VWK", "36NXF"));

        StacSearch.Result result = new StacSearch(250, Duration.ofSeconds(30)).search(s);
        assertThat(products(result)).containsExactly(
                "S2B_MSIL1C_20240206T131259_N0510_R081_T27VWK_20240206T133903",
                "S2B_MSIL1C_20240809T124259_N0511_R009_T25LCG_20240809T132217",
                "S2B_MSIL1C_20240809T124259_N0511_R009_T25LDJ_20240809T132217");
        // stac-fastapi-pgstac does not implement the query extension's "in" (stac-fastapi issue 807): tile by tile
        assertThat(result.pages()).isEqualTo(4);
    }

    @Test
    void aCollectionTheCatalogueDoesNotHaveIsRefusedInsteadOfMatchingNothing() {
        SceneSelector s = selector("2024-01-01T00:00:00Z/2024-12-31T23:59:59Z");
        s.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
        s.setCollection("sentinel-2-l1c-typo");
        assertThatThrownBy(() -> new StacSearch(250, Duration.ofSeconds(30)).search(s))
                .isInstanceOfSatisfying(StacSearch.CatalogueException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("has no collection sentinel-2-l1c-typo");
    }

    @Test
    void theTimeIntervalAndTheCloudCoverNarrowTheSelection() {
        SceneSelector day = selector("2025-07-17T00:00:00Z/2025-07-17T23:59:59Z");
        day.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
        assertThat(products(new StacSearch(250, Duration.ofSeconds(30)).search(day))).containsExactly(
                "S2B_MSIL1C_20250717T112119_N0511_R037_T30VXR_20250717T120258",
                "S2B_MSIL1C_20250717T112119_N0511_R037_T31WES_20250717T120258",
                "S2B_MSIL1C_20250717T112119_N0511_R037_T32VKL_20250717T120258");

        SceneSelector clear = selector("2025-07-31T00:00:00Z/2025-07-31T23:59:59Z");
        clear.setBbox(List.of(-40.5, -5.3, -37.5, -4.4));
        clear.setMaxCloudCover(20.0);
        assertThat(products(new StacSearch(250, Duration.ofSeconds(30)).search(clear))).as("15.0 % and 15.9 %; not 24.2 % or 45.6 %")
                .containsExactly(CEARA_20250731.get(2), CEARA_20250731.get(3));
    }

    @Test
    void theReadmeExampleSelectsTheKenyaProductOfJanuary2019() throws IOException {
        Sen2CorJob example = Serialization.unmarshal(
                Files.readString(Projects.dir().resolve("examples/sen2corjob-stac-36nxf.yaml")), Sen2CorJob.class);
        SceneSelector s = example.getSpec().getScenes();
        assertThat(s.getCatalog()).as("the example uses the default catalogue").isEqualTo("https://earth-search.aws.element84.com/v1");
        s.setCatalog(server.endpoint().toString());

        assertThat(products(new StacSearch(250, Duration.ofSeconds(30)).search(s)))
                .containsExactly("S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707");
    }

    @Test
    void everyPageIsReadByFollowingNextLinks() {
        SceneSelector all = selector("2015-06-23T00:00:00Z/..");
        all.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));

        StacSearch.Result result = new StacSearch(2, Duration.ofSeconds(30)).search(all);

        assertThat(result.pages()).as("16 items, 2 a page").isEqualTo(8);
        assertThat(products(result)).hasSize(16).doesNotHaveDuplicates().allMatch(p -> p.matches("S2[AB]_MSIL1C_.*"));
        assertThat(result.overLimit()).isFalse();
    }

    @Test
    void moreProductsThanTheLimitStopTheReadingAndSaySo() {
        SceneSelector all = selector("2015-06-23T00:00:00Z/..");
        all.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
        all.setLimit(5);

        StacSearch.Result result = new StacSearch(2, Duration.ofSeconds(30)).search(all);

        assertThat(result.overLimit()).isTrue();
        assertThat(result.pages()).as("stopped after the page that passed the limit").isEqualTo(3);
    }

    @Test
    void aCatalogueErrorIsRetryableOnlyWhenItMayPass() {
        // an interval open at both ends, which the schema refuses and the STAC API answers with 400
        SceneSelector refused = selector("../..");
        refused.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
        assertThatThrownBy(() -> new StacSearch(250, Duration.ofSeconds(30)).search(refused))
                .isInstanceOfSatisfying(StacSearch.CatalogueException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("answered HTTP 4");

        SceneSelector nobody = selector("2015-06-23T00:00:00Z/..");
        nobody.setCatalog("http://127.0.0.1:" + MotoServer.freePort());
        nobody.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
        assertThatThrownBy(() -> new StacSearch(250, Duration.ofSeconds(5)).search(nobody))
                .isInstanceOfSatisfying(StacSearch.CatalogueException.class, e -> assertThat(e.retryable()).isTrue())
                .hasMessageContaining("could not be reached");
    }
}
