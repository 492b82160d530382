package io.sen2cor.operator.backend;

import java.time.Duration;

import io.sen2cor.operator.status.ConditionReason;

/**
 * What a backend found: whether the work is done (READY), still moving (PROGRESSING) or needs attention
 * (DEGRADED), why, and when to look again (null: only on the next event). A {@code warning} is something to look
 * at that does not stop the work; it becomes the Warning condition, never the Ready reason.
 */
public record Observation(State state, ConditionReason reason, String message, Duration recheckAfter, Warning warning) {

    /** A Warning condition's reason and message. */
    public record Warning(ConditionReason reason, String message) {
    }

    public Observation(State state, ConditionReason reason, String message, Duration recheckAfter) {
        this(state, reason, message, recheckAfter, null);
    }

    /** The same observation with a warning attached. */
    public Observation warn(ConditionReason warningReason, String warningMessage) {
        return new Observation(state, reason, message, recheckAfter, new Warning(warningReason, warningMessage));
    }

    public enum State {
        READY, PROGRESSING, DEGRADED
    }

    public static Observation ready(String message) {
        return ready(message, null);
    }

    /** Ready, and look again after {@code recheckAfter} (drift detection for external resources). */
    public static Observation ready(String message, Duration recheckAfter) {
        return new Observation(State.READY, ConditionReason.Ready, message, recheckAfter);
    }

    public static Observation progressing(String message, Duration recheckAfter) {
        return new Observation(State.PROGRESSING, ConditionReason.Progressing, message, recheckAfter);
    }

    public static Observation degraded(ConditionReason reason, String message, Duration recheckAfter) {
        return new Observation(State.DEGRADED, reason, message, recheckAfter);
    }

    /**
     * When to look again: the observer's own time when it named one, otherwise what the reason's kind calls for (a
     * terminal problem slowly, a recoverable one soon, the rest on events). The one place the reconcilers read.
     */
    public Duration recheck() {
        return recheckAfter != null ? recheckAfter : reason.kind().recheck();
    }

    public boolean done() {
        return state == State.READY;
    }
}
