package io.sen2cor.operator.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneSelectionStatus;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.api.Sen2CorSubscriptionSpec;
import io.sen2cor.operator.api.Sen2CorSubscriptionStatus;
import io.sen2cor.operator.api.SubscriptionJob;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.metrics.SubscriptionMetrics;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.subscription.SubscriptionJobs;
import io.sen2cor.operator.subscription.SubscriptionPlan;
import io.sen2cor.operator.validation.JobAdmission;
import io.sen2cor.operator.validation.TenantPolicy;
import io.sen2cor.operator.validation.Verdict;
import jakarta.inject.Inject;

/**
 * Sen2CorSubscription: searches the catalogue when due, over the window {@link SubscriptionPlan} gives, creates owned
 * Sen2CorJobs for the scenes none of its jobs holds yet, then moves the cursor (docs/subscriptions.md). The search is
 * the Sen2CorJobs' own (SceneSelections: the same catalogue rules, limits and per-namespace queue), made as a job of
 * the template that the tenancy rules admit first.
 */
@ControllerConfiguration(name = Sen2CorSubscriptionReconciler.NAME)
public class Sen2CorSubscriptionReconciler implements Reconciler<Sen2CorSubscription> {

    public static final String NAME = "sen2corsubscription";
    private static final Set<JobPhase> FINISHED = Set.of(JobPhase.Succeeded, JobPhase.PartiallySucceeded, JobPhase.Failed);

    private final EventRecorder events;
    private final Clock clock;
    private final SceneSelections selections;
    private final TenantPolicy.Settings policy;
    private final SubscriptionMetrics metrics;
    private final SubscriptionNotifications notifications;
    /** The poll in flight, per subscription: fixed until its answers are in (not across restarts). */
    private final Map<String, InFlight> searching = new ConcurrentHashMap<>();

    /** A poll's searches: the window's answer is kept here while the published-late search runs. */
    private static final class InFlight {
        final SubscriptionPlan.Poll poll;
        SceneSelectionStatus windowAnswer;

        InFlight(SubscriptionPlan.Poll poll) {
            this.poll = poll;
        }
    }

    @Inject
    public Sen2CorSubscriptionReconciler(EventRecorder events, Clock clock, SceneSelections selections,
            TenantPolicy.Settings policy, SubscriptionMetrics metrics, SubscriptionNotifications notifications) {
        this.metrics = metrics;
        this.notifications = notifications;
        this.events = events;
        this.clock = clock;
        this.selections = selections;
        this.policy = policy;
    }

    @Override
    public List<EventSource<?, Sen2CorSubscription>> prepareEventSources(EventSourceContext<Sen2CorSubscription> context) {
        metrics.readFrom(() -> context.getPrimaryCache().list());
        notifications.readFrom(() -> context.getPrimaryCache().list().toList());
        var jobs = InformerEventSourceConfiguration.from(Sen2CorJob.class, Sen2CorSubscription.class)
                .withName("subscription-jobs")
                .withLabelSelector(SubscriptionJobs.SUBSCRIPTION_LABEL)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Sen2CorSubscription.class, false))
                .build();
        return List.of(new InformerEventSource<>(jobs, context), notifications.wakes());
    }

    @Override
    public UpdateControl<Sen2CorSubscription> reconcile(Sen2CorSubscription sub, Context<Sen2CorSubscription> context) {
        Sen2CorSubscriptionStatus before = sub.getStatus();
        Sen2CorSubscriptionStatus status = StatusUpdates.copyOf(before, new Sen2CorSubscriptionStatus());
        status.setObservedGeneration(sub.getMetadata().getGeneration());
        // windows, cursors and job names read in whole seconds
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        List<Sen2CorJob> jobs = context.getSecondaryResources(Sen2CorJob.class).stream()
                .filter(j -> SubscriptionJobs.ownedBy(j, sub)).toList();
        keepHistory(sub, status, jobs, context.getClient());

        Optional<String> queueRefused = notifications.refusal(sub);
        notifications.follow();
        Observation observation;
        if (Boolean.TRUE.equals(sub.getSpec().getSuspend())) {
            searching.remove(sub.getMetadata().getUid());
            status.setNextPollTime(null);
            observation = new Observation(Observation.State.READY, ConditionReason.Suspended,
                    "spec.suspend is true: no polls; the jobs already created run on", null);
        } else if (queueRefused.isPresent()) {
            searching.remove(sub.getMetadata().getUid());
            status.setNextPollTime(null);
            observation = Observation.degraded(ConditionReason.NotificationQueueNotAllowed, queueRefused.get(), null);
        } else {
            // a notification for its scenes since the last poll brings the poll forward (at most once a minute)
            Instant due = SubscriptionPlan.due(sub.getSpec(), status, notifications.notified(sub));
            boolean searchRunning = searching.containsKey(sub.getMetadata().getUid());
            if (now.isBefore(due) && !searchRunning) {
                status.setNextPollTime(due.toString());
                observation = Observation.ready(status.getLastPoll() == null ? "waiting for the next poll" : status.getLastPoll(),
                        SubscriptionPlan.until(due, now));
            } else {
                // the tenancy rules judge each search before it starts, not every reconcile: each status write of the
                // subscription's jobs wakes it, and admission reads the environment and the namespace from the API server
                Verdict verdict = searchRunning ? null
                        : admit(sub, SubscriptionPlan.window(sub.getSpec(), status, now), context.getClient());
                observation = verdict != null && !verdict.accepted()
                        ? Observation.degraded(verdict.reason(), verdict.message() + " (as a job of spec.jobTemplate)", null)
                        : poll(sub, status, jobs, now, context.getClient());
            }
        }
        status.setNotifications(notifications.status(sub));
        status.setConditions(Conditions.set(status.getConditions(), ConditionType.READY,
                observation.state() != Observation.State.DEGRADED, observation.reason().name(), observation.message(),
                sub.getMetadata().getGeneration(), now));
        StatusUpdates.readyTransition(before == null ? null : before.getConditions(), status.getConditions())
                .filter(c -> observation.state() == Observation.State.DEGRADED)
                .ifPresent(ready -> events.record(sub, observation.reason(), observation.message()));
        return StatusUpdates.writeAndCache(sub, before, status, observation.recheck(), context, Sen2CorSubscription::new);
    }

    /**
     * One poll: start its searches or wait for them (the window's, then once caught up the published-late one); with
     * their answers, create the jobs of what is new and move the cursor.
     */
    private Observation poll(Sen2CorSubscription sub, Sen2CorSubscriptionStatus status, List<Sen2CorJob> jobs, Instant now,
            KubernetesClient client) {
        String uid = sub.getMetadata().getUid();
        InFlight inFlight = searching.computeIfAbsent(uid, k -> new InFlight(SubscriptionPlan.poll(sub.getSpec(), status, now)));
        SubscriptionPlan.Window window = inFlight.poll.window();
        if (inFlight.windowAnswer == null) {
            Sen2CorJobStatus answer = new Sen2CorJobStatus();
            Observation search = selections.resolve(SubscriptionJobs.search(sub, window), answer, products -> Optional.empty());
            if (answer.getSelection() == null) {
                return searchNotAnswered(uid, status, "window " + window, search, now);
            }
            inFlight.windowAnswer = answer.getSelection();
        }
        Set<String> found = new HashSet<>(inFlight.windowAnswer.getProducts()); // SubscriptionPlan.fresh sorts
        String late = "";
        if (inFlight.poll.published().isPresent()) {
            SubscriptionPlan.Published published = inFlight.poll.published().get();
            Sen2CorJobStatus answer = new Sen2CorJobStatus();
            Observation search = selections.resolve(SubscriptionJobs.searchPublished(sub, window, published), answer,
                    products -> Optional.empty());
            if (answer.getSelection() != null) {
                found.addAll(answer.getSelection().getProducts());
                late = "; " + answer.getSelection().getSelected() + " matched sensed before the window and published since "
                        + published.since() + " (" + published.property() + ")";
            } else if (search.state() != Observation.State.DEGRADED || search.reason() != ConditionReason.SelectionRefused) {
                // running, or the catalogue unavailable: the poll waits or is retried whole, the cursor stays
                return searchNotAnswered(uid, status, "scenes published late since " + published.since(), search, now);
            } else {
                // refused for good (e.g. no query extension): the window's scenes go out, and lastPoll says why not these
                late = "; the search for scenes published late was refused: " + search.message();
            }
        }
        searching.remove(uid);
        Set<String> handedOut = new HashSet<>();
        jobs.forEach(j -> handedOut.addAll(j.getSpec().getProducts() == null ? List.of() : j.getSpec().getProducts()));
        List<String> fresh = SubscriptionPlan.fresh(found, handedOut);
        List<List<String>> chunks = SubscriptionPlan.chunks(fresh, sub.getSpec().getJobLimit());
        List<String> created = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            Sen2CorJob job = SubscriptionJobs.created(sub, window, i, chunks.size(), chunks.get(i));
            create(client, job, sub);
            created.add(job.getMetadata().getName());
            SubscriptionJob entry = new SubscriptionJob();
            entry.setName(job.getMetadata().getName());
            entry.setWindow(window.toString());
            entry.setScenes(chunks.get(i).size());
            status.getJobs().add(0, entry);
        }
        status.setCursor(window.to().toString());
        status.setLastPollTime(now.toString());
        status.setPolls(plus(status.getPolls(), 1));
        status.setJobsCreated(plus(status.getJobsCreated(), created.size()));
        status.setScenesQueued(plus(status.getScenesQueued(), fresh.size()));
        metrics.polled(fresh.size());
        status.setLastPoll("window " + window + ": " + inFlight.windowAnswer.getSelected() + " scenes matched, "
                + fresh.size() + " new" + (created.isEmpty() ? "" : ", in " + String.join(", ", created)) + late);
        if (!created.isEmpty()) {
            events.record(sub, EventReason.SubscriptionJobsCreated, status.getLastPoll());
        }
        Instant due = SubscriptionPlan.catchingUp(window, now) ? now : SubscriptionPlan.due(sub.getSpec(), status);
        status.setNextPollTime(due.toString());
        return Observation.ready(status.getLastPoll(), SubscriptionPlan.until(due, now));
    }

    /** A search of the poll still running (look again soon), or failed: the poll starts again later, the cursor stays. */
    private Observation searchNotAnswered(String uid, Sen2CorSubscriptionStatus status, String what, Observation search,
            Instant now) {
        if (search.state() != Observation.State.DEGRADED) {
            // the search runs on SceneSelections' threads; look again soon rather than at a job's 2 s pace
            return new Observation(search.state(), search.reason(), search.message(), SubscriptionPlan.SEARCHING);
        }
        searching.remove(uid);
        boolean refused = search.reason() == ConditionReason.SelectionRefused;
        // over the limit is the window's size; anything else refused (no such collection, ...) is the catalogue's
        String hint = !refused ? "" : search.message().contains("scenes.limit")
                ? "; lower spec.backfillWindow or narrow the area, then the next poll tries again in 10 min"
                : "; the next poll tries again in 10 min";
        status.setNextPollTime(now.plus(search.recheck()).toString());
        return new Observation(search.state(), search.reason(), what + ": " + search.message() + hint,
                refused ? Duration.ofMinutes(10) : search.recheck());
    }

    /** Creates a job unless this subscription made it already (a repeat of the same window after a restart). */
    private static void create(KubernetesClient client, Sen2CorJob job, Sen2CorSubscription sub) {
        try {
            client.resource(job).create();
        } catch (KubernetesClientException e) {
            Sen2CorJob existing = e.getCode() == 409 ? client.resource(job).get() : null;
            if (existing == null || !SubscriptionJobs.ownedBy(existing, sub)) {
                throw e;
            }
        }
    }

    /** Each listed job's phase; finished jobs beyond the history limit deleted, unless a search may find theirs again. */
    private static void keepHistory(Sen2CorSubscription sub, Sen2CorSubscriptionStatus status, List<Sen2CorJob> jobs,
            KubernetesClient client) {
        Sen2CorSubscriptionSpec spec = sub.getSpec();
        Map<String, Sen2CorJob> byName = new HashMap<>();
        jobs.forEach(j -> byName.put(j.getMetadata().getName(), j));
        List<Sen2CorJob> newestFirst = jobs.stream().sorted(Comparator.comparing((Sen2CorJob j) ->
                j.getMetadata().getCreationTimestamp() == null ? "" : j.getMetadata().getCreationTimestamp()).reversed()).toList();
        int finishedNewer = 0;
        for (Sen2CorJob job : newestFirst) {
            boolean finished = job.getStatus() != null && FINISHED.contains(job.getStatus().getPhase());
            String window = job.getMetadata().getAnnotations() == null ? null
                    : job.getMetadata().getAnnotations().get(SubscriptionJobs.WINDOW_ANNOTATION);
            Instant windowEnd = window == null || !window.contains("/") ? null : Instant.parse(window.substring(window.indexOf('/') + 1));
            if (!SubscriptionPlan.keep(finished, finishedNewer, windowEnd, spec, status)) {
                client.resource(job).delete();
                byName.remove(job.getMetadata().getName());
            }
            if (finished) {
                finishedNewer++;
            }
        }
        List<SubscriptionJob> listed = new ArrayList<>();
        for (SubscriptionJob entry : status.getJobs()) {
            Sen2CorJob job = byName.get(entry.getName());
            if (job == null) {
                continue;
            }
            entry.setPhase(job.getStatus() == null || job.getStatus().getPhase() == null ? null : job.getStatus().getPhase().name());
            listed.add(entry);
        }
        status.setJobs(listed);
    }

    /** The tenancy rules, on a job of the template over the window: what the jobs would be refused for, said first. */
    private Verdict admit(Sen2CorSubscription sub, SubscriptionPlan.Window window, KubernetesClient client) {
        Sen2CorJob probe = SubscriptionJobs.search(sub, window);
        String ns = sub.getMetadata().getNamespace();
        BatchEnvironment env = client.resources(BatchEnvironment.class).withName(probe.getSpec().getEnvironmentRef()).get();
        Namespace namespace = client.namespaces().withName(ns).get();
        Map<String, String> labels = namespace == null || namespace.getMetadata().getLabels() == null ? Map.of()
                : namespace.getMetadata().getLabels();
        Function<String, Optional<Map<String, String>>> secrets = name -> Sen2CorJobReconciler.secretLabels(client, ns, name);
        return JobAdmission.evaluate(probe, env, labels, policy, secrets);
    }

    private static long plus(Long value, long add) {
        return (value == null ? 0 : value) + add;
    }
}
