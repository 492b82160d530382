package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** When a job DescribeJobs leaves out is gone: never on one answer, never within AWS's 7 days (pure). */
class MissingJobsTest {

    static final Instant SUBMITTED = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aJobIsForgottenOnlyAfterTwoMissesInARowAndAwsRetentionSinceItsSubmission() {
        Instant fresh = SUBMITTED.plusSeconds(5);
        MissingJobs.Misses once = MissingJobs.Misses.first(fresh);
        assertThat(MissingJobs.forgotten(once, SUBMITTED, fresh)).isFalse();
        assertThat(MissingJobs.forgotten(once.again().again(), SUBMITTED, fresh.plus(Duration.ofDays(6))))
                .as("missed for days, but AWS keeps jobs at least 7").isFalse();
        Instant late = SUBMITTED.plus(MissingJobs.RETENTION);
        assertThat(MissingJobs.forgotten(MissingJobs.Misses.first(late), SUBMITTED, late)).as("one answer").isFalse();
        assertThat(MissingJobs.forgotten(MissingJobs.Misses.first(late).again(), SUBMITTED, late)).isTrue();
    }

    @Test
    void withoutASubmissionTimeTheRetentionCountsFromTheFirstMiss() {
        Instant first = SUBMITTED;
        MissingJobs.Misses twice = MissingJobs.Misses.first(first).again();
        assertThat(MissingJobs.forgotten(twice, null, first.plus(Duration.ofDays(1)))).isFalse();
        assertThat(MissingJobs.forgotten(twice, null, first.plus(MissingJobs.RETENTION))).isTrue();
    }
}
