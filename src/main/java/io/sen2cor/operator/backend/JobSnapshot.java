package io.sen2cor.operator.backend;

import java.util.Map;

/**
 * What was last seen of one unit of submitted work (an AWS Batch job, a Kubernetes Indexed Job), in AWS Batch's
 * vocabulary: its status and, for an array, the children's status counts. {@code forgotten}: DescribeJobs no longer returns it (Batch drops finished jobs after about a day); the
 * job is never resubmitted for that, its scenes' results are read from the output bucket instead.
 */
public record JobSnapshot(String jobId, String status, String statusReason, int arraySize, Map<String, Integer> summary,
        Long startedAt, Long stoppedAt, boolean forgotten) {

    public static JobSnapshot forgotten(String jobId) {
        return new JobSnapshot(jobId, null, null, 0, Map.of(), null, null, true);
    }

    /** Nothing about it will change any more. */
    public boolean settled() {
        return forgotten || terminal();
    }

    public boolean terminal() {
        return "SUCCEEDED".equals(status) || "FAILED".equals(status);
    }
}
