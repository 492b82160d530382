package io.sen2cor.operator.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.api.UsageStatus;
import io.sen2cor.operator.backend.RoundCounts;
import io.sen2cor.operator.work.Usage;

/**
 * The pure decisions of a Sen2CorJob's lifecycle: scene counts over rounds, the phase, when failure detail is worth
 * fetching, retry requests and the settled check. No backend, no clock: tested without any server.
 */
public final class JobProgress {

    private JobProgress() {
    }

    /**
     * Counts over all rounds. Rounds are chained: each retry round holds exactly the scenes the previous rounds did not
     * finish successfully, so succeeded scenes add up over all rounds and the rest is what the last round says.
     */
    /** Counts and progress of a job none of whose {@code total} scenes has started. */
    public static void initialise(Sen2CorJobStatus status, int total) {
        SceneCounts scenes = new SceneCounts();
        scenes.setTotal(total);
        scenes.setPending(total);
        scenes.setRunning(0);
        scenes.setSucceeded(0);
        scenes.setFailed(0);
        status.setScenes(scenes);
        status.setProgress("0/" + total);
    }

    public static SceneCounts rollUp(int total, List<RoundCounts> rounds) {
        return rollUp(total, rounds, 0);
    }

    /** @param carriedFailed failures of earlier rounds the last round does not run again ({@code SceneRound.carriedFailed}) */
    public static SceneCounts rollUp(int total, List<RoundCounts> rounds, int carriedFailed) {
        int succeeded = rounds.stream().mapToInt(RoundCounts::succeeded).sum();
        RoundCounts last = rounds.isEmpty() ? RoundCounts.allPending(total) : rounds.get(rounds.size() - 1);
        SceneCounts counts = new SceneCounts();
        counts.setTotal(total);
        counts.setSucceeded(succeeded);
        counts.setPending(last.pending());
        counts.setRunning(last.running());
        counts.setFailed(last.failed() + carriedFailed);
        return counts;
    }

    /** The phase once everything is submitted. */
    public static JobPhase phase(SceneCounts c, boolean cancelledScenes) {
        if (active(c)) {
            return JobPhase.Running;
        }
        if (c.getFailed() == 0) {
            return JobPhase.Succeeded;
        }
        if (cancelledScenes) {
            return JobPhase.Cancelled;
        }
        return c.getSucceeded() == 0 ? JobPhase.Failed : JobPhase.PartiallySucceeded;
    }

    public static String progress(SceneCounts c) {
        return (c.getSucceeded() + c.getFailed()) + "/" + c.getTotal();
    }

    /** Writes counts and progress; moves lastProgressTime only when a scene started or finished. */
    public static void record(Sen2CorJobStatus status, SceneCounts counts, String now) {
        SceneCounts before = status.getScenes();
        status.setScenes(counts);
        status.setProgress(progress(counts));
        if (before == null || !Objects.equals(before.getRunning(), counts.getRunning())
                || !Objects.equals(before.getSucceeded(), counts.getSucceeded())
                || !Objects.equals(before.getFailed(), counts.getFailed()) || status.getLastProgressTime() == null) {
            status.setLastProgressTime(now);
            throughput(status, counts, now);
        }
    }

    /**
     * Scenes per hour since the first submission and the ETA at that rate, recomputed only when a scene started or
     * finished (so a reconcile with nothing new writes no status). No ETA before the first scene finished or after
     * the last.
     */
    static void throughput(Sen2CorJobStatus status, SceneCounts counts, String now) {
        if (status.getStartTime() == null) {
            return;
        }
        UsageStatus usage = status.getUsage() == null ? new UsageStatus() : status.getUsage();
        int finished = counts.getSucceeded() + counts.getFailed();
        Instant at = Instant.parse(now);
        double hours = Duration.between(Instant.parse(status.getStartTime()), at).toMillis() / 3_600_000.0;
        if (finished == 0 || hours <= 0) {
            usage.setScenesPerHour(null);
            usage.setEta(null);
        } else {
            double rate = finished / hours;
            usage.setScenesPerHour(Math.round(rate * 10) / 10.0);
            int remaining = counts.getTotal() - finished;
            usage.setEta(remaining <= 0 || !active(counts) ? null
                    : at.plusSeconds(Math.round(remaining / rate * 3600)).truncatedTo(ChronoUnit.SECONDS).toString());
        }
        status.setUsage(usage);
    }

    /** The vCPU-hours a finished job's backend counted, in total and by capacity. */
    public static void used(Sen2CorJobStatus status, Usage used) {
        UsageStatus usage = status.getUsage() == null ? new UsageStatus() : status.getUsage();
        usage.setEta(null);
        usage.setVcpuHours(hours(used.totalSeconds()));
        Map<String, Double> by = new TreeMap<>();
        used.vcpuSecondsByCapacity().forEach((capacity, seconds) -> by.put(capacity, hours(seconds)));
        usage.setVcpuHoursByCapacity(by);
        status.setUsage(usage);
    }

    private static double hours(double seconds) {
        return Math.round(seconds / 3.6) / 1000.0;
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

    public static String finishedEvent(JobPhase phase, SceneCounts c) {
        return phase + ": " + c.getSucceeded() + " of " + c.getTotal() + " scenes succeeded";
    }
}
