package io.sen2cor.operator.backend;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.sen2cor.operator.api.BatchRound;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.aws.JobSubmissions;

/**
 * Scene counts and phase of a Sen2CorJob from the snapshots of its AWS Batch jobs (pure). Rounds are chained: each
 * retry round holds exactly the scenes the previous rounds did not finish successfully, so succeeded scenes add
 * up over all rounds and the rest is what the last round says.
 */
public final class SceneRollup {

    private SceneRollup() {
    }

    /** Counts of one job covering {@code size} scenes; a job not yet seen counts as pending. */
    static int[] counts(JobSnapshot s, int size) {
        // pending, running, succeeded, failed
        int[] c = new int[4];
        if (s == null || s.forgotten()) {
            c[0] = size;
            return c;
        }
        if (size == 1 && s.summary().isEmpty()) {
            switch (s.status()) {
                case "RUNNING" -> c[1] = 1;
                case "SUCCEEDED" -> c[2] = 1;
                case "FAILED" -> c[3] = 1;
                default -> c[0] = 1;
            }
            return c;
        }
        Map<String, Integer> m = s.summary();
        c[1] = m.getOrDefault("RUNNING", 0);
        c[2] = m.getOrDefault("SUCCEEDED", 0);
        c[3] = m.getOrDefault("FAILED", 0);
        if (s.terminal() && c[2] + c[3] < size) {
            // a parent that ended before creating every child (e.g. cancelled while PENDING): the rest failed
            c[3] = size - c[2];
        }
        c[0] = Math.max(0, size - c[1] - c[2] - c[3]);
        return c;
    }

    /** Counts over all rounds; {@code snapshots} gives the latest snapshot of a job id (or null). */
    public static SceneCounts rollUp(int total, List<BatchRound> rounds, Function<String, JobSnapshot> snapshots) {
        int succeeded = 0;
        int[] last = new int[4];
        for (int r = 0; r < rounds.size(); r++) {
            BatchRound round = rounds.get(r);
            var chunks = JobSubmissions.chunks(round.getScenes());
            int[] sum = new int[4];
            for (int i = 0; i < chunks.size(); i++) {
                String id = i < round.getJobIds().size() ? round.getJobIds().get(i) : null;
                int[] c = counts(id == null ? null : snapshots.apply(id), chunks.get(i).size());
                for (int k = 0; k < 4; k++) {
                    sum[k] += c[k];
                }
            }
            succeeded += sum[2];
            last = sum;
        }
        SceneCounts counts = new SceneCounts();
        counts.setTotal(total);
        counts.setSucceeded(succeeded);
        if (rounds.isEmpty()) {
            counts.setPending(total);
            counts.setRunning(0);
            counts.setFailed(0);
        } else {
            counts.setPending(last[0]);
            counts.setRunning(last[1]);
            counts.setFailed(last[3]);
        }
        return counts;
    }

    /** The phase once everything is submitted. */
    public static JobPhase phase(SceneCounts c, boolean cancelledScenes) {
        if (c.getPending() + c.getRunning() > 0) {
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
}
