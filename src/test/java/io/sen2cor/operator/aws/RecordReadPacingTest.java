package io.sen2cor.operator.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/** Records yield to submissions: paced while SubmitJobs go out, at full speed otherwise (pure, on a fake clock). */
class RecordReadPacingTest {

    static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    final AtomicLong now = new AtomicLong(1_000_000 * MS);
    final RecordReadPacing pacing = new RecordReadPacing(now::get, Duration.ofSeconds(1), 20);

    @Test
    void readsAtOnceWhenNothingWasSubmitted() {
        for (int i = 0; i < 100; i++) {
            assertThat(pacing.reserve()).isZero();
        }
    }

    @Test
    void whileSubmittingReadsAreSpacedAtTheGivenRate() {
        pacing.submitting();
        // 32 readers asking at once get slots 50 ms apart (20 a second), the first at once
        for (int i = 0; i < 32; i++) {
            assertThat(pacing.reserve()).isEqualTo(i * 50 * MS);
        }
        // time passes: a slot already due is not waited for
        now.addAndGet(2000 * MS);
        pacing.submitting();
        assertThat(pacing.reserve()).isZero();
        assertThat(pacing.reserve()).isEqualTo(50 * MS);
    }

    @Test
    void fullSpeedAgainOnceSubmissionsWereQuietForASecond() {
        pacing.submitting();
        pacing.reserve();
        assertThat(pacing.reserve()).isEqualTo(50 * MS);
        now.addAndGet(999 * MS);
        assertThat(pacing.reserve()).as("a slot long due").isZero();
        assertThat(pacing.reserve()).as("999 ms after a SubmitJob: still paced").isEqualTo(50 * MS);
        now.addAndGet(1 * MS);
        for (int i = 0; i < 10; i++) {
            assertThat(pacing.reserve()).as("a second after the last SubmitJob").isZero();
        }
    }

    @Test
    void aStandingFlowOfSubmissionsSlowsReadsButNeverStopsThem() {
        // a SubmitJob every 20 ms for a minute, one reader reading whenever its turn came: 20 reads a second go on
        long start = now.get();
        long reads = 0;
        long readAt = start;
        for (long t = 0; t < 60_000; t += 10) {
            now.set(start + t * MS);
            if (t % 20 == 0) {
                pacing.submitting();
            }
            if (now.get() >= readAt) {
                reads++;
                readAt = now.get() + pacing.reserve();
            }
        }
        assertThat(reads).as("reads over 60 s of submissions at 20 a second").isBetween(1195L, 1205L);
    }
}
