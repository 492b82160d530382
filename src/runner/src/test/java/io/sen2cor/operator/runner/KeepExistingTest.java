package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.SceneResult;
import org.junit.jupiter.api.Test;

/**
 * Which existing products a run keeps (spec.output.keepExisting): the rule the runner's own skip, its skip-check task
 * and the operator's skipExisting share (pure).
 */
class KeepExistingTest {

    @Test
    void aProductIsKeptWhenItsRecordSaysSucceededWithTheSameSettingsOrAnyIsAsked() {
        Map<String, String> env = new HashMap<>(Map.of(RunnerContract.RESOLUTION, "10", RunnerContract.SEN2COR_VERSION, "2.12"));
        String settings = RunnerContract.settingsFingerprint(env);
        String same = "{\"status\":\"SUCCEEDED\",\"settings\":\"" + settings + "\"}";
        env.put(RunnerContract.RESOLUTION, "20");
        String other = "{\"status\":\"SUCCEEDED\",\"settings\":\"" + RunnerContract.settingsFingerprint(env) + "\"}";

        assertThat(SceneResult.reusable(same, settings, false)).isTrue();
        assertThat(SceneResult.reusable(other, settings, false)).as("another resolution: made again").isFalse();
        assertThat(SceneResult.reusable(other, settings, true)).as("keepExisting: Any").isTrue();
        assertThat(SceneResult.reusable("{\"status\":\"SUCCEEDED\"}", settings, false))
                .as("a record from before settings were recorded").isTrue();
        assertThat(SceneResult.reusable("{\"status\":\"FAILED\",\"settings\":\"" + settings + "\"}", settings, true)).isFalse();
        assertThat(SceneResult.reusable("not json", settings, true)).isFalse();
        assertThat(RunnerContract.settingsFingerprint(Map.of(RunnerContract.THREADS, "8", RunnerContract.RESOLUTION, "10",
                RunnerContract.SEN2COR_VERSION, "2.12"))).as("threads do not change the product").isEqualTo(settings);
    }
}
