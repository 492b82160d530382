package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sen2cor.operator.api.Patterns;
import io.sen2cor.operator.contract.RunnerContract;
import org.junit.jupiter.api.Test;

/** The runner's copy of what the operator's schema admits stays the same. */
class RunnerContractTest {

    @Test
    void theRunnerAcceptsExactlyTheProductIdsTheSchemaAdmits() {
        assertThat(RunnerContract.L1C_PRODUCT_ID).isEqualTo(Patterns.L1C_PRODUCT_ID);
    }
}
