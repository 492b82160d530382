package io.sen2cor.operator.aws;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * The compute environments and job queues of one region, read in one pass (a region holds at most a few dozen of
 * each, so listing all is one or two pages) and looked up by owner, spec entry and name.
 */
public record BatchInventory(List<ComputeEnvironmentDetail> computeEnvironments, List<JobQueueDetail> jobQueues) {

    public static BatchInventory load(BatchClient batch) {
        return new BatchInventory(
                batch.describeComputeEnvironmentsPaginator(r -> r.maxResults(100)).computeEnvironments().stream().toList(),
                batch.describeJobQueuesPaginator(r -> r.maxResults(100)).jobQueues().stream().toList());
    }

    public List<ComputeEnvironmentDetail> ownedComputeEnvironments(String uid) {
        return computeEnvironments.stream().filter(ce -> OwnershipTags.ownedBy(ce.tags(), uid)).toList();
    }

    /** The compute environments implementing one spec entry, oldest generation first. */
    public List<ComputeEnvironmentDetail> generations(String uid, String entry) {
        return ownedComputeEnvironments(uid).stream()
                .filter(ce -> entry.equals(ce.tags().get(OwnershipTags.COMPUTE_ENVIRONMENT)))
                .sorted(Comparator.comparingInt(ce -> OwnershipTags.generation(ce.tags())))
                .toList();
    }

    public Optional<ComputeEnvironmentDetail> computeEnvironmentNamed(String name) {
        return computeEnvironments.stream().filter(ce -> name.equals(ce.computeEnvironmentName())).findFirst();
    }

    public List<JobQueueDetail> ownedJobQueues(String uid) {
        return jobQueues.stream().filter(q -> OwnershipTags.ownedBy(q.tags(), uid)).toList();
    }

    public Optional<JobQueueDetail> jobQueueNamed(String name) {
        return jobQueues.stream().filter(q -> name.equals(q.jobQueueName())).findFirst();
    }

    /** Whether any job queue still lists this compute environment (AWS refuses to delete it then). */
    public boolean inAnyQueue(String computeEnvironmentArn) {
        return jobQueues.stream().flatMap(q -> q.computeEnvironmentOrder().stream())
                .anyMatch(o -> computeEnvironmentArn.equals(o.computeEnvironment()));
    }
}
