package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.sen2cor.operator.contract.StacCatalog;
import io.sen2cor.operator.testing.StacValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finished job's STAC collection: item links and the items' extent, checked by stac-validator offline. */
class StacCatalogTest {

    @TempDir
    Path dir;

    @Test
    void theCollectionsExtentIsTheUnionOfItsItemsAndItValidates() throws IOException {
        var collection = StacCatalog.of("default", "kenya-jan-2019", "s3://eo-l2a/kenya/_sen2cor/default.kenya-jan-2019-x/catalog.json", List.of(
                new StacCatalog.Item("s3://eo-l2a/kenya/a.json", List.of(33.9, -0.09, 34.89, 0.9), "2019-01-22T07:52:21.024Z"),
                new StacCatalog.Item("s3://eo-l2a/kenya/b.json", List.of(34.8, -0.1, 35.8, 0.8), "2019-01-27T07:51:09Z"),
                new StacCatalog.Item("s3://eo-l2a/kenya/c.json", null, null)));

        assertThat(collection.path("type").asText()).isEqualTo("Collection");
        assertThat(collection.at("/extent/spatial/bbox/0").toString()).isEqualTo("[33.9,-0.1,35.8,0.9]");
        assertThat(collection.at("/extent/temporal/interval/0").toString())
                .isEqualTo("[\"2019-01-22T07:52:21.024Z\",\"2019-01-27T07:51:09Z\"]");
        assertThat(collection.path("links").findValuesAsText("rel")).containsExactly("self", "root", "license", "item", "item",
                "item");
        assertThat(collection.path("providers")).extracting(p -> p.path("name").asText()).contains("ESA");
        assertThat(collection.at("/summaries/gsd").toString()).isEqualTo("[10,20,60]");
        assertThat(collection.at("/item_assets/blue/title").asText()).isEqualTo("Blue (band 2) - 10m");
        assertThat(collection.at("/item_assets/scl/roles/0").asText()).isEqualTo("data");
        Path file = dir.resolve("collection.json");
        Files.writeString(file, collection.toPrettyString());
        var valid = StacValidator.validate(file);
        assertThat(valid.exitCode()).as(valid.output()).isZero();
    }

    @Test
    void withoutKnownExtentsTheCollectionCoversTheEarthAndAnOpenInterval() {
        var collection = StacCatalog.of("default", "kenya-jan-2019", "s3://eo-l2a/kenya/c.json", List.of());

        assertThat(collection.at("/extent/spatial/bbox/0").toString()).isEqualTo("[-180.0,-90.0,180.0,90.0]");
        assertThat(collection.at("/extent/temporal/interval/0").toString()).isEqualTo("[null,null]");
    }

    /** Tiles on both sides of 180° (UTM zones 60 and 1), and one across it: a bbox across it, not around the world. */
    @Test
    void itemsOnBothSidesOfTheAntimeridianGiveABboxAcrossItNotAroundTheWorld() {
        var collection = StacCatalog.of("default", "chukotka", "s3://eo-l2a/c/catalog.json", List.of(
                new StacCatalog.Item("s3://eo-l2a/c/a.json", List.of(177.1, 65.0, 179.5, 66.0), null),
                new StacCatalog.Item("s3://eo-l2a/c/b.json", List.of(178.474107, 65.67165, -178.96619, 66.7056), null),
                new StacCatalog.Item("s3://eo-l2a/c/c.json", List.of(-179.9, 64.5, -177.0, 65.5), null)));
        assertThat(collection.at("/extent/spatial/bbox/0").toString()).isEqualTo("[177.1,64.5,-177.0,66.7056]");

        var africa = StacCatalog.of("default", "wide", "s3://eo-l2a/c/catalog.json", List.of(
                new StacCatalog.Item("s3://eo-l2a/c/a.json", List.of(-20.0, 0.0, -10.0, 1.0), null),
                new StacCatalog.Item("s3://eo-l2a/c/b.json", List.of(40.0, 0.0, 50.0, 1.0), null)));
        assertThat(africa.at("/extent/spatial/bbox/0").toString()).as("the short way round").isEqualTo("[-20.0,0.0,50.0,1.0]");
    }
}
