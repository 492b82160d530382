package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** When an array parent's counts can be trusted: Batch updates the status summary separately from the status. */
class JobSnapshotTest {

    static JobSnapshot parent(String status, Map<String, Integer> summary, Long summaryUpdatedAt, Long stoppedAt) {
        return new JobSnapshot("p", status, null, 10, summary, summaryUpdatedAt, 1L, stoppedAt, false, false);
    }

    @Test
    void aTerminalParentWhoseSummaryLagsIsNotSettledAndItsUncountedChildrenStayPending() {
        var lagging = parent("SUCCEEDED", Map.of("SUCCEEDED", 7, "RUNNING", 1), 900L, 1000L);

        assertThat(lagging.settled()).isFalse();
        var counts = JobSnapshot.counts(lagging, 10);
        assertThat(counts.succeeded()).isEqualTo(7);
        assertThat(counts.failed()).as("not failed before the summary says so").isZero();
    }

    @Test
    void aCompleteSummaryOrOneUpdatedAfterTheStopIsFinal() {
        var complete = parent("SUCCEEDED", Map.of("SUCCEEDED", 10), 900L, 1000L);
        assertThat(complete.settled()).isTrue();
        assertThat(JobSnapshot.counts(complete, 10).succeeded()).isEqualTo(10);

        // cancelled while PENDING: three children were never created, and the summary, updated since, stays at 7
        var cancelledEarly = parent("FAILED", Map.of("SUCCEEDED", 4, "FAILED", 3), 1200L, 1000L);
        assertThat(cancelledEarly.settled()).isTrue();
        assertThat(JobSnapshot.counts(cancelledEarly, 10).failed()).isEqualTo(6);
    }

    @Test
    void plainJobsAndForgottenJobsNeedNoSummary() {
        assertThat(new JobSnapshot("j", "FAILED", null, 0, Map.of(), null, 1L, 2L, false, false).settled()).isTrue();
        assertThat(JobSnapshot.forgotten("j").settled()).isTrue();
        assertThat(parent("RUNNING", Map.of("SUCCEEDED", 10), 2000L, null).settled()).isFalse();
    }
}
