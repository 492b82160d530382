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

    static final String DELETED = "DELETED";

    /**
     * What exists now. AWS Batch keeps listing deleted compute environments and queues as DELETED for a while;
     * they are gone (nothing can be asked of them, their names can be used again), so they are left out here, the
     * one place every decision reads from.
     */
    public static BatchInventory load(BatchClient batch) {
        return new BatchInventory(
                batch.describeComputeEnvironmentsPaginator(r -> r.maxResults(100)).computeEnvironments().stream()
                        .filter(ce -> !DELETED.equals(ce.statusAsString())).toList(),
                batch.describeJobQueuesPaginator(r -> r.maxResults(100)).jobQueues().stream()
                        .filter(q -> !DELETED.equals(q.statusAsString())).toList());
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
