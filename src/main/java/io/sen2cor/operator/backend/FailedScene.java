package io.sen2cor.operator.backend;

/**
 * A failed scene of a round as its backend reports it.
 *
 * @param workId the backend's id of the work that ran it (AWS Batch child job id, Kubernetes pod name)
 * @param cancelled stopped by a suspend rather than failed: resumed, not counted as a failure, when suspend ends
 * @param attempts how often it ran, when known
 * @param log where the log of its failed attempt is, when known
 * @param spotInterruptions how many of its attempts Spot capacity interrupted, when known
 * @param endedByInterruption its last attempt was interrupted (it did not fail on its own)
 */
public record FailedScene(String product, String reason, String workId, boolean cancelled, Integer attempts, SceneLog log,
        Integer spotInterruptions, boolean endedByInterruption) {

    public FailedScene(String product, String reason, String workId, boolean cancelled, Integer attempts, SceneLog log) {
        this(product, reason, workId, cancelled, attempts, log, null, false);
    }

    public FailedScene withDetail(String reason, Integer attempts, SceneLog log) {
        return new FailedScene(product, reason, workId, cancelled, attempts, log, spotInterruptions, endedByInterruption);
    }

    public FailedScene withInterruptions(int interruptions, boolean endedByInterruption) {
        return new FailedScene(product, reason, workId, cancelled, attempts, log, interruptions, endedByInterruption);
    }

    /** Whether it should run again on On-Demand capacity: ended by Spot, and interrupted at least {@code threshold} times. */
    public boolean escalates(int threshold) {
        return !cancelled && endedByInterruption && spotInterruptions != null && spotInterruptions >= threshold;
    }
}
