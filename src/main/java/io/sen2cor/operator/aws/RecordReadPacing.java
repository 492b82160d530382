package io.sen2cor.operator.aws;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Finished jobs' result records yield to new jobs' submissions: while SubmitJob calls are going out (one in the last
 * {@code quiet}), records are read at most {@code whileSubmitting} a second, otherwise at full speed. Each read costs
 * the operator CPU (a signed GET, its answer parsed), and with 1000 jobs applied at once their first jobs finished
 * while the rest still waited: reading took a third of the operator's CPU from the submissions (docs/benchmark.md).
 * The catalog and the vCPU-hours may trail a job; a job not yet submitted should not wait for them. Reads never
 * stop: a standing flow of submissions slows them, it does not starve them.
 */
final class RecordReadPacing {

    /** While submitting: a 100-scene job's records in 5 s, about 1 % of a core. */
    static final int READS_PER_SECOND_WHILE_SUBMITTING = 20;
    static final Duration QUIET = Duration.ofSeconds(1);

    private final LongSupplier nanoTime;
    private final long quietNanos;
    private final long intervalNanos;
    private volatile long lastSubmit;
    private volatile boolean submittedOnce;
    private long nextRead;

    RecordReadPacing() {
        this(System::nanoTime, QUIET, READS_PER_SECOND_WHILE_SUBMITTING);
    }

    RecordReadPacing(LongSupplier nanoTime, Duration quiet, int whileSubmitting) {
        this.nanoTime = nanoTime;
        this.quietNanos = quiet.toNanos();
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / whileSubmitting;
    }

    /** A SubmitJob is about to go out. */
    void submitting() {
        lastSubmit = nanoTime.getAsLong();
        submittedOnce = true;
    }

    /** How long the next read waits, in nanoseconds (0: at once); the read's slot is taken. */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        if (!submittedOnce || now - lastSubmit >= quietNanos) {
            nextRead = now;
            return 0;
        }
        long at = Math.max(now, nextRead);
        nextRead = at + intervalNanos;
        return at - now;
    }

    /** Waits for the next read's turn (called before each record's GET). */
    void awaitTurn() {
        long wait = reserve();
        if (wait > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
