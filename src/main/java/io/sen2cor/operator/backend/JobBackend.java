package io.sen2cor.operator.backend;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;

/**
 * The port through which the Sen2CorJob lifecycle ({@code lifecycle.JobLifecycle}) runs scenes on a backend, in the
 * job's own terms: submit a round, observe a round, list its failed scenes, suspend and resume it, let it go once
 * finished, clean up. The lifecycle owns phases, rounds, retries, suspend, stuck detection, Events and the report;
 * a backend only knows its system. See docs/architecture.md, "Ports".
 */
public interface JobBackend {

    BackendType type();

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
     * Submits the next part of a round and records what it submitted in {@code round} at once (ids reach status before
     * anything else is submitted). Safe to repeat after a restart: work already submitted is found, not duplicated.
     *
     * @param products the round's scenes when the lifecycle has them (a new round); empty when continuing a round
     *        whose scene list the backend has already stored
     */
    Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round, List<String> products);

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

    /** Stops queued work of the round; returns what happened (the lifecycle records it as an Event and in Ready). */
    Suspension suspend(Sen2CorJob job, BatchEnvironment env, SceneRound round);

    /** Lets suspended work of the round run again; null when the backend resumes by a new round of cancelled scenes. */
    default String resume(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        return null;
    }

    /** The job has finished: stop watching its work. */
    default void release(Sen2CorJob job) {
    }

    /**
     * Of {@code products}, those whose result record in the job's output already says SUCCEEDED; empty when the backend
     * cannot tell (the runner then skips them itself when they run). May take minutes (Kubernetes runs a pod for it):
     * called off the reconcile threads.
     */
    default Optional<java.util.Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return Optional.empty();
    }

    /**
     * A finished job: stores its complete per-scene record ({@code json}) where its outputs are, when the backend can,
     * and starts whatever else it writes once (e.g. a STAC catalog); that part may run in the background, never on
     * the reconcile thread for long.
     */
    default void publish(Sen2CorJob job, BatchEnvironment env, String json) {
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

    /**
     * Stops the job's work (outputs stay) and releases what only it used; done() when nothing runs any more.
     * {@code others}: the other Sen2CorJobs the operator knows, to tell what is still shared.
     */
    Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others);

    /**
     * What suspending did.
     *
     * @param event what was stopped, for an Event; null when nothing was
     * @param message the Ready message while suspended
     */
    record Suspension(String event, String message) {
    }
}
