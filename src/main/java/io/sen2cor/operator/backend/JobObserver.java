package io.sen2cor.operator.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.work.Usage;

/**
 * What the lifecycle asks a backend to look at: the questions of the observe step, none of which changes anything in
 * the backend's system except its own view of it ({@code refresh} starts watching again and re-creates work that
 * vanished). See docs/architecture.md, "Ports".
 */
public interface JobObserver {

    /** Event sources the backend feeds (e.g. a shared poller of external job state); registered with the reconciler. */
    default List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        return List.of();
    }

    /** Something missing that would keep every scene from starting, checked before the first round; empty when fine. */
    default Optional<Observation> preflight(Sen2CorJob job, BatchEnvironment env) {
        return Optional.empty();
    }

    /** Whether all of the round's work has been submitted. */
    boolean submitted(SceneRound round);

    /**
     * Brings the backend's view of submitted work up to date before it is observed: starts watching it (again, after
     * a restart), re-creates work that vanished, keeps shared limits. A non-empty result is reported as it is.
     */
    Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished);

    /** The scene counts of one round, from the latest observed state (no remote call per scene). */
    RoundCounts observe(Sen2CorJob job, SceneRound round);

    /** Every failed scene of a round with its cause. */
    List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round);

    /** The scenes of a round, in index order (its manifest). */
    List<String> products(Sen2CorJob job, BatchEnvironment env, SceneRound round);

    /** Why scenes cannot be run on On-Demand capacity of {@code env}; empty when they can. */
    default Optional<String> onDemandUnavailable(BatchEnvironment env) {
        return Optional.of("this backend has no On-Demand capacity");
    }

    /**
     * Attempts, Spot interruptions and log location of failed scenes; costs remote calls (AWS Batch: one DescribeJobs
     * per 100 scenes).
     */
    default List<FailedScene> detail(Sen2CorJob job, BatchEnvironment env, List<FailedScene> failed) {
        return failed;
    }

    /** Why scenes of a round have not started for longer than the backend's patience; empty while nothing is stuck. */
    Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts counts,
            Instant lastProgress);

    /**
     * Of {@code products}, those whose result record in the job's output already says SUCCEEDED; empty when the backend
     * cannot tell (the runner then skips them itself when they run). May take minutes (Kubernetes runs a pod for it):
     * called off the reconcile threads.
     */
    default Optional<java.util.Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return Optional.empty();
    }

    /**
     * The vCPU-seconds a finished job's scenes used, once the backend knows; empty while it is still counting (the
     * job is reconciled again when it is done) or when it cannot tell. Asked until it answers, also after a restart.
     */
    default Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        return Optional.empty();
    }

    /** How often a running job is looked at even without events (drift, stuck scenes). */
    Duration resync();

    /** A failure of this backend's system as an observation (e.g. AWS throttling); empty: not the backend's. */
    default Optional<Observation> explain(Sen2CorJob job, RuntimeException e) {
        return Optional.empty();
    }
}
