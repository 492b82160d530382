package io.sen2cor.operator.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.importer.ClassFileImporter;

/** The cycle rule of {@link LayersTest} is not a check that cannot fail: on a deliberate cycle it reports it. */
class LayersSelfCheckTest {

    @Test
    void theCycleRuleReportsADeliberateCycle() {
        var fixture = new ClassFileImporter().importPackages("io.sen2cor.operator.architecture.cyclefixture");
        var result = slices().matching("io.sen2cor.operator.architecture.cyclefixture.(*)..").should().beFreeOfCycles()
                .evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString().replaceAll("\\s+", " ")).contains("Cycle detected: Slice a -> Slice b -> Slice a");
    }
}
