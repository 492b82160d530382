package io.sen2cor.operator.status;

/** Condition types written by the operator. */
public final class ConditionType {
    /** Environment: accepts work. Job: admitted and runnable. */
    public static final String READY = "Ready";
    /** Environment: resources are being created or changed. */
    public static final String PROGRESSING = "Progressing";
    /** Environment: something needs attention. */
    public static final String DEGRADED = "Degraded";

    private ConditionType() {
    }
}
