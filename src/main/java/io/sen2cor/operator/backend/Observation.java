package io.sen2cor.operator.backend;

import java.time.Duration;

import io.sen2cor.operator.status.Reason;

/**
 * What a backend found: whether the work is done (READY), still moving (PROGRESSING) or needs attention
 * (DEGRADED), why, and when to look again (null: only on the next event).
 */
public record Observation(State state, Reason reason, String message, Duration recheckAfter) {

    public enum State {
        READY, PROGRESSING, DEGRADED
    }

    public static Observation ready(String message) {
        return ready(message, null);
    }

    /** Ready, and look again after {@code recheckAfter} (drift detection for external resources). */
    public static Observation ready(String message, Duration recheckAfter) {
        return new Observation(State.READY, Reason.Ready, message, recheckAfter);
    }

    public static Observation progressing(String message, Duration recheckAfter) {
        return new Observation(State.PROGRESSING, Reason.Progressing, message, recheckAfter);
    }

    public static Observation degraded(Reason reason, String message, Duration recheckAfter) {
        return new Observation(State.DEGRADED, reason, message, recheckAfter);
    }

    public boolean done() {
        return state == State.READY;
    }
}
