package io.sen2cor.operator.aws;

import java.time.Clock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.DeletionPolicy;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.EnvironmentBackend;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventSink;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * The {@code awsBatch} backend of BatchEnvironments: compute environments and a job queue in AWS Batch, kept
 * matching the spec (see {@link EnvironmentSync}) and taken down in order on deletion. AWS errors become conditions
 * with AWS's own message, never exceptions that crash-loop the reconciler.
 */
public class AwsBatchEnvironmentBackend implements EnvironmentBackend {

    private static final Logger LOG = Logger.getLogger(AwsBatchEnvironmentBackend.class);

    private final AwsClientPool aws;
    private final EventSink events;
    private final AwsBatchTiming timing;

    public AwsBatchEnvironmentBackend(AwsClientPool aws, EventSink events, AwsBatchTiming timing) {
        this.aws = aws;
        this.events = events;
        this.timing = timing;
    }

    @Override
    public BackendType type() {
        return BackendType.AWS_BATCH;
    }

    @Override
    public Observation reconcile(BatchEnvironment env, BatchEnvironmentStatus status) {
        Optional<String> badName = BatchNames.problem(env);
        if (badName.isPresent()) {
            // before any AWS call: AWS would refuse every name, and nothing may be half created
            return Observation.degraded(ConditionReason.InvalidSpec, badName.get(), null);
        }
        return guarded(env, "reconcile", () -> {
            AwsClients clients = aws.region(env.getSpec().getAwsBatch().getRegion());
            return new EnvironmentSync(env, clients.batch(), new AwsReferences(clients.iam(), clients.ec2()), events, timing,
                    Clock.systemUTC())
                    .run(status);
        });
    }

    /**
     * Delete: owned queues are disabled and deleted first, then owned compute environments, one step per call.
     * Everything is found again by its ownership tags, so a cleanup interrupted at any point (operator restart,
     * lost status) continues where AWS stands. Retain: nothing in AWS is touched.
     */
    @Override
    public Observation cleanup(BatchEnvironment env) {
        if (env.getSpec().getAwsBatch().getDeletionPolicy() == DeletionPolicy.Retain) {
            LOG.infof("BatchEnvironment %s: deletionPolicy Retain, AWS resources stay", env.getMetadata().getName());
            return Observation.ready("deletionPolicy Retain: AWS Batch resources left in place");
        }
        return guarded(env, "cleanup", () -> {
            var batch = aws.region(env.getSpec().getAwsBatch().getRegion()).batch();
            var inventory = BatchInventory.load(batch);
            var teardown = new BatchTeardown(batch, env, events);
            String uid = env.getMetadata().getUid();
            List<String> steps = new ArrayList<>();
            for (JobQueueDetail queue : inventory.ownedJobQueues(uid)) {
                steps.add(teardown.retireJobQueue(queue));
            }
            if (steps.isEmpty()) {
                for (ComputeEnvironmentDetail ce : inventory.ownedComputeEnvironments(uid)) {
                    // the BatchEnvironment is going away, its Sen2CorJobs already are: nothing to drain for
                    steps.add(teardown.retireComputeEnvironment(ce, inventory, null).message());
                }
            }
            if (steps.isEmpty() && env.getSpec().getAwsBatch().getFairShare() != null) {
                // after the queues that use it
                FairSharePolicies.retire(batch, env).ifPresent(steps::add);
            }
            return steps.isEmpty() ? Observation.ready("no AWS Batch resources left")
                    : Observation.progressing(String.join("; ", steps), timing.progress());
        });
    }

    private interface AwsWork {
        Observation run();
    }

    private Observation guarded(BatchEnvironment env, String what, AwsWork work) {
        try {
            return work.run();
        } catch (AwsServiceException | SdkClientException e) {
            if (e instanceof SdkClientException) {
                LOG.warnf("BatchEnvironment %s: %s could not reach AWS: %s", env.getMetadata().getName(), what, e.getMessage());
            }
            return AwsFailures.observe(e, timing.retry(), timing.progress(), timing.progress());
        }
    }
}
