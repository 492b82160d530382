package io.sen2cor.operator.aws;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.JobSummary;

/**
 * Why AWS Batch keeps a round's scenes RUNNABLE, in its own words (docs/architecture.md, "AWS Batch"): the
 * {@code statusReason} Batch gives a job it cannot place, such as {@code CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY - Service
 * cannot fulfill the capacity requested for instance type ...} or {@code MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - ...}
 * (memory and instance types count, not only vCPUs). A plain job carries it itself; an array's children do, so the
 * first RUNNABLE child of each array is listed (one ListJobs page of at most 10).
 */
final class RunnableReasons {

    static final int MAX_TEXT = 300;

    private RunnableReasons() {
    }

    /** The first reason AWS gives for a RUNNABLE job of these, cut to {@link #MAX_TEXT}; empty when it gives none. */
    static Optional<String> of(BatchClient batch, List<String> jobIds, Function<String, Optional<JobSnapshot>> snapshots,
            TokenBucket limiter) {
        for (String id : jobIds) {
            Optional<JobSnapshot> seen = snapshots.apply(id);
            if (seen.isEmpty() || seen.get().terminal()) {
                continue;
            }
            JobSnapshot s = seen.get();
            if (s.arraySize() == 0) {
                if ("RUNNABLE".equals(s.status()) && s.statusReason() != null && !s.statusReason().isBlank()) {
                    return Optional.of(cut(s.statusReason()));
                }
                continue;
            }
            limiter.acquire();
            List<JobSummary> runnable = batch.listJobs(r -> r.arrayJobId(id).jobStatus("RUNNABLE").maxResults(10)).jobSummaryList();
            Optional<String> reason = runnable.stream().map(JobSummary::statusReason)
                    .filter(r -> r != null && !r.isBlank()).findFirst();
            if (reason.isPresent()) {
                return Optional.of(cut(reason.get()));
            }
        }
        return Optional.empty();
    }

    static String cut(String reason) {
        String line = reason.replaceAll("\\s+", " ").strip();
        return line.length() > MAX_TEXT ? line.substring(0, MAX_TEXT) + "..." : line;
    }
}
