package io.sen2cor.operator.aws;

import java.util.concurrent.TimeUnit;

/**
 * Client-side rate limit for AWS Batch calls (the API has account-level limits that peers share): {@code rate}
 * permits per second with bursts up to {@code burst}. {@link #acquire()} waits for a permit.
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be positive");
        }
        this.ratePerNano = perSecond / TimeUnit.SECONDS.toNanos(1);
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    public void acquire() {
        long waitNanos;
        synchronized (this) {
            refill();
            tokens -= 1;
            waitNanos = tokens >= 0 ? 0 : (long) (-tokens / ratePerNano);
        }
        if (waitNanos > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(waitNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }
}
