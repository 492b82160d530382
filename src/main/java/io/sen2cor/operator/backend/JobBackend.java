package io.sen2cor.operator.backend;

/**
 * A system that runs scenes (AWS Batch, Kubernetes), seen through the two narrow ports the lifecycle
 * ({@code lifecycle.JobLifecycle}) uses: {@link JobObserver} for the observe step, {@link JobActions} for the act step;
 * the decisions between them are the lifecycle's and need no backend. A backend only knows its system. See
 * docs/architecture.md, "Ports".
 */
public interface JobBackend extends JobObserver, JobActions {

    BackendType type();
}
