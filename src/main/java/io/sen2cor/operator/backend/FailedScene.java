package io.sen2cor.operator.backend;

/**
 * A failed scene of a round as its backend reports it.
 *
 * @param workId the backend's id of the work that ran it (AWS Batch child job id, Kubernetes pod name)
 * @param cancelled stopped by a suspend rather than failed: resumed, not counted as a failure, when suspend ends
 * @param attempts how often it ran, when known
 * @param log where the log of its failed attempt is, when known
 */
public record FailedScene(String product, String reason, String workId, boolean cancelled, Integer attempts, SceneLog log) {

    public FailedScene withDetail(String reason, Integer attempts, SceneLog log) {
        return new FailedScene(product, reason, workId, cancelled, attempts, log);
    }
}
