package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.sen2cor.operator.api.JobQueueSpec;
import io.sen2cor.operator.api.StuckJobTimeoutsSpec;
import io.sen2cor.operator.work.Quantities;
import software.amazon.awssdk.services.batch.model.JobStateTimeLimitAction;
import software.amazon.awssdk.services.batch.model.JobStateTimeLimitActionsAction;
import software.amazon.awssdk.services.batch.model.JobStateTimeLimitActionsState;

/**
 * The job queue's jobStateTimeLimitActions from jobQueue.stuckJobTimeouts (pure; docs/architecture.md, "AWS Batch"): AWS
 * Batch cancels a job that has stood RUNNABLE at the head of the queue for one of these reasons longer than the time
 * given. The reasons are the ones AWS Batch documents for ECS compute environments, where CANCEL is the only action.
 */
final class StuckJobActions {

    static final List<String> MISCONFIGURATION = List.of("MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE",
            "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT");
    static final String CAPACITY = "CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY";

    private StuckJobActions() {
    }

    static List<JobStateTimeLimitAction> of(JobQueueSpec queue) {
        StuckJobTimeoutsSpec t = queue.getStuckJobTimeouts() == null ? new StuckJobTimeoutsSpec() : queue.getStuckJobTimeouts();
        List<JobStateTimeLimitAction> actions = new ArrayList<>();
        if (!"off".equals(t.getMisconfiguration())) {
            MISCONFIGURATION.forEach(reason -> actions.add(action(reason, t.getMisconfiguration())));
        }
        if (!"off".equals(t.getCapacity())) {
            actions.add(action(CAPACITY, t.getCapacity()));
        }
        return actions;
    }

    private static JobStateTimeLimitAction action(String reason, String after) {
        return JobStateTimeLimitAction.builder().reason(reason).state(JobStateTimeLimitActionsState.RUNNABLE)
                .maxTimeSeconds((int) Quantities.duration(after).toSeconds()).action(JobStateTimeLimitActionsAction.CANCEL).build();
    }

    /** Whether the queue already has these actions, in any order. */
    static boolean same(List<JobStateTimeLimitAction> actual, List<JobStateTimeLimitAction> desired) {
        return keys(actual).equals(keys(desired));
    }

    private static Set<String> keys(List<JobStateTimeLimitAction> actions) {
        return actions == null ? Set.of() : actions.stream()
                .map(a -> a.reason() + "|" + a.stateAsString() + "|" + a.maxTimeSeconds() + "|" + a.actionAsString())
                .collect(Collectors.toSet());
    }

    /** For an Event: "reason after 30m, ...". */
    static String describe(List<JobStateTimeLimitAction> actions) {
        return actions.isEmpty() ? "none" : actions.stream().map(a -> a.reason() + " after " + a.maxTimeSeconds() / 60 + " min")
                .collect(Collectors.joining(", "));
    }
}
