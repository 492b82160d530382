package io.sen2cor.operator.aws;

import java.time.Duration;

/**
 * How often the AWS Batch side is looked at: {@code progress} while AWS is creating, updating or deleting
 * something, {@code retry} after a problem the user or AWS must fix, {@code resync} when all is well (drift
 * detection: changes made in the console are corrected within this interval).
 */
public record AwsBatchTiming(Duration progress, Duration retry, Duration resync) {

    public static final AwsBatchTiming DEFAULT = new AwsBatchTiming(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5));
}
