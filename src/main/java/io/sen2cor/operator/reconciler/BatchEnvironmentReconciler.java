package io.sen2cor.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobSpec;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventReason;

/**
 * Observe, validate, act, record for BatchEnvironments. The backend does the real work; this class owns
 * the finalizer, conditions, observedGeneration and Events. Deletion waits until no Sen2CorJob uses the
 * environment, so jobs are always cleaned up before the compute they run on.
 */
// an unexpected error is retried for ever, backing off to every 5 min: JOSDK's default gives up after 5 attempts
// (about 19 s) and would look at the resource again only on its next change
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
@ControllerConfiguration(name = BatchEnvironmentReconciler.NAME)
public class BatchEnvironmentReconciler implements Reconciler<BatchEnvironment>, Cleaner<BatchEnvironment> {

    public static final String NAME = "batchenvironment";
    /** Safety net only: deleting a job re-triggers cleanup through the Sen2CorJob informer at once. */
    static final Duration DEPENDENTS_RECHECK = Duration.ofMinutes(5);
    static final Duration CLEANUP_RECHECK = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(BatchEnvironmentReconciler.class);

    private final Backends backends;
    private final EventRecorder events;
    private final Clock clock;

    @Inject
    public BatchEnvironmentReconciler(Backends backends, EventRecorder events, Clock clock) {
        this.backends = backends;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, BatchEnvironment>> prepareEventSources(EventSourceContext<BatchEnvironment> context) {
        // Sen2CorJobs map to the environment they reference: deleting the last one lets cleanup proceed. Only
        // deletions wake the environment: every job status write would otherwise cost it a reconcile and its
        // describe calls (the benchmark saw one per ~70 ms while jobs ran); the cache still lists every user.
        var jobs = InformerEventSourceConfiguration.from(Sen2CorJob.class, BatchEnvironment.class)
                .withWatchAllNamespaces()
                .withSecondaryToPrimaryMapper(job -> Set.of(new ResourceID(job.getSpec().getEnvironmentRef())))
                .withOnAddFilter(job -> false)
                .withOnUpdateFilter((updated, old) -> false)
                // a second full copy of every job (10,000 product ids, a client-side apply annotation) is not needed
                .withItemStore(new TransformingItemStore<>(BatchEnvironmentReconciler::reference))
                .build();
        return List.of(new InformerEventSource<>(jobs, context));
    }

    /** What the environment keeps of a Sen2CorJob: who it is and which environment it uses. */
    static Sen2CorJob reference(Sen2CorJob job) {
        Sen2CorJob slim = new Sen2CorJob();
        slim.setMetadata(new ObjectMetaBuilder().withName(job.getMetadata().getName())
                .withNamespace(job.getMetadata().getNamespace()).withUid(job.getMetadata().getUid())
                .withResourceVersion(job.getMetadata().getResourceVersion()).withGeneration(job.getMetadata().getGeneration())
                .withDeletionTimestamp(job.getMetadata().getDeletionTimestamp()).build());
        Sen2CorJobSpec spec = new Sen2CorJobSpec();
        spec.setEnvironmentRef(job.getSpec().getEnvironmentRef());
        slim.setSpec(spec);
        return slim;
    }

    @Override
    public UpdateControl<BatchEnvironment> reconcile(BatchEnvironment env, Context<BatchEnvironment> context) {
        BatchEnvironmentStatus before = env.getStatus();
        BatchEnvironmentStatus status = StatusUpdates.copyOf(before, new BatchEnvironmentStatus());
        BackendType type = BackendType.of(env);
        status.setBackend(type.apiName());
        status.setObservedGeneration(env.getMetadata().getGeneration());

        Observation observation = observe(env, type, status);
        record(env, status, observation);
        List<Condition> previous = before == null ? null : before.getConditions();
        StatusUpdates.readyTransition(previous, status.getConditions())
                .ifPresent(ready -> events.record(env, observation.reason(), observation.message()));
        StatusUpdates.warningTransition(previous, status.getConditions())
                .ifPresent(warning -> events.record(env, observation.warning().reason(), observation.warning().message()));
        return StatusUpdates.control(env, before, status, observation.recheck());
    }

    /** The environment's backend checks what only it can judge (e.g. names AWS Batch accepts) before acting. */
    private Observation observe(BatchEnvironment env, BackendType type, BatchEnvironmentStatus status) {
        return backends.environment(type)
                .map(backend -> backend.reconcile(env, status))
                .orElseGet(() -> Observation.degraded(ConditionReason.BackendUnavailable, Backends.unavailable(type), null));
    }

    private void record(BatchEnvironment env, BatchEnvironmentStatus status, Observation o) {
        Long generation = env.getMetadata().getGeneration();
        var now = clock.instant();
        var conditions = Conditions.set(status.getConditions(), ConditionType.READY,
                o.state() == Observation.State.READY, o.reason().name(), o.message(), generation, now);
        conditions = setWhile(conditions, ConditionType.PROGRESSING, Observation.State.PROGRESSING, o, generation, now);
        conditions = setWhile(conditions, ConditionType.DEGRADED, Observation.State.DEGRADED, o, generation, now);
        status.setConditions(StatusUpdates.warning(conditions, o, generation, now));
    }

    /** A condition that is True, with the observation's reason and message, only while in {@code state}. */
    private static List<Condition> setWhile(List<Condition> conditions, String type, Observation.State state,
            Observation o, Long generation, Instant now) {
        boolean active = o.state() == state;
        return Conditions.set(conditions, type, active, active ? o.reason().name() : ConditionReason.Ready.name(),
                active ? o.message() : "", generation, now);
    }

    @Override
    public DeleteControl cleanup(BatchEnvironment env, Context<BatchEnvironment> context) {
        Set<Sen2CorJob> users = context.getSecondaryResources(Sen2CorJob.class);
        if (!users.isEmpty()) {
            // namespaces and counts, not job names: the Events of a cluster-scoped object land in a namespace other
            // tenants may read (docs/security.md)
            String namespaces = users.stream().collect(Collectors.groupingBy(j -> j.getMetadata().getNamespace(),
                    TreeMap::new, Collectors.counting())).entrySet().stream().limit(10)
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").toList().toString();
            events.record(env, EventReason.WaitingForDependents, "deletion waits for " + users.size()
                    + " Sen2CorJob(s) using this environment, in namespaces " + namespaces);
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(DEPENDENTS_RECHECK);
        }
        BackendType type = BackendType.of(env);
        var backend = backends.environment(type);
        if (backend.isEmpty()) {
            // nothing can have been created without a backend
            return DeleteControl.defaultDelete();
        }
        Observation o = backend.get().cleanup(env);
        if (o.done()) {
            return DeleteControl.defaultDelete();
        }
        LOG.infof("BatchEnvironment %s: cleanup in progress: %s", env.getMetadata().getName(), o.message());
        return DeleteControl.noFinalizerRemoval()
                .rescheduleAfter(o.recheckAfter() == null ? CLEANUP_RECHECK : o.recheckAfter());
    }

    @Override
    public ErrorStatusUpdateControl<BatchEnvironment> updateErrorStatus(BatchEnvironment env,
            Context<BatchEnvironment> context, Exception e) {
        BatchEnvironmentStatus status = StatusUpdates.copyOf(env.getStatus(), new BatchEnvironmentStatus());
        record(env, status, Observation.degraded(ConditionReason.ReconcileError, String.valueOf(e.getMessage()), null));
        env.setStatus(status);
        // JOSDK keeps retrying with backoff; the condition tells the user why
        return ErrorStatusUpdateControl.patchStatus(env);
    }
}
