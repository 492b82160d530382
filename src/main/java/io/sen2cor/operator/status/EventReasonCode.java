package io.sen2cor.operator.status;

/** What an Event's reason is: a {@link ConditionReason} (a condition changed) or an {@link EventReason} (an action). */
public interface EventReasonCode {

    /** The CamelCase reason Kubernetes shows. */
    String name();

    /** Whether the Event is of type Warning. */
    boolean isWarning();
}
