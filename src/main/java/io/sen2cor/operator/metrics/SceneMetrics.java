package io.sen2cor.operator.metrics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.contract.RunnerContract;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * {@code sen2cor_scenes{state}} over all Sen2CorJobs the operator tracks, from their latest status counts, and
 * {@code sen2cor_vcpu_seconds_total{capacity}}: what finished jobs used, counted once when a job finishes.
 */
@ApplicationScoped
@io.quarkus.runtime.Startup // gauges exist (at 0) from start-up, not from the first reconcile
public class SceneMetrics {

    private final Map<String, SceneCounts> byJob = new ConcurrentHashMap<>();
    private final MeterRegistry registry;

    @Inject
    public SceneMetrics(MeterRegistry registry) {
        this.registry = registry;
        gauge(registry, "pending", SceneCounts::getPending);
        gauge(registry, "running", SceneCounts::getRunning);
        gauge(registry, "succeeded", SceneCounts::getSucceeded);
        gauge(registry, "failed", SceneCounts::getFailed);
        Gauge.builder("sen2cor.sen2corjobs", byJob, Map::size).description("Sen2CorJobs the operator knows").register(registry);
        for (String capacity : List.of(RunnerContract.CAPACITY_SPOT, RunnerContract.CAPACITY_ON_DEMAND,
                RunnerContract.CAPACITY_MIXED, RunnerContract.CAPACITY_UNKNOWN)) {
            vcpuSecondsCounter(capacity); // at 0 from start-up, so a rate() has a baseline
        }
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

    /** A finished job's vCPU-hours by capacity, added to the counters. */
    public void used(Map<String, Double> vcpuHoursByCapacity) {
        vcpuHoursByCapacity.forEach((capacity, hours) -> vcpuSecondsCounter(capacity).increment(hours * 3600));
    }

    private Counter vcpuSecondsCounter(String capacity) {
        return Counter.builder("sen2cor.vcpu.seconds").description("vCPU-seconds the scenes of finished Sen2CorJobs used, "
                + "by capacity").tag("capacity", capacity).register(registry);
    }

    public double vcpuSeconds(String capacity) {
        var counter = registry.find("sen2cor.vcpu.seconds").tag("capacity", capacity).counter();
        return counter == null ? 0 : counter.count();
    }

    public void remove(String job) {
        byJob.remove(job);
    }
}
