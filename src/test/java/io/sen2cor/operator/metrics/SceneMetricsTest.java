package io.sen2cor.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SceneMetricsTest {

    @Test
    void finishedJobsAddTheirVcpuHoursToTheCounterOfTheirCapacity() {
        SceneMetrics metrics = SceneMetrics.detached();
        assertThat(metrics.vcpuSeconds("Spot")).as("at 0 from start-up").isZero();

        metrics.used(Map.of("Spot", 2.0, "OnDemand", 0.5));
        metrics.used(Map.of("Spot", 1.0));

        assertThat(metrics.vcpuSeconds("Spot")).isEqualTo(10800.0);
        assertThat(metrics.vcpuSeconds("OnDemand")).isEqualTo(1800.0);
    }
}
