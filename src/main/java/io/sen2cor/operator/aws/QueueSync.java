package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobQueueSpec;
import io.sen2cor.operator.api.JobQueueStatus;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JQState;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;
import software.amazon.awssdk.services.batch.model.JobStateTimeLimitAction;

/**
 * One step for one of a BatchEnvironment's job queues (part of {@link EnvironmentSync}): create it once its compute
 * environments are VALID, or bring its state, priority, compute environment order and stuck-job cancellation to the
 * spec in one UpdateJobQueue; report what is in progress, and an INVALID queue.
 */
final class QueueSync {

    /**
     * @param status  the queue's status for the BatchEnvironment; null while it waits for its compute environments
     * @param invalid why AWS says the queue is INVALID, when it does
     */
    record Result(JobQueueStatus status, List<String> progress, Optional<String> invalid) {
    }

    private final BatchClient batch;
    private final BatchEnvironment env;
    private final EventSink events;
    private final JobQueueSpec q;
    /** The fair-share policy new queues get (awsBatch.fairShare), or null. */
    private final String schedulingPolicy;
    /** The queues' statuses of the last reconcile: what stuck-job cancellation was last sent where AWS does not say. */
    private final List<JobQueueStatus> previousQueues;

    QueueSync(BatchClient batch, BatchEnvironment env, EventSink events, JobQueueSpec spec, String schedulingPolicy,
            List<JobQueueStatus> previousQueues) {
        this.batch = batch;
        this.env = env;
        this.events = events;
        this.q = spec;
        this.schedulingPolicy = schedulingPolicy;
        this.previousQueues = previousQueues;
    }

    Result sync(String queueName, JobQueueDetail queue, Map<String, ComputeEnvironmentDetail> targets) {
        List<String> progress = new ArrayList<>();
        List<JobStateTimeLimitAction> stuck = StuckJobActions.of(q);
        List<String> missing = targets.entrySet().stream().filter(t -> t.getValue() == null).map(Map.Entry::getKey).toList();
        List<ComputeEnvironmentOrder> order = new ArrayList<>();
        if (missing.isEmpty()) {
            int i = 1;
            for (ComputeEnvironmentDetail ce : targets.values()) {
                order.add(ComputeEnvironmentOrder.builder().order(i++).computeEnvironment(ce.computeEnvironmentArn()).build());
            }
        }
        if (queue == null) {
            if (!missing.isEmpty()) {
                progress.add("job queue " + queueName + " waits for compute environment(s) " + missing + " to be VALID");
                return new Result(null, progress, Optional.empty());
            }
            var created = batch.createJobQueue(r -> r.jobQueueName(queueName).priority(q.getPriority())
                    .state(q.getState().name()).computeEnvironmentOrder(order).tags(OwnershipTags.forEnvironment(env))
                    .schedulingPolicyArn(schedulingPolicy).jobStateTimeLimitActions(stuck));
            events.record(env, EventReason.JobQueueCreated, "created job queue " + queueName + " with compute environments "
                    + targets.values().stream().map(ComputeEnvironmentDetail::computeEnvironmentName).toList());
            progress.add("creating job queue " + queueName);
            JobQueueStatus s = new JobQueueStatus();
            s.setArn(created.jobQueueArn());
            s.setState(q.getState().name());
            s.setStatus("CREATING");
            s.setStuckJobCancellation(StuckJobActions.describe(stuck));
            return new Result(s, progress, Optional.empty());
        }
        JobQueueStatus s = new JobQueueStatus();
        copy(queue, s);
        String sent = previousQueues.stream().filter(p -> queue.jobQueueArn().equals(p.getArn()))
                .map(JobQueueStatus::getStuckJobCancellation).filter(Objects::nonNull).findFirst().orElse(null);
        s.setStuckJobCancellation(sent);
        if (BatchTeardown.TRANSITIONAL.contains(queue.statusAsString())) {
            progress.add("job queue " + queueName + " is " + queue.statusAsString());
            return new Result(s, progress, Optional.empty());
        }
        List<String> changes = new ArrayList<>();
        if (!q.getState().name().equals(queue.stateAsString())) {
            changes.add("state " + queue.stateAsString() + " -> " + q.getState());
        }
        if (!Objects.equals(q.getPriority(), queue.priority())) {
            changes.add("priority " + queue.priority() + " -> " + q.getPriority());
        }
        boolean reorder = missing.isEmpty() && !arns(order).equals(arns(queue.computeEnvironmentOrder()));
        if (reorder) {
            changes.add("compute environments " + names(queue.computeEnvironmentOrder()) + " -> " + names(order));
        }
        // AWS's answer where it carries the actions; what was last sent where it does not (moto stores none)
        String described = StuckJobActions.describe(stuck);
        boolean restuck = queue.hasJobStateTimeLimitActions() ? !StuckJobActions.same(queue.jobStateTimeLimitActions(), stuck)
                : !described.equals(sent);
        // sent now, or already there: either way what the queue has
        s.setStuckJobCancellation(described);
        if (restuck) {
            changes.add("stuck-job cancellation " + described);
        }
        if (!changes.isEmpty()) {
            batch.updateJobQueue(r -> {
                r.jobQueue(queue.jobQueueArn()).priority(q.getPriority()).state(JQState.fromValue(q.getState().name()));
                if (reorder) {
                    r.computeEnvironmentOrder(order);
                }
                if (restuck) {
                    r.jobStateTimeLimitActions(stuck);
                }
            });
            events.record(env, EventReason.JobQueueUpdated, "updated job queue " + queueName + ": " + String.join(", ", changes));
            progress.add("updating job queue " + queueName);
        } else if ("INVALID".equals(queue.statusAsString())) {
            return new Result(s, progress, Optional.of("job queue " + queueName + " is INVALID: " + queue.statusReason()));
        }
        return new Result(s, progress, Optional.empty());
    }

    private static void copy(JobQueueDetail q, JobQueueStatus s) {
        s.setArn(q.jobQueueArn());
        s.setState(q.stateAsString());
        s.setStatus(q.statusAsString());
        s.setStatusReason(q.statusReason());
    }

    private static List<String> arns(List<ComputeEnvironmentOrder> order) {
        return order.stream().sorted(Comparator.comparing(ComputeEnvironmentOrder::order))
                .map(ComputeEnvironmentOrder::computeEnvironment).toList();
    }

    private static List<String> names(List<ComputeEnvironmentOrder> order) {
        return arns(order).stream().map(arn -> arn.substring(arn.lastIndexOf('/') + 1)).toList();
    }
}
