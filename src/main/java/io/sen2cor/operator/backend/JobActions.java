package io.sen2cor.operator.backend;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;

/**
 * What the lifecycle tells a backend to do once it has decided: the act step. Each call changes the backend's system
 * (submits, cancels, writes outputs) and is safe to repeat. See docs/architecture.md, "Ports".
 */
public interface JobActions {

    /**
     * Submits the next part of a round and records what it submitted in {@code round} at once (ids reach status before
     * anything else is submitted). Safe to repeat after a restart: work already submitted is found, not duplicated.
     *
     * @param products the round's scenes when the lifecycle has them (a new round); empty when continuing a round
     *        whose scene list the backend has already stored
     */
    Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round, List<String> products);

    /**
     * Keeps a selection too large for status (more than 10,000 ids) where the job's work is, one id per line, and
     * says where; empty when this backend cannot (the job is then refused). See docs/stac.md, "Large selections".
     */
    default Optional<String> keepSelection(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return Optional.empty();
    }

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
     * A finished job: stores its complete per-scene record ({@code json}) where its outputs are, when the backend can,
     * and starts whatever else it writes once (e.g. a STAC catalog); that part may run in the background, never on
     * the reconcile thread for long.
     */
    default void publish(Sen2CorJob job, BatchEnvironment env, String json) {
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
