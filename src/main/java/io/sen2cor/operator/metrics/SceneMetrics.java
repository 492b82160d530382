package io.sen2cor.operator.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.SceneCounts;

/** {@code sen2cor_scenes{state}} over all Sen2CorJobs the operator tracks, from their latest status counts. */
@ApplicationScoped
@io.quarkus.runtime.Startup // gauges exist (at 0) from start-up, not from the first reconcile
public class SceneMetrics {

    private final Map<String, SceneCounts> byJob = new ConcurrentHashMap<>();

    @Inject
    public SceneMetrics(MeterRegistry registry) {
        gauge(registry, "pending", SceneCounts::getPending);
        gauge(registry, "running", SceneCounts::getRunning);
        gauge(registry, "succeeded", SceneCounts::getSucceeded);
        gauge(registry, "failed", SceneCounts::getFailed);
        Gauge.builder("sen2cor.sen2corjobs", byJob, Map::size).description("Sen2CorJobs the operator knows").register(registry);
    }

    public static SceneMetrics detached() {
        return new SceneMetrics(new SimpleMeterRegistry());
    }

    private void gauge(MeterRegistry registry, String state, Function<SceneCounts, Integer> count) {
        Gauge.builder("sen2cor.scenes", byJob, m -> m.values().stream()
                .map(count).filter(Objects::nonNull).mapToInt(Integer::intValue).sum())
                .tag("state", state).description("Scenes by state over all Sen2CorJobs").register(registry);
    }

    public void update(String job, SceneCounts counts) {
        if (counts != null) {
            byJob.put(job, counts);
        }
    }

    public void remove(String job) {
        byJob.remove(job);
    }
}
