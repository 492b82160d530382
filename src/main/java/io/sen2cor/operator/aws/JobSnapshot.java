package io.sen2cor.operator.aws;

import java.util.Map;

import io.sen2cor.operator.backend.RoundCounts;

/**
 * What was last seen of one AWS Batch job: its status and, for an array, the children's status counts.
 * {@code forgotten}: DescribeJobs no longer returns it and AWS's retention (at least 7 days after the job) has passed
 * ({@link MissingJobs}); the job is never resubmitted for that, its scenes' results are read from the output bucket
 * instead.
 */
public record JobSnapshot(String jobId, String status, String statusReason, int arraySize, Map<String, Integer> summary,
        Long summaryUpdatedAt, Long startedAt, Long stoppedAt, boolean cancelRequested, boolean forgotten) {

    public static JobSnapshot forgotten(String jobId) {
        return new JobSnapshot(jobId, null, null, 0, Map.of(), null, null, null, false, true);
    }

    /**
     * Nothing about it will change any more. Batch updates an array parent's status summary separately from its
     * status: a terminal parent is settled once the summary accounts for every child, or was updated after the parent
     * stopped (children never created, e.g. cancelled while PENDING, stay missing from it for good).
     */
    public boolean settled() {
        return forgotten || terminal() && summaryFinal();
    }

    boolean summaryFinal() {
        if (arraySize == 0) {
            return true;
        }
        int counted = summary.values().stream().mapToInt(Integer::intValue).sum();
        return counted >= arraySize || summaryUpdatedAt != null && stoppedAt != null && summaryUpdatedAt >= stoppedAt;
    }

    public boolean terminal() {
        return "SUCCEEDED".equals(status) || "FAILED".equals(status);
    }

    /**
     * The scene counts of a job covering {@code size} scenes, in the lifecycle's terms: SUBMITTED, PENDING, RUNNABLE
     * and STARTING are pending. A job not yet seen (or forgotten and not yet resolved) counts as pending.
     */
    static RoundCounts counts(JobSnapshot s, int size) {
        if (s == null || s.forgotten()) {
            return RoundCounts.allPending(size);
        }
        if (size == 1 && s.summary().isEmpty()) {
            return switch (s.status()) {
                case "RUNNING" -> RoundCounts.of(1, 1, 0, 0);
                case "SUCCEEDED" -> RoundCounts.of(1, 0, 1, 0);
                case "FAILED" -> RoundCounts.of(1, 0, 0, 1);
                default -> RoundCounts.allPending(1);
            };
        }
        Map<String, Integer> m = s.summary();
        int running = m.getOrDefault("RUNNING", 0);
        int succeeded = m.getOrDefault("SUCCEEDED", 0);
        int failed = m.getOrDefault("FAILED", 0);
        if (s.terminal() && s.summaryFinal() && succeeded + failed < size) {
            // a parent that ended before creating every child (e.g. cancelled while PENDING): the rest failed
            failed = size - succeeded;
        }
        // terminal with a summary still catching up: the children it does not count yet stay pending
        return RoundCounts.of(size, running, succeeded, failed);
    }
}
