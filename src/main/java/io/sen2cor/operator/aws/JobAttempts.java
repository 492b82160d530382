package io.sen2cor.operator.aws;

import java.util.List;
import java.util.Map;

import io.sen2cor.operator.backend.SceneLog;
import software.amazon.awssdk.services.batch.model.AttemptDetail;
import software.amazon.awssdk.services.batch.model.JobDetail;
import software.amazon.awssdk.services.batch.model.LogDriver;

/**
 * What a described AWS Batch job's attempts say, from its DescribeJobs answer alone (docs/operations.md): where the
 * failed attempt logged, and how often Spot capacity interrupted it.
 */
final class JobAttempts {

    /** AWS Batch's log group when a job definition names none. */
    static final String BATCH_DEFAULT_GROUP = "/aws/batch/job";

    private JobAttempts() {
    }

    /**
     * The log of the last attempt that got a log stream (an attempt reclaimed before its container ran has none; the
     * job's own container entry names the latest stream), in the group and region of the job's awslogs
     * configuration, else Batch's default group in {@code region}. Null when no attempt logged anything.
     */
    static SceneLog log(JobDetail job, String region) {
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

    /** AWS Batch's status reason for an attempt whose instance went away (a Spot reclaim), as the retry strategy matches it. */
    static boolean interrupted(AttemptDetail attempt) {
        return attempt.statusReason() != null && attempt.statusReason().startsWith("Host EC2");
    }

    static int spotInterruptions(JobDetail job) {
        return job.hasAttempts() ? (int) job.attempts().stream().filter(JobAttempts::interrupted).count() : 0;
    }

    static boolean endedByInterruption(JobDetail job) {
        return job.hasAttempts() && !job.attempts().isEmpty() && interrupted(job.attempts().get(job.attempts().size() - 1));
    }
}
