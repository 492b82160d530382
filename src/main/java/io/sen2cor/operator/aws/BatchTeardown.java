package io.sen2cor.operator.aws;

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

    /** One step towards deleting this queue; returns what is in progress. */
    String retireJobQueue(JobQueueDetail queue) {
        String name = queue.jobQueueName();
        if (TRANSITIONAL.contains(queue.statusAsString())) {
            return "job queue " + name + " is " + queue.statusAsString();
        }
        if (!"DISABLED".equals(queue.stateAsString())) {
            batch.updateJobQueue(r -> r.jobQueue(queue.jobQueueArn()).state(JQState.DISABLED));
            events.record(env, EventReason.JobQueueDisabled, "disabled job queue " + name + " before deleting it");
            return "disabling job queue " + name;
        }
        batch.deleteJobQueue(r -> r.jobQueue(queue.jobQueueArn()));
        events.record(env, EventReason.JobQueueDeleted, "deleted job queue " + name);
        return "deleting job queue " + name;
    }

    /** One step towards deleting this compute environment; returns what is in progress. */
    String retireComputeEnvironment(ComputeEnvironmentDetail ce, BatchInventory inventory) {
        String name = ce.computeEnvironmentName();
        if (inventory.inAnyQueue(ce.computeEnvironmentArn())) {
            return "compute environment " + name + " waits to leave its job queue";
        }
        if (TRANSITIONAL.contains(ce.statusAsString())) {
            return "compute environment " + name + " is " + ce.statusAsString();
        }
        if (!"DISABLED".equals(ce.stateAsString())) {
            batch.updateComputeEnvironment(r -> r.computeEnvironment(ce.computeEnvironmentArn()).state(CEState.DISABLED));
            events.record(env, EventReason.ComputeEnvironmentDisabled, "disabled compute environment " + name
                    + " before deleting it");
            return "disabling compute environment " + name;
        }
        try {
            batch.deleteComputeEnvironment(r -> r.computeEnvironment(ce.computeEnvironmentArn()));
        } catch (ClientException e) {
            // AWS still sees the queue relationship for a while after the queue changed: try again later
            return "compute environment " + name + " cannot be deleted yet: " + e.awsErrorDetails().errorMessage();
        }
        events.record(env, EventReason.ComputeEnvironmentDeleted, "deleted compute environment " + name);
        return "deleting compute environment " + name;
    }
}
