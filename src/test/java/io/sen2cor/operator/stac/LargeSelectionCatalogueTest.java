package io.sen2cor.operator.stac;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.testing.GeneratedCatalogue;

/**
 * A selection larger than status holds, paged from a catalogue ({@link GeneratedCatalogue}) by the operator's own
 * search within its default limits: 25,000 items here; MillionSceneBenchmark reads 1,000,000 the same way.
 */
class LargeSelectionCatalogueTest {

    @Test
    void theOperatorsSearchPagesASelectionAboveTenThousandWithTheFieldsExtension() throws IOException {
        try (GeneratedCatalogue catalogue = new GeneratedCatalogue(25_000)) {
            SceneSelector selector = GeneratedCatalogue.everything(catalogue.root());
            StacSearch.Result result = GeneratedCatalogue.operatorsSearch().search(selector);
            SceneSelectionStatus selection = SceneSelection.of(result, Instant.now(), selector.getSameDatatake());

            assertThat(catalogue.fieldsAsked()).as("the fields extension asked for").isTrue();
            assertThat(result.overLimit()).isFalse();
            assertThat(result.pages()).isEqualTo(100);
            assertThat(selection.getSelected()).isEqualTo(25_000);
            assertThat(selection.getDuplicates()).isZero();
            assertThat(selection.getProducts()).hasSize(25_000).startsWith(GeneratedCatalogue.product(0))
                    .endsWith(GeneratedCatalogue.product(24_999));
        }
    }
}
