package io.sen2cor.operator.aws;

import java.util.Map;

import software.amazon.awssdk.services.batch.model.JobDetail;

/** A {@link JobSnapshot} of what DescribeJobs returned. */
final class AwsJobSnapshots {

    private AwsJobSnapshots() {
    }

    static JobSnapshot of(JobDetail job) {
        var array = job.arrayProperties();
        return new JobSnapshot(job.jobId(), job.statusAsString(), job.statusReason(),
                array == null || array.size() == null ? 0 : array.size(),
                array == null || !array.hasStatusSummary() ? Map.of() : Map.copyOf(array.statusSummary()),
                array == null ? null : array.statusSummaryLastUpdatedAt(), job.startedAt(), job.stoppedAt(),
                cancelRequested(job), false);
    }

    /**
     * AWS reports an accepted CancelJob as isCancelled (present only when true). moto does not: there the reason the
     * operator sent stands in, on the job it was sent for.
     */
    static boolean cancelRequested(JobDetail job) {
        return Boolean.TRUE.equals(job.isCancelled()) || job.isCancelled() == null && job.statusReason() != null
                && job.statusReason().startsWith(AwsBatchJobBackend.CANCEL_REASON);
    }
}
