package io.sen2cor.operator.backend;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;

/** Builds and keeps the compute side of a BatchEnvironment (AWS Batch resources, or nothing for Kubernetes). */
public interface EnvironmentBackend {

    BackendType type();

    /**
     * Creates or corrects what is missing and observes the result; may fill backend details of {@code status}.
     * Must not block on long waits: return a PROGRESSING observation with a recheck delay instead.
     */
    Observation reconcile(BatchEnvironment env, BatchEnvironmentStatus status);

    /** Removes what the backend created (respecting the deletion policy); done() when nothing is left. */
    Observation cleanup(BatchEnvironment env);
}
