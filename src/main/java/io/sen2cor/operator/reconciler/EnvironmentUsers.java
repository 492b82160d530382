package io.sen2cor.operator.reconciler;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.javaoperatorsdk.operator.health.InformerHealthIndicator;
import io.javaoperatorsdk.operator.health.InformerWrappingEventSourceHealthIndicator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import jakarta.inject.Singleton;

/**
 * Which Sen2CorJobs use a BatchEnvironment, read from the Sen2CorJob controller's own cache (indexed by
 * environmentRef), and the wake of an environment when one of its jobs let it go. The environment controller had an
 * informer of its own over every Sen2CorJob for this: a second copy of every job's watch traffic, decrypted and parsed,
 * for a question asked only while an environment is being deleted (about a third of the operator's CPU for the
 * API server's traffic at 1000 jobs; docs/benchmark.md). Only jobs in the namespaces the operator watches count: a
 * Sen2CorJob elsewhere is not run by this operator, and nothing of it is in AWS for the environment to wait for.
 */
@Singleton
public class EnvironmentUsers {

    private volatile IndexerResourceCache<Sen2CorJob> jobs;
    private final SimpleInboundEventSource<BatchEnvironment> wakes = new SimpleInboundEventSource<>("environment-users");
    /** Jobs whose cleanup finished (their finalizer is on its way out), until they leave the cache. */
    private final Map<String, ResourceID> released = new ConcurrentHashMap<>();

    /** The Sen2CorJob controller's cache, indexed by {@link Sen2CorJobReconciler#ENVIRONMENT_INDEX}. */
    void readFrom(IndexerResourceCache<Sen2CorJob> jobs) {
        this.jobs = jobs;
    }

    /** The environment controller's event source for {@link #released}. */
    SimpleInboundEventSource<BatchEnvironment> wakes() {
        return wakes;
    }

    /**
     * The jobs using the environment, those whose cleanup finished left out; empty Optional while the Sen2CorJob cache
     * has not been filled yet (right after a start): not knowing is not "none".
     */
    Optional<List<Sen2CorJob>> of(String environment) {
        IndexerResourceCache<Sen2CorJob> cache = jobs;
        if (cache == null || !synced(cache)) {
            return Optional.empty();
        }
        forgetGone(cache);
        return Optional.of(cache.byIndex(Sen2CorJobReconciler.ENVIRONMENT_INDEX, environment).stream()
                .filter(job -> !released.containsKey(job.getMetadata().getUid())).toList());
    }

    /** A job's cleanup finished: it no longer holds its environment, which looks again now. */
    void released(Sen2CorJob job) {
        IndexerResourceCache<Sen2CorJob> cache = jobs;
        if (cache != null) {
            // pruned here too, not only when an environment is deleted: every deleted job passes through here
            forgetGone(cache);
        }
        released.put(job.getMetadata().getUid(), ResourceID.fromResource(job));
        if (wakes.isRunning()) {
            wakes.propagateEvent(new ResourceID(job.getSpec().getEnvironmentRef()));
        }
    }

    /** Released jobs that have left the cache (their finalizer went): nothing to leave out for them any more. */
    private void forgetGone(IndexerResourceCache<Sen2CorJob> cache) {
        released.entrySet().removeIf(r -> cache.get(r.getValue())
                .filter(job -> r.getKey().equals(job.getMetadata().getUid())).isEmpty());
    }

    private static boolean synced(IndexerResourceCache<Sen2CorJob> cache) {
        return !(cache instanceof InformerWrappingEventSourceHealthIndicator<?> health)
                || health.informerHealthIndicators().values().stream().allMatch(InformerHealthIndicator::hasSynced);
    }
}
