package io.sen2cor.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
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
import io.javaoperatorsdk.operator.processing.retry.GradualRetry;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.lifecycle.JobLifecycle;
import io.sen2cor.operator.lifecycle.JobProgress;
import io.sen2cor.operator.metrics.SceneMetrics;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.JobRounds;
import io.sen2cor.operator.validation.JobAdmission;
import io.sen2cor.operator.validation.TenantPolicy;
import io.sen2cor.operator.validation.Verdict;
import io.sen2cor.operator.work.JobScenes;
import jakarta.inject.Inject;

/**
 * Observe, admit, act, record for Sen2CorJobs. A job that cannot run (missing environment, namespace or
 * output not allowed, ...) gets Ready=False with a reason and stays Pending: no exception loop, nothing
 * submitted. Changes to the referenced environment or to the namespace's labels re-trigger admission.
 */
// an unexpected error is retried for ever, backing off to every 5 min: JOSDK's default gives up after 5 attempts
// (about 19 s) and would look at the resource again only on its next change
@GradualRetry(maxAttempts = -1, initialInterval = 2_000, intervalMultiplier = 2, maxInterval = 300_000)
@ControllerConfiguration(name = Sen2CorJobReconciler.NAME, informer = @Informer(itemStore = Sen2CorJobStore.class))
public class Sen2CorJobReconciler implements Reconciler<Sen2CorJob>, Cleaner<Sen2CorJob> {

    public static final String NAME = "sen2corjob";
    static final String ENVIRONMENT_INDEX = "environmentRef";
    static final Duration CLEANUP_RECHECK = Duration.ofSeconds(10);

    private final Backends backends;
    private final EventRecorder events;
    private final Clock clock;
    private final SceneMetrics scenes;
    private final JobLifecycle lifecycle;
    private final SceneSelections selections;
    private final TenantPolicy.Settings policy;
    private final EnvironmentUsers users;

    @Inject
    public Sen2CorJobReconciler(Backends backends, EventRecorder events, SceneMetrics scenes, Clock clock, SceneSelections selections,
            TenantPolicy.Settings policy, EnvironmentUsers users) {
        this.backends = backends;
        this.events = events;
        this.scenes = scenes;
        this.clock = clock;
        this.selections = selections;
        this.policy = policy;
        this.users = users;
        this.lifecycle = new JobLifecycle(events, clock, selections);
    }

    @Override
    public List<EventSource<?, Sen2CorJob>> prepareEventSources(EventSourceContext<Sen2CorJob> context) {
        context.getPrimaryCache().addIndexer(ENVIRONMENT_INDEX, job -> List.of(job.getSpec().getEnvironmentRef()));
        users.readFrom(context.getPrimaryCache());
        var environments = InformerEventSourceConfiguration.from(BatchEnvironment.class, Sen2CorJob.class)
                .withWatchAllNamespaces()
                .withPrimaryToSecondaryMapper((Sen2CorJob job) -> Set.of(new ResourceID(job.getSpec().getEnvironmentRef())))
                .withSecondaryToPrimaryMapper(env -> context.getPrimaryCache()
                        .byIndex(ENVIRONMENT_INDEX, env.getMetadata().getName()).stream()
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        var namespaces = InformerEventSourceConfiguration.from(Namespace.class, Sen2CorJob.class)
                .withWatchAllNamespaces()
                .withPrimaryToSecondaryMapper((Sen2CorJob job) -> Set.of(new ResourceID(job.getMetadata().getNamespace())))
                .withSecondaryToPrimaryMapper(ns -> context.getPrimaryCache().list(ns.getMetadata().getName())
                        .map(ResourceID::fromResource).collect(Collectors.toSet()))
                .build();
        List<EventSource<?, Sen2CorJob>> sources = new ArrayList<>();
        sources.add(new InformerEventSource<>(environments, context));
        sources.add(new InformerEventSource<>(namespaces, context));
        sources.addAll(backends.jobEventSources(context));
        return sources;
    }

    @Override
    public UpdateControl<Sen2CorJob> reconcile(Sen2CorJob job, Context<Sen2CorJob> context) {
        Sen2CorJobStatus before = job.getStatus();
        Sen2CorJobStatus status = StatusUpdates.copyOf(before, new Sen2CorJobStatus());
        status.setObservedGeneration(job.getMetadata().getGeneration());
        initialiseCounts(job, status);

        BatchEnvironment env = context.getSecondaryResource(BatchEnvironment.class).orElse(null);
        Map<String, String> namespaceLabels = context.getSecondaryResource(Namespace.class)
                .map(ns -> ns.getMetadata().getLabels()).orElse(Map.of());
        boolean submitted = JobRounds.any(status);
        Function<String, Optional<Map<String, String>>> secrets = name -> secretLabels(context.getClient(),
                job.getMetadata().getNamespace(), name);
        Observation observation;
        // once work is out, only a missing environment stops the job here; the rest is asked again when the lifecycle
        // is about to send more (docs/security.md)
        Verdict verdict = submitted && env != null ? Verdict.ACCEPTED
                : JobAdmission.evaluate(job, env, namespaceLabels, policy, secrets);
        if (!verdict.accepted()) {
            observation = Observation.degraded(verdict.reason(), verdict.message(), null);
        } else {
            BackendType type = BackendType.of(env);
            // a job not submitted yet was just admitted in full: no second look before its first round
            Supplier<Optional<Observation>> admission = !submitted ? Optional::empty : () -> {
                Verdict again = JobAdmission.evaluate(job, env, namespaceLabels, true, policy, secrets);
                return again.accepted() ? Optional.empty()
                        : Optional.of(Observation.degraded(again.reason(), again.message() + "; running scenes are still "
                                + "followed, nothing more is submitted", null));
            };
            observation = backends.job(type)
                    .map(backend -> lifecycle.reconcile(backend, job, env, status, admission))
                    .orElseGet(() -> Observation.degraded(ConditionReason.BackendUnavailable, Backends.unavailable(type), null));
        }
        if (observation.state() == Observation.State.DEGRADED && status.getPhase() == null) {
            status.setPhase(JobPhase.Pending);
        }
        status.setConditions(Conditions.set(status.getConditions(), ConditionType.READY,
                observation.state() != Observation.State.DEGRADED,
                observation.reason().name(), observation.message(), job.getMetadata().getGeneration(), clock.instant()));
        status.setConditions(StatusUpdates.warning(status.getConditions(), observation, job.getMetadata().getGeneration(),
                clock.instant()));
        status.setConditions(phaseConditions(status, job.getMetadata().getGeneration()));
        scenes.update(ResourceID.fromResource(job).toString(), status.getScenes());
        if (status.getUsage() != null && status.getUsage().getVcpuHoursByCapacity() != null
                && (before == null || before.getUsage() == null || before.getUsage().getVcpuHoursByCapacity() == null)) {
            scenes.used(status.getUsage().getVcpuHoursByCapacity());
        }
        List<Condition> previous = before == null ? null : before.getConditions();
        StatusUpdates.readyTransition(previous, status.getConditions())
                .ifPresent(ready -> events.record(job, observation.reason(), observation.message()));
        StatusUpdates.warningTransition(previous, status.getConditions())
                .ifPresent(warning -> events.record(job, observation.warning().reason(), observation.warning().message()));
        return StatusUpdates.writeAndCache(job, before, status, observation.recheck(), context, Sen2CorJob::new);
    }

    /**
     * The labels of a Secret in the job's namespace, for the credentials rule; empty when it does not exist. Read only
     * for the Secrets a job names; an operator without RBAC to read Secrets cannot tell, and the rule refuses with a
     * message that says so (the chart grants get on Secrets for this by default).
     */
    static Optional<Map<String, String>> secretLabels(KubernetesClient client, String namespace, String name) {
        try {
            var secret = client.secrets().inNamespace(namespace).withName(name).get();
            return secret == null ? Optional.empty()
                    : Optional.of(secret.getMetadata().getLabels() == null ? Map.of() : secret.getMetadata().getLabels());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            if (e.getCode() == 403) {
                throw new TenantPolicy.SecretsUnreadable(e.getMessage());
            }
            throw e;
        }
    }

    /** Submitted, Complete and Failed follow the phase, so tools can wait on them (kubectl wait --for=condition=Complete). */
    private List<Condition> phaseConditions(Sen2CorJobStatus status, Long generation) {
        JobPhase phase = status.getPhase();
        boolean submitted = phase != null && phase != JobPhase.Pending && phase != JobPhase.Submitting;
        boolean complete = phase == JobPhase.Succeeded || phase == JobPhase.PartiallySucceeded || phase == JobPhase.Failed
                || phase == JobPhase.Cancelled;
        var now = clock.instant();
        var conditions = Conditions.set(status.getConditions(), ConditionType.SUBMITTED, submitted,
                submitted ? "Submitted" : "NotSubmitted", submitted ? "every scene was submitted" : "", generation, now);
        conditions = Conditions.set(conditions, ConditionType.COMPLETE, complete, complete ? String.valueOf(phase) : "InProgress",
                complete ? String.valueOf(status.getProgress()) + " scenes finished" : "", generation, now);
        return Conditions.set(conditions, ConditionType.FAILED, phase == JobPhase.Failed,
                phase == JobPhase.Failed ? "NoSceneSucceeded" : "NotFailed", "", generation, now);
    }

    private static void initialiseCounts(Sen2CorJob job, Sen2CorJobStatus status) {
        if (status.getScenes() == null) {
            JobProgress.initialise(status, JobScenes.count(job));
        }
    }

    @Override
    public DeleteControl cleanup(Sen2CorJob job, Context<Sen2CorJob> context) {
        scenes.remove(ResourceID.fromResource(job).toString());
        selections.forget(job.getMetadata().getUid());
        BatchEnvironment env = context.getSecondaryResource(BatchEnvironment.class).orElse(null);
        if (env == null) {
            // environments outlive their jobs (their cleanup waits), so without one nothing was submitted
            return DeleteControl.defaultDelete();
        }
        var backend = backends.job(BackendType.of(env));
        if (backend.isEmpty()) {
            users.released(job);
            return DeleteControl.defaultDelete();
        }
        List<Sen2CorJob> others = context.getPrimaryCache().list()
                .filter(other -> !other.getMetadata().getUid().equals(job.getMetadata().getUid())).toList();
        Observation o = backend.get().cleanup(job, env, others);
        if (o.done()) {
            users.released(job);
            return DeleteControl.defaultDelete();
        }
        return DeleteControl.noFinalizerRemoval().rescheduleAfter(o.recheckAfter() == null ? CLEANUP_RECHECK : o.recheckAfter());
    }

    @Override
    public ErrorStatusUpdateControl<Sen2CorJob> updateErrorStatus(Sen2CorJob job, Context<Sen2CorJob> context,
            Exception e) {
        Sen2CorJobStatus status = StatusUpdates.copyOf(job.getStatus(), new Sen2CorJobStatus());
        status.setConditions(Conditions.set(status.getConditions(), ConditionType.READY, false,
                ConditionReason.ReconcileError.name(), String.valueOf(e.getMessage()), job.getMetadata().getGeneration(),
                clock.instant()));
        job.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(job);
    }
}
