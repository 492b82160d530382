package io.sen2cor.operator.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sen2cor.operator.api.AwsBatchSpec;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import software.amazon.awssdk.services.batch.BatchClient;

/**
 * Before a BatchEnvironment creates anything (part of {@link EnvironmentSync}): names it would create that AWS already
 * has, not tagged as its own, are a NameConflict that changes nothing, or, with spec.awsBatch.adoptExisting, are
 * tagged and taken over.
 */
final class NameClaims {

    private NameClaims() {
    }

    /**
     * A resource the operator is about to create must not exist under another owner. Adoption (opt-in) tags it as
     * ours; otherwise the environment is Degraded and nothing at all is changed.
     */
    static Optional<Observation> claim(BatchClient batch, BatchEnvironment env, BatchInventory inventory,
            List<ComputeEnvironmentSpec> unowned, List<String> queueNames, EventSink events, AwsBatchTiming timing) {
        AwsBatchSpec spec = env.getSpec().getAwsBatch();
        List<String> conflicts = new ArrayList<>();
        List<String> adopted = new ArrayList<>();
        for (ComputeEnvironmentSpec entry : unowned) {
            String name = BatchNames.computeEnvironment(env, entry);
            inventory.computeEnvironmentNamed(name).ifPresent(ce -> {
                if (Boolean.TRUE.equals(spec.getAdoptExisting())) {
                    batch.tagResource(r -> r.resourceArn(ce.computeEnvironmentArn())
                            .tags(OwnershipTags.forComputeEnvironment(env, entry.getName(), 1, Map.of())));
                    adopted.add("compute environment " + name);
                } else {
                    conflicts.add("compute environment " + name + " (" + OwnershipTags.describeOwner(ce.tags()) + ")");
                }
            });
        }
        for (String queueName : queueNames) {
            inventory.jobQueueNamed(queueName).ifPresent(q -> {
                if (Boolean.TRUE.equals(spec.getAdoptExisting())) {
                    batch.tagResource(r -> r.resourceArn(q.jobQueueArn()).tags(OwnershipTags.forEnvironment(env)));
                    adopted.add("job queue " + q.jobQueueName());
                } else {
                    conflicts.add("job queue " + q.jobQueueName() + " (" + OwnershipTags.describeOwner(q.tags()) + ")");
                }
            });
        }
        if (!conflicts.isEmpty()) {
            return Optional.of(Observation.degraded(ConditionReason.NameConflict, "already in AWS and not owned by this "
                    + "BatchEnvironment: " + String.join(", ", conflicts) + "; nothing was changed. Rename, or set "
                    + "spec.awsBatch.adoptExisting: true to take them over", timing.retry()));
        }
        if (!adopted.isEmpty()) {
            events.record(env, EventReason.Adopted, "adopted existing " + String.join(", ", adopted));
            return Optional.of(Observation.progressing("adopted " + String.join(", ", adopted), timing.progress()));
        }
        return Optional.empty();
    }
}
