package io.sen2cor.operator.aws;

import java.time.Duration;
import java.time.Instant;

/**
 * When a job DescribeJobs leaves out is really gone (docs/architecture.md, "AWS Batch"). AWS keeps a finished job
 * describable for at least 7 days, and a job submitted seconds before may be missing from an answer (other projects
 * saw it: Metaflow #543, Airflow #37552): a miss alone is no evidence. A job is forgotten only when it was missed at
 * least twice in a row and AWS's retention has passed since it was submitted (or, when its submission time is
 * unknown, since it was first missed); until then it counts as it was last seen, and a scene of it never as FAILED.
 * Pure: the tracker counts the misses.
 */
public final class MissingJobs {

    /** How long AWS Batch keeps finished jobs describable, at least. */
    public static final Duration RETENTION = Duration.ofDays(7);
    /** Misses in a row before a job may be forgotten: one answer is never enough. */
    static final int MISSES = 2;

    private MissingJobs() {
    }

    /** The misses of one job so far: how many in a row, and when the first was. */
    public record Misses(int count, Instant first) {

        public static Misses first(Instant now) {
            return new Misses(1, now);
        }

        public Misses again() {
            return new Misses(count + 1, first);
        }
    }

    /** @param submittedAt when the job was submitted, or null when unknown (a round written by an earlier version) */
    public static boolean forgotten(Misses misses, Instant submittedAt, Instant now) {
        Instant since = submittedAt != null ? submittedAt : misses.first();
        return misses.count() >= MISSES && !now.isBefore(since.plus(RETENTION));
    }
}
