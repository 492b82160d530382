package io.sen2cor.operator.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.CEState;
import software.amazon.awssdk.services.batch.model.ClientException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.JQState;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * Takes owned AWS Batch resources down in the order AWS requires (queue DISABLED, queue deleted, compute environment
 * DISABLED, compute environment deleted), one step per call and never waiting: each call returns what it is
 * waiting for, so the next reconcile continues from whatever AWS reports then. Used for deletion of a
 * BatchEnvironment and for retiring replaced or removed compute environments.
 */
final class BatchTeardown {

    /** AWS statuses during which no further request may be made. */
    static final Set<String> TRANSITIONAL = Set.of("CREATING", "UPDATING", "DELETING");

    private final BatchClient batch;
    private final BatchEnvironment env;
    private final EventSink events;

    BatchTeardown(BatchClient batch, BatchEnvironment env, EventSink events) {
        this.batch = batch;
        this.env = env;
        this.events = events;
    }

    /** One step towards deleting this queue, at once (the BatchEnvironment goes away, and its jobs already went). */
    String retireJobQueue(JobQueueDetail queue) {
        return retireJobQueue(queue, null).message();
    }

    /** Job states in which a job still waits or runs in its queue. */
    static final List<String> LIVE_JOB_STATES = List.of("SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING");

    /**
     * One step towards deleting a queue the environment no longer uses (renamed, or the On-Demand queue of an
     * environment that lost its Spot or On-Demand entries). AWS terminates every job of a deleted queue, so it is
     * disabled first (no new jobs; those in it still run) and deleted only when no job waits or runs in it, or
     * {@code drain}'s timeout after the drain began (kept as a tag, like a compute environment's).
     */
    Step retireJobQueue(JobQueueDetail queue, Drain drain) {
        String name = queue.jobQueueName();
        if (TRANSITIONAL.contains(queue.statusAsString())) {
            return Step.progress("job queue " + name + " is " + queue.statusAsString());
        }
        if (!"DISABLED".equals(queue.stateAsString())) {
            batch.updateJobQueue(r -> r.jobQueue(queue.jobQueueArn()).state(JQState.DISABLED));
            events.record(env, EventReason.JobQueueDisabled, "disabled job queue " + name + " before deleting it"
                    + (drain != null ? "; the jobs in it still run" : ""));
            return Step.progress("disabling job queue " + name);
        }
        if (drain != null) {
            Optional<String> live = LIVE_JOB_STATES.stream().filter(state -> !batch.listJobs(r -> r.jobQueue(queue.jobQueueArn())
                    .jobStatus(state).maxResults(1)).jobSummaryList().isEmpty()).findFirst();
            if (live.isPresent()) {
                Instant deadline = drainDeadline(queue.jobQueueArn(), queue.hasTags() ? queue.tags() : Map.of(), drain);
                if (drain.now().isBefore(deadline)) {
                    return new Step("job queue " + name + " drains: it still has " + live.get() + " jobs; it is deleted "
                            + "once they are done, at the latest at " + deadline + " (spec.awsBatch.drainTimeout)", true);
                }
                events.record(env, EventReason.DrainTimedOut, "job queue " + name + " still had " + live.get()
                        + " jobs when drainTimeout ran out (" + deadline + "); deleting it terminates them");
            }
        }
        batch.deleteJobQueue(r -> r.jobQueue(queue.jobQueueArn()));
        events.record(env, EventReason.JobQueueDeleted, "deleted job queue " + name);
        return Step.progress("deleting job queue " + name);
    }

    /**
     * Draining a retired compute environment: it is out of the queue and DISABLED (no new work), and is deleted only
     * once Batch has scaled it down to minvCpus (no job left) or {@code timeout} after the drain began. The start is
     * kept as a tag on the compute environment, so a restarted operator keeps the same deadline.
     */
    record Drain(Duration timeout, Instant now) {
    }

    /** What one teardown call did or waits for; {@code draining}: only running scenes keep it. */
    record Step(String message, boolean draining) {
        static Step progress(String message) {
            return new Step(message, false);
        }
    }

    static final String DRAINING_SINCE_TAG = "sen2cor.io/draining-since";

    /**
     * When a drain of this resource ends: its start is kept as a tag on it (set now if it has none), so a restarted
     * operator keeps the same deadline; shared by compute environments and job queues.
     */
    private Instant drainDeadline(String arn, Map<String, String> tags, Drain drain) {
        String since = tags.get(DRAINING_SINCE_TAG);
        if (since == null) {
            batch.tagResource(r -> r.resourceArn(arn).tags(Map.of(DRAINING_SINCE_TAG, drain.now().toString(),
                    OwnershipTags.MANAGED_BY, OwnershipTags.OPERATOR)));
            since = drain.now().toString();
        }
        return Instant.parse(since).plus(drain.timeout());
    }

    /** Batch keeps desiredvCpus above minvCpus while a compute environment has jobs on its instances. */
    static boolean busy(ComputeEnvironmentDetail ce) {
        var r = ce.computeResources();
        return r != null && r.desiredvCpus() != null && r.desiredvCpus() > (r.minvCpus() == null ? 0 : r.minvCpus());
    }

    /** One step towards deleting this compute environment; {@code drain} null: delete as soon as AWS allows. */
    Step retireComputeEnvironment(ComputeEnvironmentDetail ce, BatchInventory inventory, Drain drain) {
        String name = ce.computeEnvironmentName();
        if (inventory.inAnyQueue(ce.computeEnvironmentArn())) {
            return Step.progress("compute environment " + name + " waits to leave its job queue");
        }
        if (TRANSITIONAL.contains(ce.statusAsString())) {
            return Step.progress("compute environment " + name + " is " + ce.statusAsString());
        }
        if (!"DISABLED".equals(ce.stateAsString())) {
            batch.updateComputeEnvironment(r -> r.computeEnvironment(ce.computeEnvironmentArn()).state(CEState.DISABLED));
            events.record(env, EventReason.ComputeEnvironmentDisabled, "disabled compute environment " + name
                    + " before deleting it" + (drain != null && busy(ce) ? "; its running scenes may finish" : ""));
            return Step.progress("disabling compute environment " + name);
        }
        if (drain != null && busy(ce)) {
            Instant deadline = drainDeadline(ce.computeEnvironmentArn(), ce.hasTags() ? ce.tags() : Map.of(), drain);
            var r = ce.computeResources();
            if (drain.now().isBefore(deadline)) {
                return new Step("compute environment " + name + " drains: AWS Batch still runs " + r.desiredvCpus()
                        + " vCPUs there; it is deleted once they are done, at the latest at " + deadline
                        + " (spec.awsBatch.drainTimeout)", true);
            }
            events.record(env, EventReason.DrainTimedOut, "compute environment " + name + " still ran "
                    + r.desiredvCpus() + " vCPUs when drainTimeout ran out (" + deadline + "); deleting it: its "
                    + "scenes are retried elsewhere");
        }
        try {
            batch.deleteComputeEnvironment(r -> r.computeEnvironment(ce.computeEnvironmentArn()));
        } catch (ClientException e) {
            if ("INVALID".equals(ce.statusAsString())) {
                // retrying alone never ends: AWS keeps an INVALID compute environment until its cause is fixed, most
                // often a service or instance role deleted before it (Terraform #16417, #26930)
                return Step.progress("compute environment " + name + " is INVALID (" + ce.statusReason() + ") and AWS "
                        + "refuses to delete it (" + e.awsErrorDetails().errorMessage() + "): fix that first, e.g. "
                        + "recreate its service role " + (ce.serviceRole() == null ? "AWSServiceRoleForBatch" : ce.serviceRole())
                        + " and instance role; the teardown goes on by itself then");
            }
            // AWS still sees the queue relationship for a while after the queue changed: try again later
            return Step.progress("compute environment " + name + " cannot be deleted yet: "
                    + e.awsErrorDetails().errorMessage());
        }
        events.record(env, EventReason.ComputeEnvironmentDeleted, "deleted compute environment " + name);
        return Step.progress("deleting compute environment " + name);
    }
}
