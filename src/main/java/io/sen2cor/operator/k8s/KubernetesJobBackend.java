package io.sen2cor.operator.k8s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.KubernetesBackendSpec;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.FailedScene;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.RoundCounts;
import io.sen2cor.operator.backend.Submission;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.work.JobScenes;
import io.sen2cor.operator.work.Usage;
import org.jboss.logging.Logger;

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
    private final OutputTaskRunner tasks;
    private final RoundJobs roundJobs;

    public KubernetesJobBackend(KubernetesClient client, KubernetesReads reads, String defaultImage, Duration stuckAfter,
            Duration resync, Clock clock) {
        this.client = client;
        this.reads = reads;
        this.kueue = new KueueApi(client);
        this.tasks = new OutputTaskRunner(client, reads, defaultImage);
        this.roundJobs = new RoundJobs(client, reads, kueue, defaultImage);
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
        String ns = job.getMetadata().getNamespace();
        var k8s = env.getSpec().getKubernetes();
        List<String> missing = missingReferences(ns, k8s);
        Optional<String> multiKueue = Optional.empty();
        String queue = k8s.getKueueQueueName();
        if (queue != null) {
            // Kueue's version and the LocalQueue read once: both checks below need them
            Optional<String> version = kueue.version();
            Optional<GenericKubernetesResource> localQueue = version.flatMap(v -> kueue.localQueue(v, ns, queue));
            if (version.isEmpty()) {
                missing.add("Kueue (no workloads." + KueueApi.GROUP + " API in the cluster) for LocalQueue " + queue
                        + " (kueueQueueName)");
            } else if (localQueue.isEmpty()) {
                missing.add("LocalQueue " + ns + "/" + queue + " (kueueQueueName)");
            } else {
                multiKueue = kueue.multiKueueCheck(version.get(), localQueue.get());
            }
        }
        if (!missing.isEmpty()) {
            return Optional.of(Observation.degraded(ConditionReason.MissingKubernetesReference, "missing in namespace " + ns
                    + ": " + String.join(", ", missing) + "; nothing was created", resync));
        }
        return multiKueue.map(why -> Observation.degraded(ConditionReason.InvalidSpec, "Kueue LocalQueue " + queue + ": " + why
                + ", which dispatches Jobs to worker clusters; the Kubernetes backend does not support MultiKueue "
                + "(the scene pods' manifest, Secrets, ServiceAccount and PVC exist only in this cluster); "
                + "nothing was created", resync));
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
        Optional<String> conflict = roundJobs.createRound(job, env, round, products, false);
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
            Optional<String> conflict = roundJobs.createRound(job, env, last, products(job, last),
                    Boolean.TRUE.equals(job.getSpec().getSuspend()));
            return Optional.of(conflict.map(c -> Observation.degraded(ConditionReason.NameConflict, c, resync))
                    .orElseGet(() -> Observation.progressing("waiting for Job " + last.getJobIds().get(0), Duration.ofSeconds(2))));
        }
        if (RoundJobs.kueue(env) && Boolean.TRUE.equals(job.getSpec().getSuspend()) && current != null && !RoundEnds.ended(current)) {
            // a Workload Kueue made after the suspension (a round created while suspended) would be admitted otherwise
            roundJobs.setKueueActive(job, last, false);
        }
        roundJobs.adjustParallelism(current, env, last.getScenes());
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
        if (RoundJobs.kueue(env)) {
            String workload = roundJobs.setKueueActive(job, round, false);
            return new Suspension(workload == null ? null : "deactivated Kueue Workload " + workload + " of Job "
                    + round.getJobIds().get(0) + ": Kueue stops its running pods; their scenes start again on resume",
                    "spec.suspend is true: Kueue Workload deactivated");
        }
        String name = roundJobs.setSuspend(job, round, true);
        return new Suspension(name == null ? null : "suspended Job " + name
                + ": Kubernetes stops its running pods too; their scenes start again on resume", "spec.suspend is true: Job suspended");
    }

    @Override
    public String resume(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        if (RoundJobs.kueue(env)) {
            String workload = roundJobs.setKueueActive(job, round, true);
            return workload == null ? null : "reactivated Kueue Workload " + workload + " of Job " + round.getJobIds().get(0);
        }
        String name = roundJobs.setSuspend(job, round, false);
        return name == null ? null : "resumed Job " + name;
    }

    private Job job(Sen2CorJob owner, String name) {
        return IndexedJobs.owned(reads, owner, name);
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
            return PodFailures.recorded(round, products(job, round));
        }
        if (j == null || j.getStatus() == null) {
            return List.of();
        }
        List<Integer> indexes = RoundEnds.failedIndexes(j);
        if (indexes.isEmpty()) {
            return List.of();
        }
        return PodFailures.of(ns, indexes, products(job, round), reads.pods(ns, j.getMetadata().getName()));
    }

    /** Pods the scheduler could not place for longer than stuckAfter: the scheduler's message says why. */
    @Override
    public Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts counts,
            Instant lastProgress) {
        Instant limit = clock.instant().minus(stuckAfter);
        if (RoundJobs.kueue(env)) {
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
                            + patience() + ": " + why.get());
                }
            }
        }
        return reads.pods(job.getMetadata().getNamespace(), round.getJobIds().get(0)).stream()
                .filter(p -> "Pending".equals(p.getStatus().getPhase()))
                .filter(p -> Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(limit))
                .flatMap(p -> p.getStatus().getConditions() == null ? Stream.empty() : p.getStatus().getConditions().stream())
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst()
                .map(c -> "scene pods have not been scheduled for more than " + patience() + ": "
                        + c.getMessage());
    }

    /** unschedulable-after as people write it: "15 min", or seconds below a minute. */
    private String patience() {
        return stuckAfter.toMinutes() > 0 ? stuckAfter.toMinutes() + " min" : stuckAfter.toSeconds() + " s";
    }

    /** A PVC or ServiceAccount the pods need but the namespace lacks would leave them Pending forever. */
    private List<String> missingReferences(String ns, KubernetesBackendSpec k8s) {
        List<String> missing = new ArrayList<>();
        if (k8s.getAuxDataClaimName() != null
                && client.persistentVolumeClaims().inNamespace(ns).withName(k8s.getAuxDataClaimName()).get() == null) {
            missing.add("PersistentVolumeClaim " + ns + "/" + k8s.getAuxDataClaimName() + " (auxDataClaimName)");
        }
        if (k8s.getServiceAccountName() != null
                && client.serviceAccounts().inNamespace(ns).withName(k8s.getServiceAccountName()).get() == null) {
            missing.add("ServiceAccount " + ns + "/" + k8s.getServiceAccountName() + " (serviceAccountName)");
        }
        // credentials Secrets are the tenant policy's (validation/TenantPolicy): labelled for jobs, which implies they exist
        return missing;
    }

    @Override
    public Optional<Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        return tasks.succeededScenes(job, env, products);
    }

    @Override
    public void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        tasks.publish(job, env, json);
    }

    @Override
    public Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        return tasks.published(job, env);
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        return Observation.ready("Jobs and manifests are removed by garbage collection (owner references)");
    }
}
