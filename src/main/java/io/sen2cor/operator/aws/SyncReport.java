package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;

/**
 * What one {@link EnvironmentSync} step comes to, as the BatchEnvironment's observation (pure): problems make it
 * Degraded, steps in progress Progressing; a queue draining, a replacement waiting for the user or a scale-down
 * waiting for AWS keep it Ready with a warning where the user should look.
 */
final class SyncReport {

    /** A problem of one resource: its condition reason and what AWS said. */
    record Problem(ConditionReason reason, String message) {
    }

    private SyncReport() {
    }

    /** @param queue "job queue <name> is <state>" */
    static Observation observation(List<Problem> problems, List<String> progress, List<String> draining, List<String> pending,
            List<String> deferred, String queue, List<String> computeEnvironments, AwsBatchTiming timing) {
        if (!problems.isEmpty()) {
            String message = problems.stream().map(Problem::message).collect(Collectors.joining("; "));
            return Observation.degraded(problems.get(0).reason(), message, progress.isEmpty() ? timing.retry() : timing.progress());
        }
        if (!progress.isEmpty()) {
            return Observation.progressing(String.join("; ", progress), timing.progress());
        }
        if (!draining.isEmpty() && pending.isEmpty() && deferred.isEmpty()) {
            return Observation.ready(queue + "; "
                    + String.join("; ", draining), timing.retry());
        }
        if (!pending.isEmpty()) {
            List<String> warnings = new ArrayList<>(pending);
            warnings.addAll(deferred);
            return Observation.ready(queue
                    + "; a replacement waits for the user (replacePolicy Manual)", timing.resync())
                    .warn(ConditionReason.ReplacementPending, String.join("; ", warnings));
        }
        if (!deferred.isEmpty()) {
            // rechecked at the retry interval: the rest of the change goes out once Batch has scaled down
            return Observation.ready(queue
                    + "; a scale-down waits for AWS Batch", timing.retry())
                    .warn(ConditionReason.ScaleDownPending, String.join("; ", deferred));
        }
        return Observation.ready(queue + " with compute environments " + computeEnvironments, timing.resync());
    }
}
