package io.sen2cor.operator.status;

/** Condition types written by the operator. */
public final class ConditionType {
    /** Environment: accepts work. Job: admitted and runnable. */
    public static final String READY = "Ready";
    /** Environment: resources are being created or changed. */
    public static final String PROGRESSING = "Progressing";
    /** Environment: something needs attention. */
    public static final String DEGRADED = "Degraded";

    /** Job: every scene has been submitted. */
    public static final String SUBMITTED = "Submitted";
    /** Job: nothing is pending or running any more (whatever the outcome). */
    public static final String COMPLETE = "Complete";
    /** Job: finished and no scene succeeded. */
    public static final String FAILED = "Failed";

    private ConditionType() {
    }
}
