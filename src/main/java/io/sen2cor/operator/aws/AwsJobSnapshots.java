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
                job.startedAt(), job.stoppedAt(), false);
    }
}
