package io.sen2cor.operator.k8s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.KubernetesJobsStatus;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.JobRounds;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.Capacity;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.JobScenes;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.RoundCounts;
import io.sen2cor.operator.backend.SceneLog;
import io.sen2cor.operator.backend.Submission;
import io.sen2cor.operator.backend.Usage;
import io.sen2cor.operator.runner.SucceededScenes;
import io.sen2cor.operator.status.ConditionReason;

/**
 * The {@code kubernetes} backend of Sen2CorJobs: per round a manifest ConfigMap and an Indexed Job (see
 * {@link IndexedJobs}), owned by the Sen2CorJob so garbage collection removes them with it. Jobs and pods are read from
 * labelled informers ({@link KubernetesReads}), Job status is mapped onto the lifecycle's scene states, failures
 * come from the failed pods' termination state, and parallelism is shared across the environment's jobs.
 */
public class KubernetesJobBackend implements JobBackend {

    private static final Logger LOG = Logger.getLogger(KubernetesJobBackend.class);

    private final KubernetesClient client;
    private final String defaultImage;
    private final Duration stuckAfter;
    private final Duration resync;
    private final Clock clock;
    private final KubernetesReads reads;
    private final KueueApi kueue;

    public KubernetesJobBackend(KubernetesClient client, KubernetesReads reads, String defaultImage, Duration stuckAfter,
            Duration resync, Clock clock) {
        this.client = client;
        this.reads = reads;
        this.kueue = new KueueApi(client);
        this.defaultImage = defaultImage;
        this.stuckAfter = stuckAfter;
        this.resync = resync;
        this.clock = clock;
    }

    @Override
    public BackendType type() {
        return BackendType.KUBERNETES;
    }

    @Override
    public List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        return reads.eventSources(context);
    }

    @Override
    public Optional<Observation> preflight(Sen2CorJob job, BatchEnvironment env) {
        return missingReference(job, env).map(missing -> Observation.degraded(ConditionReason.MissingKubernetesReference,
                missing + "; nothing was created", resync));
    }

    /** One Indexed Job per round: submitted once it is named (its creation is repeated until the informer sees it). */
    @Override
    public boolean submitted(SceneRound round) {
        return !round.getJobIds().isEmpty();
    }

    @Override
    public Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round,
            List<String> products) {
        String name = IndexedJobs.jobName(job, round.getRound());
        Optional<String> conflict = createRound(job, env, round, products, false);
        if (conflict.isPresent()) {
            return new Submission(null, Observation.degraded(ConditionReason.NameConflict, conflict.get()
                    + "; nothing was created for this Sen2CorJob", resync));
        }
        round.setJobIds(new ArrayList<>(List.of(name)));
        round.setManifestUri("configmap://" + job.getMetadata().getNamespace() + "/"
                + IndexedJobs.manifestName(job, round.getRound()));
        return new Submission("created Indexed Job " + name + " for " + products.size() + " scene(s)",
                Observation.progressing("created Indexed Job " + name, Duration.ofSeconds(2)));
    }

    /** Re-creates a last round's Job that vanished before it ended, and keeps the environment's parallelism share. */
    @Override
    public Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished) {
        SceneRound last = rounds.get(rounds.size() - 1);
        Job current = job(job, last.getJobIds().get(0));
        if (current == null && last.getScenes() > 0 && last.getEnded() == null) {
            // created a moment ago and not in the informer yet, or deleted by hand (or by its TTL before an earlier
            // version recorded its end): create again, idempotent; the runner skips scenes whose result says SUCCEEDED
            Optional<String> conflict = createRound(job, env, last, products(job, last),
                    Boolean.TRUE.equals(job.getSpec().getSuspend()));
            return Optional.of(conflict.map(c -> Observation.degraded(ConditionReason.NameConflict, c, resync))
                    .orElseGet(() -> Observation.progressing("waiting for Job " + last.getJobIds().get(0), Duration.ofSeconds(2))));
        }
        if (kueue(env) && Boolean.TRUE.equals(job.getSpec().getSuspend()) && current != null && !RoundEnds.ended(current)) {
            // a Workload Kueue made after the suspension (a round created while suspended) would be admitted otherwise
            setKueueActive(job, last, false);
        }
        adjustParallelism(current, env, last.getScenes());
        return Optional.empty();
    }

    /**
     * Index counts of the round's Job, or what was recorded when it ended once it is gone. Records a round whose every
     * index has ended in its status ({@code SceneRound.ended}).
     */
    @Override
    public RoundCounts observe(Sen2CorJob job, SceneRound round) {
        Job j = job(job, round.getJobIds().get(0));
        if (j == null || j.getStatus() == null) {
            return round.getEnded() != null ? RoundEnds.counts(round.getEnded()) : RoundCounts.allPending(round.getScenes());
        }
        if (round.getEnded() == null && RoundEnds.done(j)) {
            // recorded from the very answer the counts come from: the Job is deleted jobTtlSecondsAfterFinished later
            round.setEnded(RoundEnds.outcome(j));
        }
        return RoundEnds.counts(j);
    }

    @Override
    public Duration resync() {
        return resync;
    }

    /**
     * The API server refused an object the backend built from the spec (400/422, e.g. a mount path the pod already
     * uses): a condition that names the field, rechecked slowly, instead of exceptions until JOSDK gives up.
     */
    @Override
    public Optional<Observation> explain(Sen2CorJob job, RuntimeException e) {
        if (e instanceof KubernetesClientException k && (k.getCode() == 400 || k.getCode() == 422)) {
            String detail = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                    : k.getMessage();
            return Optional.of(Observation.degraded(ConditionReason.InvalidSpec, "the API server refused the scene Job or "
                    + "its manifest built from this spec and the environment: " + detail, resync));
        }
        return Optional.empty();
    }

    /**
     * Suspends the Job (Kubernetes stops its running pods too). Under Kueue, which owns the Job's spec.suspend, its
     * Workload is deactivated instead: Kueue evicts it, suspends the Job and stops its pods.
     */
    @Override
    public Suspension suspend(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        if (kueue(env)) {
            String workload = setKueueActive(job, round, false);
            return new Suspension(workload == null ? null : "deactivated Kueue Workload " + workload + " of Job "
                    + round.getJobIds().get(0) + ": Kueue stops its running pods; their scenes start again on resume",
                    "spec.suspend is true: Kueue Workload deactivated");
        }
        String name = setSuspend(job, round, true);
        return new Suspension(name == null ? null : "suspended Job " + name
                + ": Kubernetes stops its running pods too; their scenes start again on resume", "spec.suspend is true: Job suspended");
    }

    @Override
    public String resume(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        if (kueue(env)) {
            String workload = setKueueActive(job, round, true);
            return workload == null ? null : "reactivated Kueue Workload " + workload + " of Job " + round.getJobIds().get(0);
        }
        String name = setSuspend(job, round, false);
        return name == null ? null : "resumed Job " + name;
    }

    /** Sets spec.active of the Workload of the round's Job; returns the Workload's name when that changed something. */
    private String setKueueActive(Sen2CorJob job, SceneRound round, boolean active) {
        Job current = job(job, round.getJobIds().get(0));
        Optional<String> version = current == null ? Optional.empty() : kueue.version();
        if (version.isEmpty()) {
            return null;
        }
        return kueue.workloadOf(version.get(), current).filter(w -> kueue.setActive(version.get(), w, active))
                .map(w -> w.getMetadata().getName()).orElse(null);
    }

    /** Sets the round's Job's spec.suspend; returns its name when that changed something. */
    private String setSuspend(Sen2CorJob job, SceneRound round, boolean suspend) {
        Job current = job(job, round.getJobIds().get(0));
        if (current == null || Objects.equals(current.getSpec().getSuspend(), suspend)) {
            return null;
        }
        client.batch().v1().jobs().inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName())
                .edit(j -> {
                    j.getSpec().setSuspend(suspend);
                    return j;
                });
        return current.getMetadata().getName();
    }

    private static boolean kueue(BatchEnvironment env) {
        return env.getSpec().getKubernetes().getKueueQueueName() != null;
    }

    /** Creates (or finds) the manifest and the Job of a round; safe to repeat after a restart. */
    private Optional<String> createRound(Sen2CorJob job, BatchEnvironment env, SceneRound scenes, List<String> products,
            boolean suspend) {
        String ns = job.getMetadata().getNamespace();
        int round = scenes.getRound();
        ConfigMap manifest = IndexedJobs.manifest(job, round, products);
        ConfigMap existingManifest = client.configMaps().inNamespace(ns).withName(manifest.getMetadata().getName()).get();
        if (existingManifest != null && !IndexedJobs.ownedBy(existingManifest, job)) {
            return Optional.of("ConfigMap " + ns + "/" + manifest.getMetadata().getName() + " exists and belongs to "
                    + "something else");
        }
        if (existingManifest == null) {
            client.configMaps().inNamespace(ns).resource(manifest).create();
        }
        String name = IndexedJobs.jobName(job, round);
        Job existing = reads.job(ns, name).orElseGet(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get());
        if (existing != null && !IndexedJobs.ownedBy(existing, job)) {
            return Optional.of("Job " + ns + "/" + name + " exists and belongs to something else");
        }
        if (existing == null) {
            boolean kueue = kueue(env);
            try {
                client.batch().v1().jobs().inNamespace(ns).resource(IndexedJobs.job(job, env, round, SceneRound.ON_DEMAND.equals(scenes.getCapacity()), products.size(),
                        kueue ? env.getSpec().getKubernetes().getMaxParallelism() : allowedParallelism(env, ns, name),
                        suspend || kueue, defaultImage)).create();
            } catch (KubernetesClientException e) {
                if (existingManifest == null && (e.getCode() == 400 || e.getCode() == 422)) {
                    // refused for good (see explain): the manifest created for it would be left without its Job
                    client.configMaps().inNamespace(ns).withName(manifest.getMetadata().getName()).delete();
                }
                throw e;
            }
        }
        return Optional.empty();
    }

    /**
     * maxParallelism is shared by the environment's Jobs that may run: unfinished and not suspended (a suspended Job
     * runs no pod, whether a user or Kueue holds it).
     */
    private int allowedParallelism(BatchEnvironment env, String namespace, String self) {
        int max = env.getSpec().getKubernetes().getMaxParallelism();
        int used = environmentJobs(env).stream()
                .filter(j -> !(j.getMetadata().getName().equals(self) && j.getMetadata().getNamespace().equals(namespace))
                        && !RoundEnds.ended(j) && !Boolean.TRUE.equals(j.getSpec().getSuspend()))
                .mapToInt(j -> j.getSpec().getParallelism() == null ? 0 : j.getSpec().getParallelism()).sum();
        return Math.max(0, max - used);
    }

    /** The environment's Jobs, from the informer's cache. */
    private List<Job> environmentJobs(BatchEnvironment env) {
        String name = env.getMetadata().getName();
        return reads.jobs(j -> j.getMetadata().getLabels() != null
                && IndexedJobs.labelValue(name).equals(j.getMetadata().getLabels().get(IndexedJobs.ENVIRONMENT_LABEL)));
    }

    /**
     * Keeps the environment's share. Not under Kueue: Kueue sizes a Workload from parallelism, and a change on an
     * admitted Job makes it evict and requeue the Job, killing its running pods; the queue's quota caps concurrency.
     */
    private void adjustParallelism(Job current, BatchEnvironment env, int scenes) {
        if (current == null || RoundEnds.ended(current) || kueue(env)) {
            return;
        }
        int wanted = Math.min(scenes, allowedParallelism(env, current.getMetadata().getNamespace(), current.getMetadata().getName()));
        if (!Objects.equals(current.getSpec().getParallelism(), wanted)) {
            client.batch().v1().jobs().inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName())
                    .edit(j -> {
                        j.getSpec().setParallelism(wanted);
                        return j;
                    });
        }
    }

    /** The Job of this name that this Sen2CorJob owns; a same-named Job of another one is not its work. */
    private Job job(Sen2CorJob owner, String name) {
        return reads.job(owner.getMetadata().getNamespace(), name).filter(j -> IndexedJobs.ownedBy(j, owner)).orElse(null);
    }

    @Override
    public List<String> products(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        return products(job, round);
    }

    @Override
    public Optional<String> onDemandUnavailable(BatchEnvironment env) {
        return env.getSpec().getKubernetes().getOnDemandNodeSelector() != null ? Optional.empty()
                : Optional.of("BatchEnvironment " + env.getMetadata().getName()
                        + " sets no spec.kubernetes.onDemandNodeSelector");
    }

    private List<String> products(Sen2CorJob job, SceneRound round) {
        if (round.getRound() == 0) {
            return JobScenes.of(job);
        }
        ConfigMap cm = client.configMaps().inNamespace(job.getMetadata().getNamespace())
                .withName(IndexedJobs.manifestName(job, round.getRound())).get();
        return cm == null ? List.of() : cm.getData().get(IndexedJobs.MANIFEST_FILE).lines().filter(l -> !l.isBlank()).toList();
    }

    /** Failed indexes of the round, with the last failed pod's termination reason and the number of attempts. */
    @Override
    public List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        String ns = job.getMetadata().getNamespace();
        Job j = job(job, round.getJobIds().get(0));
        if ((j == null || j.getStatus() == null) && round.getEnded() != null) {
            return recordedFailures(job, round);
        }
        if (j == null || j.getStatus() == null) {
            return List.of();
        }
        List<Integer> indexes = RoundEnds.failedIndexes(j);
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<String> products = products(job, round);
        List<Pod> pods = reads.pods(ns, j.getMetadata().getName());
        List<FailedScene> out = new ArrayList<>();
        for (int index : indexes) {
            List<Pod> attempts = pods.stream().filter(p -> String.valueOf(index).equals(completionIndex(p)))
                    .filter(p -> "Failed".equals(p.getStatus().getPhase()))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
            Pod lastPod = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            String product = index < products.size() ? products.get(index) : "index " + index;
            String podName = lastPod == null ? null : lastPod.getMetadata().getName();
            int interruptions = (int) attempts.stream().filter(KubernetesJobBackend::disrupted).count();
            out.add(new FailedScene(product, lastPod == null ? "failed" : termination(lastPod), podName, false,
                    attempts.size(), podName == null ? null : SceneLog.pod(ns, podName))
                    .withInterruptions(interruptions, lastPod != null && disrupted(lastPod)));
        }
        return out;
    }

    /** The failed scenes of a round whose Job its TTL deleted, from what was recorded when it ended. */
    private List<FailedScene> recordedFailures(Sen2CorJob job, SceneRound round) {
        List<String> products = products(job, round);
        return IndexRanges.parse(round.getEnded().getFailedIndexes()).stream()
                .map(index -> new FailedScene(index < products.size() ? products.get(index) : "index " + index,
                        "failed in round " + round.getRound() + " (its Job has since been deleted, with its pods and logs; "
                                + "the job's report.json keeps the cause)", null, false, null, null))
                .toList();
    }

    /** Taken away by Kubernetes (a Spot node reclaimed, an eviction, a preemption) rather than failed on its own. */
    static boolean disrupted(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> IndexedJobs.DISRUPTION_TARGET.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String completionIndex(Pod p) {
        var labels = p.getMetadata().getLabels();
        var annotations = p.getMetadata().getAnnotations();
        String fromLabel = labels == null ? null : labels.get(IndexedJobs.COMPLETION_INDEX);
        return fromLabel != null ? fromLabel
                : annotations == null ? null : annotations.get(IndexedJobs.COMPLETION_INDEX);
    }

    /** "exit code 3 (Error): product not found" from the runner container's terminated state. */
    static String termination(Pod pod) {
        if (pod.getStatus().getContainerStatuses() != null) {
            for (var cs : pod.getStatus().getContainerStatuses()) {
                var t = cs.getState() == null ? null : cs.getState().getTerminated();
                if (t != null) {
                    return "exit code " + t.getExitCode() + (t.getReason() == null ? "" : " (" + t.getReason() + ")")
                            + (t.getMessage() == null || t.getMessage().isBlank() ? "" : ": " + t.getMessage().strip());
                }
            }
        }
        return pod.getStatus().getReason() != null ? pod.getStatus().getReason() + ": " + pod.getStatus().getMessage() : "failed";
    }

    /** Pods the scheduler could not place for longer than stuckAfter: the scheduler's message says why. */
    @Override
    public Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts counts,
            Instant lastProgress) {
        Instant limit = clock.instant().minus(stuckAfter);
        if (kueue(env)) {
            // a Job Kueue holds is suspended and has no pods: Kueue's Workload says why
            Job current = job(job, round.getJobIds().get(0));
            if (current != null && Boolean.TRUE.equals(current.getSpec().getSuspend()) && !RoundEnds.ended(current)
                    && Instant.parse(current.getMetadata().getCreationTimestamp()).isBefore(limit)) {
                String queue = env.getSpec().getKubernetes().getKueueQueueName();
                Optional<String> why = kueue.version().map(v -> KueueAdmission.whyNotAdmitted(kueue.workloadOf(v, current), queue))
                        .orElseGet(() -> Optional.of("Kueue is not installed in this cluster (no workloads." + KueueApi.GROUP
                                + " API), but the BatchEnvironment names LocalQueue " + queue));
                if (why.isPresent()) {
                    return Optional.of("Job " + current.getMetadata().getName() + " has not started for more than "
                            + stuckAfter.toMinutes() + " min: " + why.get());
                }
            }
        }
        return reads.pods(job.getMetadata().getNamespace(), round.getJobIds().get(0)).stream()
                .filter(p -> "Pending".equals(p.getStatus().getPhase()))
                .filter(p -> Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(limit))
                .flatMap(p -> p.getStatus().getConditions() == null ? Stream.empty() : p.getStatus().getConditions().stream())
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst()
                .map(c -> "scene pods have not been scheduled for more than " + stuckAfter.toMinutes() + " min: "
                        + c.getMessage());
    }

    /** A PVC or ServiceAccount the pods need but the namespace lacks would leave them Pending forever. */
    private Optional<String> missingReference(Sen2CorJob job, BatchEnvironment env) {
        String ns = job.getMetadata().getNamespace();
        var k8s = env.getSpec().getKubernetes();
        List<String> missing = new ArrayList<>();
        if (k8s.getAuxDataClaimName() != null
                && client.persistentVolumeClaims().inNamespace(ns).withName(k8s.getAuxDataClaimName()).get() == null) {
            missing.add("PersistentVolumeClaim " + ns + "/" + k8s.getAuxDataClaimName() + " (auxDataClaimName)");
        }
        if (k8s.getServiceAccountName() != null
                && client.serviceAccounts().inNamespace(ns).withName(k8s.getServiceAccountName()).get() == null) {
            missing.add("ServiceAccount " + ns + "/" + k8s.getServiceAccountName() + " (serviceAccountName)");
        }
        if (k8s.getKueueQueueName() != null) {
            Optional<String> version = kueue.version();
            if (version.isEmpty()) {
                missing.add("Kueue (no workloads." + KueueApi.GROUP + " API in the cluster) for LocalQueue "
                        + k8s.getKueueQueueName() + " (kueueQueueName)");
            } else if (!kueue.localQueueExists(version.get(), ns, k8s.getKueueQueueName())) {
                missing.add("LocalQueue " + ns + "/" + k8s.getKueueQueueName() + " (kueueQueueName)");
            }
        }
        // credentials Secrets are the tenant policy's (validation/TenantPolicy): labelled for jobs, which implies they exist
        return missing.isEmpty() ? Optional.empty() : Optional.of("missing in namespace " + ns + ": " + String.join(", ", missing));
    }

    /**
     * The skip check of spec.scenes.skipExisting, run by a runner pod with the scene pods' identity (the operator has
     * no access to the store here, see {@link OutputTasks}); called on the selection's own threads, which wait for the
     * pod up to {@link #SKIP_CHECK_PATIENCE}. Empty when it cannot tell (the pod failed, or found no room in time):
     * the runner then skips finished scenes itself when they run.
     */
    @Override
    public Optional<Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        String ns = job.getMetadata().getNamespace();
        String key = OutputTasks.skipCheckKey(products);
        String name = OutputTasks.jobName(job, OutputTasks.Task.SKIP_CHECK, key);
        Instant until = clock.instant().plus(SKIP_CHECK_PATIENCE);
        try {
            createTask(job, env, OutputTasks.Task.SKIP_CHECK, key, products, null);
            while (clock.instant().isBefore(until)) {
                Job task = job(job, name);
                if (task != null && RoundEnds.ended(task)) {
                    return skipCheckResult(job, task, products);
                }
                Thread.sleep(SKIP_CHECK_POLL.toMillis());
            }
            LOG.warnf("Sen2CorJob %s/%s: the skip check Job %s did not finish within %d min; submitting every selected "
                    + "scene (the runner skips finished ones)", ns, job.getMetadata().getName(), name, SKIP_CHECK_PATIENCE.toMinutes());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (KubernetesClientException e) {
            LOG.warnf("Sen2CorJob %s/%s: could not run the skip check (%s); submitting every selected scene (the runner "
                    + "skips finished ones)", ns, job.getMetadata().getName(), e.getMessage());
            return Optional.empty();
        } finally {
            deleteTask(job, OutputTasks.Task.SKIP_CHECK, key);
        }
    }

    static final Duration SKIP_CHECK_PATIENCE = Duration.ofMinutes(5);
    static final Duration SKIP_CHECK_POLL = Duration.ofSeconds(1);

    /** The succeeded pod's termination message, decoded; empty (with the reason logged) when the task failed. */
    private Optional<Set<String>> skipCheckResult(Sen2CorJob job, Job task, List<String> products) {
        List<Pod> pods = reads.pods(task.getMetadata().getNamespace(), task.getMetadata().getName());
        Optional<String> message = pods.stream().filter(p -> "Succeeded".equals(p.getStatus().getPhase()))
                .flatMap(p -> p.getStatus().getContainerStatuses() == null ? Stream.empty() : p.getStatus().getContainerStatuses().stream())
                .map(c -> c.getState() == null || c.getState().getTerminated() == null ? null : c.getState().getTerminated().getMessage())
                .filter(Objects::nonNull).findFirst();
        String why;
        if (message.isPresent()) {
            try {
                return Optional.of(SucceededScenes.decode(products, message.get()));
            } catch (IllegalArgumentException e) {
                why = e.getMessage();
            }
        } else {
            why = pods.stream().filter(p -> "Failed".equals(p.getStatus().getPhase())).reduce((a, b) -> b)
                    .map(KubernetesJobBackend::termination).orElse("the Job failed without a pod result");
        }
        LOG.warnf("Sen2CorJob %s/%s: the skip check could not read the output's result records (%s); submitting every "
                + "selected scene (the runner skips finished ones)", job.getMetadata().getNamespace(), job.getMetadata().getName(), why);
        return Optional.empty();
    }

    /** The STAC collection and report.json of the finished job, written by a runner pod ({@link OutputTasks}). */
    @Override
    public void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        List<SceneRound> rounds = JobRounds.read(job.getStatus());
        createTask(job, env, OutputTasks.Task.CATALOG, OutputTasks.catalogKey(rounds.isEmpty() ? 0 : rounds.size() - 1),
                JobScenes.of(job), json);
    }

    /** Creates the task's ConfigMap and Job unless this job already has them (a repeat after a restart). */
    private void createTask(Sen2CorJob job, BatchEnvironment env, OutputTasks.Task task, String key, List<String> products,
            String report) {
        String ns = job.getMetadata().getNamespace();
        ConfigMap manifest = OutputTasks.manifest(job, task, key, products, report);
        if (client.configMaps().inNamespace(ns).withName(manifest.getMetadata().getName()).get() == null) {
            client.configMaps().inNamespace(ns).resource(manifest).create();
        }
        String name = OutputTasks.jobName(job, task, key);
        if (client.batch().v1().jobs().inNamespace(ns).withName(name).get() == null) {
            client.batch().v1().jobs().inNamespace(ns).resource(OutputTasks.job(job, env, task, key,
                    manifest.getData().containsKey(OutputTasks.REPORT_FILE), defaultImage)).create();
        }
    }

    private void deleteTask(Sen2CorJob job, OutputTasks.Task task, String key) {
        String ns = job.getMetadata().getNamespace();
        try {
            client.batch().v1().jobs().inNamespace(ns).withName(OutputTasks.jobName(job, task, key))
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
            client.configMaps().inNamespace(ns).withName(OutputTasks.manifestName(job, task, key)).delete();
        } catch (KubernetesClientException e) {
            // owned by the Sen2CorJob: garbage collection removes them with it at the latest
            LOG.debugf("could not delete the %s task of %s/%s: %s", task, ns, job.getMetadata().getName(), e.getMessage());
        }
    }

    /**
     * The vCPU-seconds of every scene pod of every round, from its runner container's start and finish, times the
     * vCPUs it reserved (from the informer cache); the catalog task's pod is not a scene's.
     */
    @Override
    public Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        Usage usage = Usage.none();
        int vcpus = job.getSpec().getResources().getVcpus();
        for (SceneRound round : JobRounds.read(job.getStatus())) {
            if (round.getJobIds().isEmpty()) {
                continue;
            }
            String capacity = Capacity.of(env, SceneRound.ON_DEMAND.equals(round.getCapacity()));
            for (Pod pod : reads.pods(job.getMetadata().getNamespace(), round.getJobIds().get(0))) {
                double seconds = runSeconds(pod);
                if (seconds > 0) {
                    usage = usage.plus(capacity, seconds * vcpus);
                }
            }
        }
        return Optional.of(usage);
    }

    /** How long the pod's runner container ran, from its terminated state; 0 when it has not finished. */
    static double runSeconds(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return 0;
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> IndexedJobs.CONTAINER.equals(c.getName()) && c.getState() != null && c.getState().getTerminated() != null)
                .mapToDouble(c -> {
                    var t = c.getState().getTerminated();
                    if (t.getStartedAt() == null || t.getFinishedAt() == null) {
                        return 0;
                    }
                    return java.time.Duration.between(java.time.Instant.parse(t.getStartedAt()),
                            java.time.Instant.parse(t.getFinishedAt())).toMillis() / 1000.0;
                }).sum();
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        return Observation.ready("Jobs and manifests are removed by garbage collection (owner references)");
    }
}
