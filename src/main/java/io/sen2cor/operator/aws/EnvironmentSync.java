package io.sen2cor.operator.aws;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sen2cor.operator.api.AwsBatchSpec;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.ComputeEnvironmentSpec;
import io.sen2cor.operator.api.ComputeEnvironmentStatus;
import io.sen2cor.operator.api.JobQueueSpec;
import io.sen2cor.operator.api.JobQueueStatus;
import io.sen2cor.operator.api.Provisioning;
import io.sen2cor.operator.api.ReplacePolicy;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.work.Quantities;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.batch.BatchClient;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentDetail;
import software.amazon.awssdk.services.batch.model.ComputeEnvironmentOrder;
import software.amazon.awssdk.services.batch.model.JobQueueDetail;

/**
 * One reconcile of a BatchEnvironment's AWS Batch side: observe everything once, check names and references,
 * then take at most one step per resource (create, update, swap, retire) and report what is still in progress.
 * Nothing here waits for AWS: the caller rechecks after {@link AwsBatchTiming#progress()}.
 */
final class EnvironmentSync {

    private final BatchEnvironment env;
    private final AwsBatchSpec spec;
    private final String uid;
    private final BatchClient batch;
    private final AwsReferences references;
    private final BatchTeardown teardown;
    private final EventSink events;
    private final AwsBatchTiming timing;

    private BatchInventory inventory;
    private final List<String> progress = new ArrayList<>();
    private final List<SyncReport.Problem> problems = new ArrayList<>();
    private final List<String> pending = new ArrayList<>();
    private final List<String> deferred = new ArrayList<>();
    private final List<String> draining = new ArrayList<>();
    private final Clock clock;

    /** What this reconcile does with one spec entry. */
    private record Entry(ComputeEnvironmentSpec spec, ComputeEnvironmentShape desired,
            List<ComputeEnvironmentDetail> generations, ComputeEnvironmentChange change) {

        ComputeEnvironmentDetail newest() {
            return generations.isEmpty() ? null : generations.get(generations.size() - 1);
        }

        boolean settling() {
            return newest() != null && BatchTeardown.TRANSITIONAL.contains(newest().statusAsString());
        }

        boolean needsNewComputeEnvironment(ReplacePolicy policy) {
            return newest() == null
                    || (!settling() && change.kind() == ComputeEnvironmentChange.Kind.REPLACE && policy == ReplacePolicy.BlueGreen);
        }
    }

    /** The compute environment statuses of the last reconcile. */
    private List<ComputeEnvironmentStatus> previous = List.of();
    private List<JobQueueStatus> previousQueues = List.of();
    /** The fair-share policy new queues get (awsBatch.fairShare), or null. */
    private String schedulingPolicy;

    EnvironmentSync(BatchEnvironment env, BatchClient batch, AwsReferences references, EventSink events,
            AwsBatchTiming timing, Clock clock) {
        this.clock = clock;
        this.env = env;
        this.spec = env.getSpec().getAwsBatch();
        this.uid = env.getMetadata().getUid();
        this.batch = batch;
        this.references = references;
        this.teardown = new BatchTeardown(batch, env, events);
        this.events = events;
        this.timing = timing;
    }

    Observation run(BatchEnvironmentStatus status) {
        previous = status.getComputeEnvironments() == null ? List.of() : status.getComputeEnvironments();
        previousQueues = Stream.of(status.getJobQueue(), status.getOnDemandJobQueue()).filter(Objects::nonNull).toList();
        inventory = BatchInventory.load(batch);
        List<Entry> entries;
        try {
            entries = plan();
        } catch (AwsReferences.MissingReference e) {
            return Observation.degraded(ConditionReason.InvalidAwsReference, e.getMessage(), timing.retry());
        }
        Optional<Observation> claimed = claimNames(entries);
        if (claimed.isPresent()) {
            return claimed.get();
        }
        List<ComputeEnvironmentShape> toCreate = entries.stream()
                .filter(e -> e.needsNewComputeEnvironment(spec.getReplacePolicy())).map(Entry::desired).toList();
        if (!toCreate.isEmpty()) {
            List<String> missing = references.check(toCreate);
            if (!missing.isEmpty()) {
                return Observation.degraded(ConditionReason.InvalidAwsReference,
                        "nothing was created: " + String.join("; ", missing), timing.retry());
            }
        }

        List<ComputeEnvironmentStatus> ceStatuses = new ArrayList<>();
        Map<String, ComputeEnvironmentDetail> targets = new LinkedHashMap<>();
        Map<String, ComputeEnvironmentDetail> onDemandTargets = new LinkedHashMap<>();
        JobQueueDetail queue = ownedQueue(queueName()).orElse(null);
        JobQueueDetail onDemandQueue = onDemandQueueName().flatMap(this::ownedQueue).orElse(null);
        for (Entry entry : entries) {
            ceStatuses.add(actOrRecord(entry));
            targets.put(entry.spec().getName(), target(entry, queue));
            if (entry.spec().getProvisioning() == Provisioning.ON_DEMAND) {
                onDemandTargets.put(entry.spec().getName(), target(entry, onDemandQueue));
            }
        }
        for (JobQueueDetail other : inventory.ownedJobQueues(uid)) {
            if (!other.jobQueueName().equals(queueName()) && !onDemandQueueName().orElse("").equals(other.jobQueueName())) {
                var step = teardown.retireJobQueue(other,
                        new BatchTeardown.Drain(Quantities.duration(spec.getDrainTimeout()), clock.instant()));
                // the jobs still in a retired queue run to their end: the environment stays Ready meanwhile
                (step.draining() ? draining : progress).add(step.message());
            }
        }
        if (spec.getFairShare() != null) {
            FairSharePolicies.Result policy = FairSharePolicies.ensure(batch, env, events);
            if (policy.conflict() != null) {
                problems.add(new SyncReport.Problem(ConditionReason.NameConflict, policy.conflict()));
                status.setComputeEnvironments(ceStatuses);
                return observation();
            }
            schedulingPolicy = policy.arn();
        }
        QueueSync queues = new QueueSync(batch, env, events, queueSpec(), schedulingPolicy, previousQueues);
        JobQueueStatus queueStatus = record(queues.sync(queueName(), queue, targets));
        status.setOnDemandJobQueue(onDemandQueueName().map(name -> record(queues.sync(name, onDemandQueue, onDemandTargets)))
                .orElse(null));
        Map<String, ComputeEnvironmentDetail> inUse = new LinkedHashMap<>(targets);
        onDemandTargets.forEach((entry, ce) -> inUse.putIfAbsent(entry + "/on-demand", ce));
        retire(entries, inUse);

        status.setComputeEnvironments(ceStatuses);
        status.setJobQueue(queueStatus);
        return observation();
    }

    /**
     * The second job queue, with only the On-Demand compute environments, where Spot-interrupted scenes escalate to
     * (docs/operations.md): kept while the environment has both kinds.
     */
    private Optional<String> onDemandQueueName() {
        var kinds = spec.getComputeEnvironments().stream().map(ComputeEnvironmentSpec::getProvisioning).collect(Collectors.toSet());
        return kinds.contains(Provisioning.SPOT) && kinds.contains(Provisioning.ON_DEMAND)
                ? Optional.of(BatchNames.onDemandJobQueue(env)) : Optional.empty();
    }

    private List<Entry> plan() {
        List<Entry> entries = new ArrayList<>();
        for (ComputeEnvironmentSpec ce : spec.getComputeEnvironments()) {
            String version = ce.getLaunchTemplate() == null ? null : references.resolve(ce.getLaunchTemplate());
            var desired = ComputeEnvironmentShape.desired(ce, spec.getServiceRole(), version)
                    .withCostAllocationTags(env.getMetadata().getName());
            var generations = inventory.generations(uid, ce.getName());
            if (!generations.isEmpty() && ce.getDesiredVcpus() != null && ce.getDesiredVcpus().equals(applied(ce.getName()))) {
                // set before: Batch has moved desiredvCpus with demand since, and raising it back would launch idle
                // instances and put the compute environment in UPDATING on every resync
                desired = desired.leavingDesiredVcpusToBatch();
            }
            var change = generations.isEmpty() ? ComputeEnvironmentChange.NONE
                    : ComputeEnvironmentChange.classify(desired, ComputeEnvironmentShape.observed(generations.get(generations.size() - 1)));
            entries.add(new Entry(ce, desired, generations, change));
        }
        return entries;
    }

    private Optional<Observation> claimNames(List<Entry> entries) {
        List<ComputeEnvironmentSpec> unowned = entries.stream().filter(e -> e.generations().isEmpty()).map(Entry::spec).toList();
        List<String> queueNames = new ArrayList<>(List.of(queueName()));
        onDemandQueueName().ifPresent(queueNames::add);
        return NameClaims.claim(batch, env, inventory, unowned, queueNames.stream().filter(n -> ownedQueue(n).isEmpty()).toList(),
                events, timing);
    }

    /**
     * {@link #act}, but a request AWS refuses for one entry (a parameter, a permission, a limit) becomes a problem in
     * the observation and the rest still syncs: the queue, the other entries, retirements. Throttling and 5xx still
     * end the reconcile, to be retried as a whole.
     */
    private ComputeEnvironmentStatus actOrRecord(Entry entry) {
        try {
            return act(entry);
        } catch (AwsServiceException e) {
            if (!AwsFailures.refused(e)) {
                throw e;
            }
            String name = entry.newest() == null ? BatchNames.computeEnvironment(env, entry.spec())
                    : entry.newest().computeEnvironmentName();
            problems.add(new SyncReport.Problem(ConditionReason.AwsRequestFailed, "compute environment " + name + ": "
                    + AwsFailures.describe(e)));
            ComputeEnvironmentStatus s = new ComputeEnvironmentStatus();
            s.setName(entry.spec().getName());
            s.setDesiredVcpus(applied(entry.spec().getName()));
            if (entry.newest() != null) {
                copy(entry.newest(), s);
            }
            return s;
        }
    }

    /** At most one AWS call for the entry; returns its status line. */
    private ComputeEnvironmentStatus act(Entry entry) {
        String entryName = entry.spec().getName();
        ComputeEnvironmentDetail newest = entry.newest();
        ComputeEnvironmentStatus s = new ComputeEnvironmentStatus();
        s.setName(entryName);
        // the spec's desiredVcpus counts as set once it is asked for, or AWS already reports at least as much
        s.setDesiredVcpus(entry.spec().getDesiredVcpus());
        s.setLaunchTemplateVersion(entry.desired().launchTemplate() == null ? null : entry.desired().launchTemplate().version());
        String rolled = previousStatus(entryName).map(ComputeEnvironmentStatus::getImageRollout).orElse(null);
        s.setImageRollout(rolled);
        if (newest == null || entry.needsNewComputeEnvironment(spec.getReplacePolicy())) {
            // a new compute environment starts on the latest AMI: the rollout asked for is done
            s.setImageRollout(entry.spec().getImageRollout());
            int generation = newest == null ? 1 : OwnershipTags.generation(newest.tags()) + 1;
            String name = nextName(entry, generation);
            var created = batch.createComputeEnvironment(ComputeEnvironmentRequests.create(name, entry.desired(),
                    OwnershipTags.forComputeEnvironment(env, entryName, generation, entry.spec().getTags())));
            if (newest == null) {
                events.record(env, EventReason.ComputeEnvironmentCreated, "created compute environment " + name);
                progress.add("creating compute environment " + name);
                s.setArn(created.computeEnvironmentArn());
                s.setStatus("CREATING");
                return s;
            }
            events.record(env, EventReason.ComputeEnvironmentReplacing, "replacing compute environment "
                    + newest.computeEnvironmentName() + " with " + name + " (" + entry.change().replacementReason()
                    + ": " + entry.change().describe() + ")");
            progress.add("creating " + name + " to replace " + newest.computeEnvironmentName());
        }
        copy(newest, s);
        if (entry.settling()) {
            s.setDesiredVcpus(applied(entryName));
            progress.add("compute environment " + newest.computeEnvironmentName() + " is " + newest.statusAsString());
            return s;
        }
        switch (entry.change().kind()) {
            case UPDATE -> {
                batch.updateComputeEnvironment(ComputeEnvironmentRequests.update(newest.computeEnvironmentArn(),
                        entry.desired(), entry.change(), spec.getInfrastructureUpdates()));
                events.record(env, EventReason.ComputeEnvironmentUpdated, "updated compute environment "
                        + newest.computeEnvironmentName() + " in place: " + entry.change().describe());
                progress.add("updating compute environment " + newest.computeEnvironmentName());
            }
            case REPLACE -> {
                if (spec.getReplacePolicy() == ReplacePolicy.Manual) {
                    String message = newest.computeEnvironmentName() + " needs replacement: " + entry.change().describe()
                            + " (" + entry.change().replacementReason() + "); replacePolicy is Manual, nothing was changed";
                    // the Warning condition carries it, with one Event when it appears or changes
                    s.setPendingReplacement(message);
                    s.setDesiredVcpus(applied(entryName));
                    pending.add(message);
                }
            }
            case NONE -> rollImage(entry, newest, s, rolled);
        }
        if (entry.change().deferred() != null) {
            deferred.add("compute environment " + newest.computeEnvironmentName() + ": " + entry.change().deferred());
        }
        if ("INVALID".equals(newest.statusAsString())) {
            problems.add(new SyncReport.Problem(ConditionReason.ComputeEnvironmentInvalid, "compute environment "
                    + newest.computeEnvironmentName() + " is INVALID: " + newest.statusReason()));
        }
        return s;
    }

    /** The compute environment the queue should use for an entry: the newest once VALID, else what it uses now. */
    private ComputeEnvironmentDetail target(Entry entry, JobQueueDetail queue) {
        ComputeEnvironmentDetail newest = entry.newest();
        if (newest != null && "VALID".equals(newest.statusAsString())) {
            return newest;
        }
        if (queue == null) {
            return null;
        }
        Set<String> inQueue = queue.computeEnvironmentOrder().stream().map(ComputeEnvironmentOrder::computeEnvironment)
                .collect(Collectors.toSet());
        return entry.generations().stream()
                .filter(ce -> inQueue.contains(ce.computeEnvironmentArn()) && "VALID".equals(ce.statusAsString()))
                .reduce((a, b) -> b).orElse(null);
    }

    /** What a queue's sync asks to report: its progress and, when AWS says so, that it is INVALID. */
    private JobQueueStatus record(QueueSync.Result result) {
        progress.addAll(result.progress());
        result.invalid().ifPresent(message -> problems.add(new SyncReport.Problem(ConditionReason.JobQueueInvalid, message)));
        return result.status();
    }

    /** Owned compute environments neither in use nor being prepared: replaced generations and removed entries. */
    private void retire(List<Entry> entries, Map<String, ComputeEnvironmentDetail> targets) {
        Set<String> keep = new HashSet<>();
        targets.values().stream().filter(Objects::nonNull).forEach(ce -> keep.add(ce.computeEnvironmentArn()));
        entries.stream().map(Entry::newest).filter(Objects::nonNull).forEach(ce -> keep.add(ce.computeEnvironmentArn()));
        for (ComputeEnvironmentDetail ce : inventory.ownedComputeEnvironments(uid)) {
            if (!keep.contains(ce.computeEnvironmentArn())) {
                var step = teardown.retireComputeEnvironment(ce, inventory,
                        new BatchTeardown.Drain(Quantities.duration(spec.getDrainTimeout()), clock.instant()));
                // the new compute environment serves the queue: draining the old one keeps the environment Ready
                (step.draining() ? draining : progress).add(step.message());
            }
        }
    }

    private Observation observation() {
        return SyncReport.observation(problems, progress, draining, pending, deferred, "job queue " + queueName() + " is "
                + queueSpec().getState(), spec.getComputeEnvironments().stream().map(ComputeEnvironmentSpec::getName).toList(),
                timing);
    }

    private String nextName(Entry entry, int generation) {
        String base = BatchNames.computeEnvironment(env, entry.spec());
        String name = generation == 1 ? base : base + "-" + generation;
        int suffix = generation;
        while (inventory.computeEnvironmentNamed(name).isPresent()) {
            name = base + "-" + (++suffix);
        }
        return name;
    }

    private Optional<JobQueueDetail> ownedQueue(String name) {
        return inventory.ownedJobQueues(uid).stream().filter(q -> q.jobQueueName().equals(name)).findFirst();
    }

    private JobQueueSpec queueSpec() {
        return spec.getJobQueue() == null ? new JobQueueSpec() : spec.getJobQueue();
    }

    String queueName() {
        return BatchNames.jobQueue(env);
    }

    /**
     * A changed spec.imageRollout moves the compute environment to the latest AMI of its image type in place, once,
     * when nothing else changes in the same call; where AWS cannot update infrastructure in place, a Warning says so.
     */
    private void rollImage(Entry entry, ComputeEnvironmentDetail ce, ComputeEnvironmentStatus s, String rolled) {
        String rollout = entry.spec().getImageRollout();
        if (rollout == null || rollout.equals(rolled)) {
            return;
        }
        String name = ce.computeEnvironmentName();
        if (!entry.desired().infrastructureUpdatable()) {
            String message = name + ": imageRollout " + rollout + " needs AWS's service-linked role and an updatable "
                    + "allocation strategy; change the AMI with a new compute environment instead (e.g. a new name)";
            s.setPendingReplacement(message);
            pending.add(message);
            return;
        }
        batch.updateComputeEnvironment(r -> r.computeEnvironment(ce.computeEnvironmentArn())
                .computeResources(c -> c.updateToLatestImageVersion(true)));
        events.record(env, EventReason.ComputeEnvironmentUpdated, "rolling compute environment " + name
                + " to the latest AMI of its image type (imageRollout " + rollout + ")");
        progress.add("updating compute environment " + name + " to the latest AMI");
        s.setImageRollout(rollout);
    }

    private Optional<ComputeEnvironmentStatus> previousStatus(String entry) {
        return previous.stream().filter(c -> entry.equals(c.getName())).findFirst();
    }

    /** The spec's desiredVcpus last set on the entry's compute environment (status), or null. */
    private Integer applied(String entry) {
        return previousStatus(entry).map(ComputeEnvironmentStatus::getDesiredVcpus).orElse(null);
    }

    private static void copy(ComputeEnvironmentDetail ce, ComputeEnvironmentStatus s) {
        s.setArn(ce.computeEnvironmentArn());
        s.setState(ce.stateAsString() == null ? "ENABLED" : ce.stateAsString());
        s.setStatus(ce.statusAsString());
        s.setStatusReason(ce.statusReason());
    }
}
