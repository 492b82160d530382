package io.sen2cor.operator.status;

/** Condition types written by the operator. */
public final class ConditionType {
    /** Environment: accepts work. Job: admitted and runnable. */
    public static final String READY = "Ready";
    /** Environment: resources are being created or changed. */
    public static final String PROGRESSING = "Progressing";
    /** Environment: something needs attention. */
    public static final String DEGRADED = "Degraded";
    /**
     * Both kinds, present only while True: something a user should look at that does not stop the work (scenes not
     * starting, a replacement waiting for the user, failed scenes of a finished job). Ready stays True.
     */
    public static final String WARNING = "Warning";

    /** Job: every scene has been submitted. */
    public static final String SUBMITTED = "Submitted";
    /** Job: nothing is pending or running any more (whatever the outcome). */
    public static final String COMPLETE = "Complete";
    /** Job: finished and no scene succeeded. */
    public static final String FAILED = "Failed";

    private ConditionType() {
    }
}
