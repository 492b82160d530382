package io.sen2cor.operator.backend;

import java.util.Collection;
import java.util.List;

import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;

/** Runs the scenes of a Sen2CorJob on an admitted, Ready environment and reports their progress. */
public interface JobBackend {

    BackendType type();

    /** Submits what is not yet submitted and fills phase, scenes, progress, failures and backend details. */
    Observation reconcile(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status);

    /** Event sources the backend feeds (e.g. a shared poller of external job state); registered with the reconciler. */
    default List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        return List.of();
    }

    /**
     * Stops the job's work (outputs stay) and releases what only it used; done() when nothing runs any more.
     * {@code others}: the other Sen2CorJobs the operator knows, to tell what is still shared.
     */
    Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others);
}
