package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.contract.SourceItems;
import io.sen2cor.operator.testing.Projects;

/**
 * Each selected scene's L1C STAC item, found by the rule its catalogue's ids follow, checked on the real Earth Search
 * items under src/test/resources/stac/earth-search-l1c: the link the runner makes for a product is the item's own
 * self link, the form Earth Search's L2A items give as derived_from.
 */
class SourceItemsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EARTH_SEARCH = "https://earth-search.aws.element84.com/v1";

    static List<JsonNode> earthSearchItems() throws IOException {
        List<JsonNode> items = new ArrayList<>();
        try (Stream<Path> files = Files.list(Projects.dir().resolve("src/test/resources/stac/earth-search-l1c/items"))) {
            for (Path file : files.sorted().toList()) {
                items.add(JSON.readTree(file.toFile()));
            }
        }
        return items;
    }

    static SceneSelector selector(String catalogue) {
        SceneSelector selector = new SceneSelector();
        selector.setCatalog(catalogue);
        selector.setCollection("sentinel-2-l1c");
        return selector;
    }

    @Test
    void earthSearchItemsAreFoundByTheirIdRuleAndEachLinkIsTheItemsSelfLink() throws IOException {
        List<JsonNode> features = earthSearchItems();
        List<StacSearch.Item> items = features.stream().map(SearchRequests::item).toList();

        StacSearch.Tally tally = StacSearch.Tally.of(items);
        String template = SceneSelection.sourceItems(selector(EARTH_SEARCH + "/"), tally);

        assertThat(features).hasSize(15);
        assertThat(tally.itemIdForm()).isEqualTo("{mission}_{tile}_{date}_0_L1C");
        assertThat(template).isEqualTo(EARTH_SEARCH + "/collections/sentinel-2-l1c/items/{mission}_{tile}_{date}_0_L1C");
        for (JsonNode feature : features) {
            String self = feature.path("links").findParents("rel").stream().filter(l -> l.path("rel").asText().equals("self"))
                    .findFirst().orElseThrow().path("href").asText();
            assertThat(SourceItems.expand(template, SearchRequests.item(feature).productId())).isEqualTo(self);
        }
    }

    @Test
    void noRuleIsClaimedWhenOneItemBreaksIt() throws IOException {
        String product = "S2B_MSIL1C_20250731T131909_N0511_R095_T20EPT_20250731T143530";
        // Earth Search numbers a second item of one tile and day 1: the rule "0" no longer holds for the whole search
        List<StacSearch.Item> items = new ArrayList<>(earthSearchItems().stream().map(SearchRequests::item).toList());
        items.add(new StacSearch.Item("S2B_20EPT_20250731_1_L1C", product.replace("T143530", "T150000")));
        assertThat(StacSearch.Tally.of(items).itemIdForm()).isNull();
        assertThat(SceneSelection.sourceItems(selector(EARTH_SEARCH), StacSearch.Tally.of(items))).isNull();

        // a catalogue whose ids are the product names (the repository's derived items, CDSE-style names)
        StacSearch.Tally byName = StacSearch.Tally.of(List.of(new StacSearch.Item(product, product)));
        assertThat(byName.itemIdForm()).isEqualTo("{product}");
        assertThat(SourceItems.expand(SceneSelection.sourceItems(selector("http://127.0.0.1:8080"), byName), product))
                .isEqualTo("http://127.0.0.1:8080/collections/sentinel-2-l1c/items/" + product);
        assertThat(StacSearch.Tally.of(List.of(new StacSearch.Item("x", null))).itemIdForm()).as("no product at all").isNull();
    }
}
