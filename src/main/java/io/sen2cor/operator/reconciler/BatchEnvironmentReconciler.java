package io.sen2cor.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Condition;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchEnvironmentStatus;
import io.sen2cor.operator.api.Sen2CorJob;
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
    /**
     * Safety net only: a job's finished cleanup wakes the environment at once (EnvironmentUsers); a job that goes
     * without the operator's cleanup (its finalizer removed by hand) is seen gone at the next look.
     */
    static final Duration DEPENDENTS_RECHECK = Duration.ofMinutes(1);
    static final Duration USERS_UNKNOWN_RECHECK = Duration.ofSeconds(2);
    static final Duration CLEANUP_RECHECK = Duration.ofSeconds(10);
    private static final Logger LOG = Logger.getLogger(BatchEnvironmentReconciler.class);

    private final Backends backends;
    private final EventRecorder events;
    private final Clock clock;
    private final EnvironmentUsers users;

    @Inject
    public BatchEnvironmentReconciler(Backends backends, EventRecorder events, Clock clock, EnvironmentUsers users) {
        this.backends = backends;
        this.events = events;
        this.clock = clock;
        this.users = users;
    }

    @Override
    public List<EventSource<?, BatchEnvironment>> prepareEventSources(EventSourceContext<BatchEnvironment> context) {
        // a job whose cleanup finished wakes the environment it used: deleting the last one lets cleanup proceed
        // (EnvironmentUsers reads the Sen2CorJob controller's cache instead of a second informer over every job)
        return List.of(users.wakes());
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
        var known = this.users.of(env.getMetadata().getName());
        if (known.isEmpty()) {
            // right after a start the Sen2CorJob cache may not be filled: not knowing is not "none"
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(USERS_UNKNOWN_RECHECK);
        }
        List<Sen2CorJob> users = known.get();
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
