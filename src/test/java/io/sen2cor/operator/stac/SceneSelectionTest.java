package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.SceneSelector;

/** The pure parts of scene selection: the search requests a selector makes, and what a search's items come to. */
class SceneSelectionTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String A = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707";
    static final String B = "S2B_MSIL1C_20190127T075159_N0207_R135_T36NXF_20190127T104307";

    @Test
    void anOverLimitSelectionSaysWhetherRaisingTheLimitCanHelp() {
        assertThat(SceneSelections.overLimit(1000, 4)).contains("more than scenes.limit 1000", "after 4 pages",
                "nothing was submitted", "a higher limit (at most 1000000)");
        assertThat(SceneSelections.overLimit(10_000, 40)).contains("a higher limit (at most 1000000)");
        assertThat(SceneSelections.overLimit(1_000_000, 4000)).contains("more than scenes.limit 1000000",
                "1000000 scenes is the most one Sen2CorJob holds", "split the selection").doesNotContain("higher limit");
    }

    @Test
    void duplicatesAndItemsWithoutAProductIdAreCountedNotSelected() {
        var result = new StacSearch.Result(List.of(new StacSearch.Item("i1", B), new StacSearch.Item("i2", A),
                new StacSearch.Item("i3", A), new StacSearch.Item("S2A_OPER_PRD_MSIL1C_PDMC_20160606T232310", null)), 2, false);

        SceneSelectionStatus s = SceneSelection.of(result, Instant.parse("2026-12-01T00:00:00Z"), io.sen2cor.operator.api.SameDatatake.All);

        assertThat(s.getProducts()).containsExactly(A, B);
        assertThat(s.getMatched()).isEqualTo(4);
        assertThat(s.getSelected()).isEqualTo(2);
        assertThat(s.getDuplicates()).isEqualTo(1);
        assertThat(s.getUnservable()).containsExactly("S2A_OPER_PRD_MSIL1C_PDMC_20160606T232310");
        assertThat(s.getSha256()).isEqualTo(SceneSelection.sha256(List.of(A, B))).isNotEqualTo(SceneSelection.sha256(List.of(B, A)));
        assertThat(s.getPages()).isEqualTo(2);
    }

    @Test
    void anItemNamesItsProductByS2ProductUriOrByItsOwnId() throws Exception {
        assertThat(SearchRequests.item(JSON.readTree("{\"id\": \"S2A_36NXF_20190122_0_L1C\", \"properties\": {\"s2:product_uri\": \""
                + A + ".SAFE\"}}")).productId()).as("Earth Search").isEqualTo(A);
        assertThat(SearchRequests.item(JSON.readTree("{\"id\": \"" + A + "\", \"properties\": {}}")).productId())
                .as("Copernicus Data Space: the id is the product name").isEqualTo(A);
        assertThat(SearchRequests.item(JSON.readTree("{\"id\": \"S2A_36NXF_20190122_0_L1C\", \"properties\": {}}")).productId())
                .as("an Earth Search item id is not a product id").isNull();
    }

    @Test
    void eachMgrsTileIsItsOwnSearchWithTheSameConditions() throws Exception {
        SceneSelector s = new SceneSelector();
        s.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        s.setMgrsTiles(List.of("36NXF", "36NYF"));
        s.setMaxCloudCover(30.0);
        s.setQuery(JSON.readTree("{\"s2:nodata_pixel_percentage\": {\"lt\": 10}}"));

        var bodies = SearchRequests.bodies(s, 250);

        assertThat(bodies).hasSize(2);
        assertThat(bodies.get(0).toString()).isEqualTo("{\"collections\":[\"sentinel-2-l1c\"],\"limit\":250,"
                + "\"datetime\":\"2019-01-01T00:00:00Z/2019-01-31T23:59:59Z\",\"query\":{\"s2:nodata_pixel_percentage\":{\"lt\":10},"
                + "\"eo:cloud_cover\":{\"lte\":30},\"grid:code\":{\"eq\":\"MGRS-36NXF\"}}}");
        assertThat(bodies.get(1).at("/query/grid:code/eq").asText()).isEqualTo("MGRS-36NYF");
    }

    /**
     * Earth Search serves some acquisitions twice, at the baseline they were first processed with and at the
     * reprocessing campaign's (N0500), with one datatake, tile and orbit: only the newest is processed by default.
     */
    @Test
    void ofOneTileAndDatatakeOnlyTheNewestBaselineIsSelectedUnlessAllAreAsked() {
        String reprocessed = "S2A_MSIL1C_20190122T075221_N0500_R135_T36NXF_20230610T102017";
        String otherTile = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707";
        String laterDiscriminator = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190123T000000";
        var result = new StacSearch.Result(List.of(new StacSearch.Item("old", A), new StacSearch.Item("new", reprocessed),
                new StacSearch.Item("b", B), new StacSearch.Item("y1", otherTile), new StacSearch.Item("y2", laterDiscriminator)),
                1, false);

        SceneSelectionStatus newest = SceneSelection.of(result, Instant.EPOCH, io.sen2cor.operator.api.SameDatatake.NewestBaseline);
        assertThat(newest.getProducts()).containsExactly(laterDiscriminator, reprocessed, B);
        assertThat(newest.getSuperseded()).isEqualTo(2);
        assertThat(newest.getSelected()).isEqualTo(3);

        SceneSelectionStatus all = SceneSelection.of(result, Instant.EPOCH, io.sen2cor.operator.api.SameDatatake.All);
        assertThat(all.getProducts()).hasSize(5);
        assertThat(all.getSuperseded()).isNull();
        assertThat(new SceneSelector().getSameDatatake()).as("the default").isEqualTo(io.sen2cor.operator.api.SameDatatake.NewestBaseline);
    }

    @Test
    void manyTilesAreOneSearchWithInAndACloudCoverMayHaveDecimals() {
        SceneSelector s = new SceneSelector();
        s.setDatetime("2019-01-01T00:00:00Z/2019-01-31T23:59:59Z");
        s.setMgrsTiles(List.of("36NXF", "36NYF"));
        s.setMaxCloudCover(12.5);
        assertThat(SearchRequests.inBody(s, 250).toString()).isEqualTo("{\"collections\":[\"sentinel-2-l1c\"],\"limit\":250,"
                + "\"datetime\":\"2019-01-01T00:00:00Z/2019-01-31T23:59:59Z\",\"query\":{\"eo:cloud_cover\":{\"lte\":12.5},"
                + "\"grid:code\":{\"in\":[\"MGRS-36NXF\",\"MGRS-36NYF\"]}}}");
    }
}
