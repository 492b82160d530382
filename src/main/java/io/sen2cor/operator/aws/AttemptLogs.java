package io.sen2cor.operator.aws;

import java.util.List;
import java.util.Map;

import io.sen2cor.operator.backend.SceneLog;
import software.amazon.awssdk.services.batch.model.AttemptDetail;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.LogDriver;

/** Where a described AWS Batch job's failed attempt logged, from its DescribeJobs answer alone (docs/operations.md). */
final class AttemptLogs {

    /** AWS Batch's log group when a job definition names none. */
    static final String BATCH_DEFAULT_GROUP = "/aws/batch/job";

    private AttemptLogs() {
    }

    /**
     * The log of the last attempt that got a log stream (an attempt reclaimed before its container ran has none; the
     * job's own container entry names the latest stream), in the group and region of the job's awslogs
     * configuration, else Batch's default group in {@code region}. Null when no attempt logged anything.
     */
    static SceneLog of(JobDetail job, String region) {
        String stream = null;
        List<AttemptDetail> attempts = job.hasAttempts() ? job.attempts() : List.of();
        for (int i = attempts.size() - 1; i >= 0 && stream == null; i--) {
            if (attempts.get(i).container() != null) {
                stream = attempts.get(i).container().logStreamName();
            }
        }
        if (stream == null && job.container() != null) {
            stream = job.container().logStreamName();
        }
        if (stream == null) {
            return null;
        }
        String group = BATCH_DEFAULT_GROUP;
        String logRegion = region;
        var config = job.container() == null ? null : job.container().logConfiguration();
        if (config != null && config.logDriver() == LogDriver.AWSLOGS && config.hasOptions()) {
            Map<String, String> options = config.options();
            group = options.getOrDefault("awslogs-group", group);
            logRegion = options.getOrDefault("awslogs-region", logRegion);
        }
        return SceneLog.cloudWatch(logRegion, group, stream);
    }
}
