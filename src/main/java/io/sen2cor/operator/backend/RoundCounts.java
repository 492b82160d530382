package io.sen2cor.operator.backend;

/** How many scenes of one round (or one unit of its work) are pending, running, succeeded and failed. */
public record RoundCounts(int pending, int running, int succeeded, int failed) {

    public static final RoundCounts NONE = new RoundCounts(0, 0, 0, 0);

    /** {@code scenes} not seen running or finished yet. */
    public static RoundCounts allPending(int scenes) {
        return new RoundCounts(scenes, 0, 0, 0);
    }

    /** A unit of {@code size} scenes of which the given numbers run, succeeded and failed; the rest is pending. */
    public static RoundCounts of(int size, int running, int succeeded, int failed) {
        return new RoundCounts(Math.max(0, size - running - succeeded - failed), running, succeeded, failed);
    }

    public RoundCounts plus(RoundCounts other) {
        return new RoundCounts(pending + other.pending, running + other.running, succeeded + other.succeeded,
                failed + other.failed);
    }
}
