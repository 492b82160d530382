package io.sen2cor.operator.backend;

/**
 * Where one scene stands, in the job's own terms: every backend maps its native states onto these (AWS Batch
 * SUBMITTED/PENDING/RUNNABLE/STARTING are PENDING; a Kubernetes index with an active pod is RUNNING).
 */
public enum SceneState {
    PENDING, RUNNING, SUCCEEDED, FAILED
}
