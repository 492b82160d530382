package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;

/**
 * How long resolving spec.scenes takes for 1,000 and 10,000 items (docs/stac.md), against the local STAC API
 * (stac-fastapi-pgstac on pgstac, {@link StacServer}). The items are copies of one real Earth Search L1C item with
 * their ids, product names and times changed, so every copy is a distinct product; the search pages through them at
 * the operator's page size (250). Prints figures; asserts only that every item was read.
 * Run: ./mvnw -Pbench verify -Dit.test=StacSelectionBenchmark
 */
class StacSelectionBenchmark {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void resolveThousandsOfItems() throws IOException {
        Path data = Projects.dir().resolve("src/test/resources/stac/earth-search-l1c");
        ObjectNode template = (ObjectNode) JSON.readTree(data.resolve("items/S2B_24MWV_20250731_0_L1C.json").toFile());
        try (StacServer server = StacServer.start(dir.resolve("stac"))) {
            int loaded = 0;
            for (int target : List.of(1000, 10000)) {
                long t0 = System.nanoTime();
                List<Path> files = new ArrayList<>();
                for (int i = loaded; i < target; i++) {
                    files.add(copy(template, i));
                }
                server.load(data.resolve("collection.json"), files);
                double loadSeconds = (System.nanoTime() - t0) / 1e9;
                loaded = target;

                SceneSelector s = new SceneSelector();
                s.setCatalog(server.endpoint().toString());
                s.setDatetime("2015-06-23T00:00:00Z/..");
                s.setBbox(List.of(-180.0, -90.0, 180.0, 90.0));
                s.setMaxCloudCover(100.0);
                s.setLimit(10000);
                System.out.printf("STAC selection: %,d items loaded in %.1f s%n", target, loadSeconds);
                // side by side in one run: full items, and only what names the product (the fields extension)
                for (boolean onlyIds : List.of(false, true)) {
                    long t1 = System.nanoTime();
                    StacSearch.Result result = new StacSearch(250, Duration.ofSeconds(120), onlyIds).search(s);
                    double seconds = (System.nanoTime() - t1) / 1e9;
                    System.out.printf("STAC selection: %,d items resolved in %.1f s (%d pages of 250, %.0f items/s), %s%n",
                            result.items().size(), seconds, result.pages(), result.items().size() / seconds,
                            onlyIds ? "fields: id and s2:product_uri only" : "full items");
                    assertThat(result.items()).hasSize(target);
                    assertThat(result.items()).allMatch(i -> i.productId() != null);
                }
            }
        }
    }

    /** The template with id, product name and time of copy i (one second apart). */
    private Path copy(ObjectNode template, int i) throws IOException {
        ObjectNode item = template.deepCopy();
        String stamp = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i).toString().replaceAll("[-:]", "").replace("Z", "");
        item.put("id", "S2B_24MWV_" + i + "_L1C");
        ObjectNode properties = (ObjectNode) item.get("properties");
        properties.put("datetime", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i).toString());
        properties.put("s2:product_uri", "S2B_MSIL1C_" + stamp + "_N0511_R095_T24MWV_" + stamp + ".SAFE");
        Path file = dir.resolve("item-" + i + ".json");
        Files.writeString(file, item.toString());
        return file;
    }
}
