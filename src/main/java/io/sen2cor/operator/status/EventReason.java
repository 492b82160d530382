package io.sen2cor.operator.status;

/** CamelCase reasons of Events for actions the operator took; condition reasons are {@link ConditionReason}s. */
public enum EventReason implements EventReasonCode {
    /** Deletion waits for something (e.g. Sen2CorJobs still using the environment). */
    WaitingForDependents(false),
    ComputeEnvironmentCreated(false),
    ComputeEnvironmentUpdated(false),
    ComputeEnvironmentReplacing(false),
    ComputeEnvironmentDisabled(false),
    /** A retired compute environment still ran work when spec.awsBatch.drainTimeout ran out; it was deleted anyway. */
    DrainTimedOut(true),
    ComputeEnvironmentDeleted(false),
    JobQueueCreated(false),
    SchedulingPolicyCreated(false),
    SchedulingPolicyUpdated(false),
    JobQueueUpdated(false),
    JobQueueDisabled(false),
    JobQueueDeleted(false),
    /** adoptExisting: an existing AWS resource was tagged and taken over. */
    Adopted(false),
    /** Work was submitted (a job, an array job, an Indexed Job) or resumed. */
    JobSubmitted(false),
    /** spec.suspend stopped queued work. */
    JobsCancelled(false),
    /** Deletion stopped what still ran. */
    JobsTerminated(false),
    /** A Sen2CorJob finished and every scene succeeded. */
    Completed(false),
    /** A Sen2CorJob finished with failed or cancelled scenes. */
    CompletedWithFailures(true),
    JobDefinitionDeregistered(false),
    /** Scenes interrupted on Spot too often run again on On-Demand capacity (spec.retry.onDemandAfterSpotInterruptions). */
    SpotEscalation(false),
    /** They would, but the environment has no On-Demand capacity: they stay failed. */
    SpotEscalationUnavailable(true),
    /** A Sen2CorSubscription's poll found new scenes and created Sen2CorJobs for them. */
    SubscriptionJobsCreated(false);

    private final boolean warning;

    EventReason(boolean warning) {
        this.warning = warning;
    }

    @Override
    public boolean isWarning() {
        return warning;
    }
}
