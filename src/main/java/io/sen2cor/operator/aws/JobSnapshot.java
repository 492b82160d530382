package io.sen2cor.operator.aws;

import java.util.Map;

import software.amazon.awssdk.services.batch.model.JobDetail;

/**
 * What the tracker last saw of one AWS Batch job: its status and, for an array parent, the children's status
 * counts. {@code forgotten}: DescribeJobs no longer returns it (Batch drops finished jobs after about a day); the
 * job is never resubmitted for that, its scenes' results are read from the output bucket instead.
 */
public record JobSnapshot(String jobId, String status, String statusReason, int arraySize, Map<String, Integer> summary,
        Long startedAt, Long stoppedAt, boolean forgotten) {

    public static JobSnapshot of(JobDetail job) {
        var array = job.arrayProperties();
        return new JobSnapshot(job.jobId(), job.statusAsString(), job.statusReason(),
                array == null || array.size() == null ? 0 : array.size(),
                array == null || !array.hasStatusSummary() ? Map.of() : Map.copyOf(array.statusSummary()),
                job.startedAt(), job.stoppedAt(), false);
    }

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
