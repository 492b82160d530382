package io.sen2cor.operator.backend;

import java.util.Objects;

import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.status.Reason;

/**
 * How both job backends write progress into a Sen2CorJob's status once its scenes are out: counts and progress,
 * when failure detail is worth fetching, retry requests, and the finished phase with its Event and message.
 */
public final class JobProgress {

    private JobProgress() {
    }

    /** Writes counts and progress; moves lastProgressTime only when a scene started or finished. */
    public static void record(Sen2CorJobStatus status, SceneCounts counts, String now) {
        SceneCounts before = status.getScenes();
        status.setScenes(counts);
        status.setProgress(SceneRollup.progress(counts));
        if (before == null || !Objects.equals(before.getRunning(), counts.getRunning())
                || !Objects.equals(before.getSucceeded(), counts.getSucceeded())
                || !Objects.equals(before.getFailed(), counts.getFailed()) || status.getLastProgressTime() == null) {
            status.setLastProgressTime(now);
        }
    }

    /**
     * Whether the failed scenes must be looked up (a backend call): when the failed count changed, when status has
     * no failure list yet, or when the round has finished (retries and reports need the complete list).
     */
    public static boolean needsFailureDetail(SceneCounts before, SceneCounts counts, Sen2CorJobStatus status) {
        return counts.getFailed() > 0 && (before == null || !Objects.equals(before.getFailed(), counts.getFailed())
                || status.getFailures() == null || status.getFailures().isEmpty() || !active(counts));
    }

    public static boolean active(SceneCounts counts) {
        return counts.getPending() + counts.getRunning() > 0;
    }

    public static String runningMessage(SceneCounts c) {
        return "running: " + c.getSucceeded() + " succeeded, " + c.getRunning() + " running, " + c.getPending()
                + " pending, " + c.getFailed() + " failed of " + c.getTotal();
    }

    /** Whether spec.retryGeneration asks for a retry not acted on yet; records it as acted on. */
    public static boolean takeRetryRequest(Sen2CorJob job, Sen2CorJobStatus status) {
        if (!retryRequested(job, status)) {
            return false;
        }
        status.setRetriedGeneration(job.getSpec().getRetryGeneration());
        return true;
    }

    /** spec.retryGeneration was raised above the last retry the status records. */
    public static boolean retryRequested(Sen2CorJob job, Sen2CorJobStatus status) {
        int wanted = job.getSpec().getRetryGeneration() == null ? 0 : job.getSpec().getRetryGeneration();
        int retried = status.getRetriedGeneration() == null ? 0 : status.getRetriedGeneration();
        return wanted > retried;
    }

    /**
     * A job whose last round has ended and that nothing asks to run again: no retry of failed scenes requested, and cancelled
     * scenes only while suspended (otherwise they are resumed). Its status is final until the spec changes.
     */
    public static boolean settled(Sen2CorJob job, Sen2CorJobStatus status) {
        JobPhase phase = status.getPhase();
        boolean ended = phase == JobPhase.Succeeded || phase == JobPhase.PartiallySucceeded || phase == JobPhase.Failed
                || (phase == JobPhase.Cancelled && Boolean.TRUE.equals(job.getSpec().getSuspend()));
        Integer failed = status.getScenes() == null ? null : status.getScenes().getFailed();
        boolean retry = retryRequested(job, status) && failed != null && failed > 0;
        return ended && status.getCompletionTime() != null && !retry;
    }

    /** Sets the finished phase and completion time; true when this is news (worth an Event and a report). */
    public static boolean finish(Sen2CorJobStatus status, JobPhase phase, String now) {
        boolean news = status.getCompletionTime() == null || status.getPhase() != phase;
        status.setPhase(phase);
        if (status.getCompletionTime() == null) {
            status.setCompletionTime(now);
        }
        return news;
    }

    public static Reason finishedReason(JobPhase phase) {
        return phase == JobPhase.Succeeded ? Reason.Completed : Reason.CompletedWithFailures;
    }

    public static String finishedEvent(JobPhase phase, SceneCounts c) {
        return phase + ": " + c.getSucceeded() + " of " + c.getTotal() + " scenes succeeded";
    }

    /** The observation of a finished job: Ready, and how to run the failed scenes again if any. */
    public static Observation finished(JobPhase phase, SceneCounts c) {
        return new Observation(Observation.State.READY, phase == JobPhase.Succeeded ? Reason.Ready : Reason.CompletedWithFailures,
                phase + ": " + c.getSucceeded() + "/" + c.getTotal() + " scenes succeeded"
                        + (c.getFailed() > 0 ? "; raise spec.retryGeneration to run the " + c.getFailed()
                                + " failed scene(s) again" : ""), null);
    }
}
