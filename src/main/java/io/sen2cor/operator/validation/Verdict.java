package io.sen2cor.operator.validation;

import io.sen2cor.operator.status.ConditionReason;

/** Outcome of a semantic check: accepted, or a reason and a message a user can act on. */
public record Verdict(ConditionReason reason, String message) {

    public static final Verdict ACCEPTED = new Verdict(null, null);

    public static Verdict reject(ConditionReason reason, String message) {
        return new Verdict(reason, message);
    }

    public boolean accepted() {
        return reason == null;
    }
}
