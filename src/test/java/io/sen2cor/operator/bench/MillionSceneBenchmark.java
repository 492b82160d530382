package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.stac.SceneSelection;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.testing.GeneratedCatalogue;

/**
 * One Sen2CorJob's largest selection: 1,000,000 items paged from a generated catalogue on 127.0.0.1 by the operator's
 * search within its default limits (4,000 pages of 250 with the fields extension). Prints pages, bytes, time and the
 * heap the frozen selection holds; asserts every item was read and selected.
 * Run: ./mvnw -Pbench verify -Dit.test=MillionSceneBenchmark
 */
class MillionSceneBenchmark {

    @Test
    void selectAMillionScenes() throws IOException {
        try (GeneratedCatalogue catalogue = new GeneratedCatalogue(SceneSelector.MAX_SELECTED)) {
            SceneSelector selector = GeneratedCatalogue.everything(catalogue.root());
            long started = System.nanoTime();
            StacSearch.Result result = GeneratedCatalogue.operatorsSearch().search(selector);
            double searched = (System.nanoTime() - started) / 1e9;
            SceneSelectionStatus selection = SceneSelection.of(result, Instant.now(), selector.getSameDatatake());
            double selected = (System.nanoTime() - started) / 1e9;
            result = null;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            System.out.printf("million-scene selection: %d pages, %.1f MB read, search %.1f s, selection %.1f s, heap after "
                    + "GC with the frozen ids held %d MiB%n", catalogue.pagesServed(), catalogue.bytesServed() / 1e6, searched,
                    selected, (rt.totalMemory() - rt.freeMemory()) >> 20);
            assertThat(selection.getSelected()).isEqualTo(SceneSelector.MAX_SELECTED);
        }
    }
}
