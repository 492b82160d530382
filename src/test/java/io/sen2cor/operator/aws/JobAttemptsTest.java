package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.backend.SceneLog;
import io.sen2cor.operator.testing.RecordedBatch;
import software.amazon.awssdk.services.batch.model.JobDetail;

/** Where a failed attempt logged and how often Spot interrupted it, from DescribeJobs answers replayed through the SDK (src/test/resources/aws/describe-jobs). */
class JobAttemptsTest {

    @Test
    void anAttemptEndedByASpotReclaimCounts() {
        JobDetail job = RecordedBatch.describeJobs("sen2cor-child-spot-then-exit4.json").get(0);
        JobDetail reclaimedLast = job.toBuilder().attempts(job.attempts().get(0), job.attempts().get(0)).build();

        assertThat(JobAttempts.spotInterruptions(reclaimedLast)).isEqualTo(2);
        assertThat(JobAttempts.endedByInterruption(reclaimedLast)).isTrue();
    }

    @Test
    void aRecordedFailureWithoutLogConfigurationLogsToBatchsDefaultGroup() {
        JobDetail job = RecordedBatch.describeJobs("hls-landsat-failed.json").get(0);

        SceneLog log = JobAttempts.log(job, "us-west-2");

        assertThat(log.group()).isEqualTo("/aws/batch/job");
        assertThat(log.stream()).isEqualTo("LandsatTaskBatchJob1274-131d33be785ce5d/default/7c7cd09e-33c0-44f5-919a-2f66e0b8e995");
        assertThat(log.url()).isEqualTo("https://us-west-2.console.aws.amazon.com/cloudwatch/home?region=us-west-2"
                + "#logsV2:log-groups/log-group/$252Faws$252Fbatch$252Fjob/log-events/"
                + "LandsatTaskBatchJob1274-131d33be785ce5d$252Fdefault$252F7c7cd09e-33c0-44f5-919a-2f66e0b8e995");
        assertThat(log.pod()).isNull();
        assertThat(JobAttempts.spotInterruptions(job)).isZero();
    }

    @Test
    void theLastAttemptsStreamInTheJobDefinitionsGroupNotTheSpotReclaimedOne() {
        JobDetail job = RecordedBatch.describeJobs("sen2cor-child-spot-then-exit4.json").get(0);

        SceneLog log = JobAttempts.log(job, "eu-central-1");

        assertThat(job.attempts()).hasSize(2);
        assertThat(JobAttempts.spotInterruptions(job)).as("the first attempt was reclaimed").isEqualTo(1);
        assertThat(JobAttempts.endedByInterruption(job)).as("the last one exited 4 on its own").isFalse();
        assertThat(log.group()).isEqualTo("/sen2cor/kenya");
        assertThat(log.stream()).isEqualTo("sen2cor-1a2b3c4d/default/8c1d2e3f4a5b4c6d9e0f1a2b3c4d5e6f");
        assertThat(log.url()).startsWith("https://eu-central-1.console.aws.amazon.com/cloudwatch/home?region=eu-central-1#")
                .contains("log-group/$252Fsen2cor$252Fkenya/log-events/sen2cor-1a2b3c4d$252Fdefault$252F8c1d2e3f");
    }

    @Test
    void anAttemptThatNeverRanHasNoLog() {
        JobDetail job = RecordedBatch.describeJobs("sen2cor-child-spot-then-exit4.json").get(0).toBuilder()
                .attempts(java.util.List.of()).container(c -> c.logStreamName(null)).build();

        assertThat(JobAttempts.log(job, "eu-central-1")).isNull();
    }

    @Test
    void consoleLinksUseTheConsoleOfTheRegionsPartition() {
        assertThat(io.sen2cor.operator.backend.SceneLog.cloudWatch("cn-north-1", "/aws/batch/job", "s").url())
                .startsWith("https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#");
        assertThat(io.sen2cor.operator.backend.SceneLog.cloudWatch("us-gov-west-1", "/aws/batch/job", "s").url())
                .startsWith("https://console.amazonaws-us-gov.com/cloudwatch/home?region=us-gov-west-1#");
    }
}
