package io.sen2cor.operator.k8s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.KubernetesBackendSpec;
import io.sen2cor.operator.api.RoundOutcome;
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
import io.sen2cor.operator.work.SceneChunks;
import io.sen2cor.operator.work.Usage;
import org.jboss.logging.Logger;

/**
 * The {@code kubernetes} backend of Sen2CorJobs: per round an Indexed Job and its manifest ConfigMap, or one of each
 * per 10,000 scenes in a larger round ({@link RoundParts}, {@link IndexedJobs}), owned by the Sen2CorJob so garbage
 * collection removes them with it. Jobs and pods are read from
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
    private final PartEnds partEnds;
    private final int scenesPerJob;

    public KubernetesJobBackend(KubernetesClient client, KubernetesReads reads, String defaultImage, Duration stuckAfter,
            Duration resync, Clock clock) {
        this(client, reads, defaultImage, stuckAfter, resync, clock, SceneChunks.SIZE);
    }

    /** @param scenesPerJob the most scenes one Indexed Job runs; a round with more is split ({@link RoundParts}) */
    public KubernetesJobBackend(KubernetesClient client, KubernetesReads reads, String defaultImage, Duration stuckAfter,
            Duration resync, Clock clock, int scenesPerJob) {
        this.client = client;
        this.reads = reads;
        this.kueue = new KueueApi(client);
        this.tasks = new OutputTaskRunner(client, reads, defaultImage, scenesPerJob);
        this.roundJobs = new RoundJobs(client, reads, kueue, defaultImage);
        this.partEnds = new PartEnds(client);
        this.scenesPerJob = scenesPerJob;
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

    /** Every Job of the round is created once it is named (its creation is repeated until the informer sees it). */
    @Override
    public boolean submitted(SceneRound round) {
        return round.getJobIds().size() >= RoundParts.count(round.getScenes(), scenesPerJob);
    }

    /**
     * A selection above 10,000 ids, kept in the cluster as round 0's manifests: one gzip'd ConfigMap per Job of
     * {@link RoundParts}, owned by the job (about 120 KB per 10,000 ids). Status keeps the first one's name.
     */
    @Override
    public Optional<String> keepSelection(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        List<RoundParts.Part> parts = RoundParts.of(job, 0, products.size(), scenesPerJob);
        for (RoundParts.Part part : parts) {
            // a same-named ConfigMap of something else: ManifestProblem, a NameConflict condition (explain)
            roundJobs.writeManifest(job, 0, part, part.of(products));
        }
        return Optional.of(RoundParts.uri(job, parts.get(0)));
    }

    /**
     * Writes every manifest of a new round, then creates its Jobs, all in this call: their names are fixed and a
     * repeat finds what exists, so nothing waits for status between them (a round half created would be neither
     * observed nor suspended), and the names reach status together.
     */
    @Override
    public Submission submit(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, SceneRound round,
            List<String> products) {
        List<RoundParts.Part> parts = parts(job, round);
        String nothing = round.getJobIds().isEmpty() ? "; nothing was created for this Sen2CorJob" : "";
        if (round.getManifestUri() == null) {
            String kept = round.getRound() == 0 ? JobScenes.keptAt(job) : null;
            if (kept == null && products.size() == round.getScenes()) {
                for (RoundParts.Part part : parts) {
                    roundJobs.writeManifest(job, round.getRound(), part, part.of(products));
                }
            } else {
                // kept at selection, or a continuation without the scene list: the manifests must be there, this job's
                parts.forEach(part -> roundJobs.manifest(job, part));
            }
            round.setManifestUri(kept != null ? kept : RoundParts.uri(job, parts.get(0)));
        }
        List<String> created = new ArrayList<>();
        for (RoundParts.Part part : parts.subList(Math.min(round.getJobIds().size(), parts.size()), parts.size())) {
            Optional<String> conflict = roundJobs.createPart(job, env, round, part, false);
            if (conflict.isPresent()) {
                return new Submission(created.isEmpty() ? null : createdEvent(created, parts, round),
                        Observation.degraded(ConditionReason.NameConflict, conflict.get() + nothing, resync));
            }
            round.getJobIds().add(part.jobName());
            created.add(part.jobName());
        }
        return new Submission(created.isEmpty() ? null : createdEvent(created, parts, round),
                Observation.progressing("created Indexed Job " + listed(round.getJobIds()), Duration.ofSeconds(2)));
    }

    private static String createdEvent(List<String> created, List<RoundParts.Part> parts, SceneRound round) {
        if (parts.size() == 1) {
            return "created Indexed Job " + created.get(0) + " for " + round.getScenes() + " scene(s)";
        }
        return "created " + created.size() + " Indexed Job(s) " + listed(created) + " for " + round.getScenes()
                + " scenes, one per " + parts.get(0).size() + " (the environment's parallelism goes to them in order)";
    }

    /**
     * Re-creates the last round's Jobs that vanished before they ended, and keeps the environment's parallelism share
     * across them in order (a split round's next Job starts as the one before it runs out of indexes).
     */
    @Override
    public Optional<Observation> refresh(Sen2CorJob job, BatchEnvironment env, List<SceneRound> rounds, boolean finished) {
        SceneRound last = rounds.get(rounds.size() - 1);
        boolean suspend = Boolean.TRUE.equals(job.getSpec().getSuspend());
        List<RoundParts.Part> parts = parts(job, last);
        Optional<Observation> waiting = Optional.empty();
        Map<String, Integer> justSet = new HashMap<>();
        for (int k = 0; k < last.getJobIds().size() && k < parts.size(); k++) {
            RoundParts.Part part = parts.get(k);
            Job current = job(job, part.jobName());
            if (current == null && part.size() > 0 && !ended(job, last, part)) {
                // created a moment ago and not in the informer yet, or deleted by hand (or by its TTL before an earlier
                // version recorded its end): create again, idempotent; the runner skips scenes whose result says SUCCEEDED
                if (last.getRound() == 0 && JobScenes.keptAt(job) == null) {
                    // round 0's scenes are in the spec (or status): its manifest can be written again
                    roundJobs.writeManifest(job, 0, part, part.of(JobScenes.of(job)));
                }
                Optional<String> problem = roundJobs.createPart(job, env, last, part, suspend);
                if (problem.isPresent()) {
                    return Optional.of(Observation.degraded(ConditionReason.NameConflict, problem.get(), resync));
                }
                waiting = waiting.or(() -> Optional.of(Observation.progressing("waiting for Job " + part.jobName(), Duration.ofSeconds(2))));
                continue;
            }
            if (RoundJobs.kueue(env) && suspend && current != null && !RoundEnds.ended(current)) {
                // a Workload Kueue made after the suspension (a round created while suspended) would be admitted otherwise
                roundJobs.setKueueActive(job, part.jobName(), false);
            }
            roundJobs.adjustParallelism(current, env, justSet);
        }
        return waiting;
    }

    /**
     * Index counts of the round's Jobs, or what was recorded when they ended once they are gone. Records each Job's
     * end when every one of its indexes has ended (a one-Job round in its status, {@code SceneRound.ended}; a split
     * round per Job in {@link PartEnds}, and its totals in status once all have ended).
     */
    @Override
    public RoundCounts observe(Sen2CorJob job, SceneRound round) {
        List<RoundParts.Part> parts = parts(job, round);
        if (!parts.get(0).compressed()) {
            Job j = round.getJobIds().isEmpty() ? null : job(job, round.getJobIds().get(0));
            if (j == null || j.getStatus() == null) {
                return round.getEnded() != null ? RoundEnds.counts(round.getEnded()) : RoundCounts.allPending(round.getScenes());
            }
            if (round.getEnded() == null && RoundEnds.done(j)) {
                // recorded from the very answer the counts come from: the Job is deleted jobTtlSecondsAfterFinished later
                round.setEnded(RoundEnds.outcome(j));
            }
            return RoundEnds.counts(j);
        }
        if (round.getEnded() != null) {
            return RoundEnds.counts(round.getEnded());
        }
        RoundCounts sum = RoundCounts.NONE;
        RoundOutcome total = new RoundOutcome();
        total.setSucceeded(0);
        total.setFailed(0);
        boolean allEnded = true;
        for (RoundParts.Part part : parts) {
            if (part.index() >= round.getJobIds().size()) {
                sum = sum.plus(RoundCounts.allPending(part.size()));
                allEnded = false;
                continue;
            }
            Optional<RoundOutcome> recorded = partEnds.get(job, round.getRound(), part.index());
            Job j = job(job, part.jobName());
            if (j != null && j.getStatus() != null) {
                if (recorded.isEmpty() && RoundEnds.done(j)) {
                    recorded = Optional.of(RoundEnds.outcome(j));
                    partEnds.put(job, round.getRound(), part.index(), recorded.get());
                }
                sum = sum.plus(RoundEnds.counts(j));
            } else {
                sum = sum.plus(recorded.map(RoundEnds::counts).orElse(RoundCounts.allPending(part.size())));
            }
            if (recorded.isPresent()) {
                total.setSucceeded(total.getSucceeded() + recorded.get().getSucceeded());
                total.setFailed(total.getFailed() + recorded.get().getFailed());
            } else {
                allEnded = false;
            }
        }
        if (allEnded) {
            // the failed indexes stay in PartEnds: status keeps the totals only
            round.setEnded(total);
        }
        return sum;
    }

    /** Whether a Job of the round was seen ended (its record outlives it). */
    private boolean ended(Sen2CorJob job, SceneRound round, RoundParts.Part part) {
        return round.getEnded() != null || part.compressed() && partEnds.get(job, round.getRound(), part.index()).isPresent();
    }

    private List<RoundParts.Part> parts(Sen2CorJob job, SceneRound round) {
        return RoundParts.of(job, round.getRound(), round.getScenes(), scenesPerJob);
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
        if (e instanceof ManifestProblem m) {
            return Optional.of(Observation.degraded(m.reason(), m.getMessage(), resync));
        }
        if (e instanceof KubernetesClientException k && (k.getCode() == 400 || k.getCode() == 422)) {
            String detail = k.getStatus() != null && k.getStatus().getMessage() != null ? k.getStatus().getMessage()
                    : k.getMessage();
            return Optional.of(Observation.degraded(ConditionReason.InvalidSpec, "the API server refused the scene Job or "
                    + "its manifest built from this spec and the environment: " + detail, resync));
        }
        return Optional.empty();
    }

    /**
     * Suspends the round's Jobs (Kubernetes stops their running pods too). Under Kueue, which owns a Job's
     * spec.suspend, their Workloads are deactivated instead: Kueue evicts them, suspends the Jobs and stops their pods.
     */
    @Override
    public Suspension suspend(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        if (RoundJobs.kueue(env)) {
            List<String> workloads = changed(round, name -> roundJobs.setKueueActive(job, name, false));
            return new Suspension(workloads.isEmpty() ? null : "deactivated Kueue Workload " + listed(workloads) + " of Job "
                    + listed(round.getJobIds()) + ": Kueue stops its running pods; their scenes start again on resume",
                    "spec.suspend is true: Kueue Workload deactivated");
        }
        List<String> names = changed(round, name -> roundJobs.setSuspend(job, name, true));
        return new Suspension(names.isEmpty() ? null : "suspended Job " + listed(names)
                + ": Kubernetes stops its running pods too; their scenes start again on resume", "spec.suspend is true: Job suspended");
    }

    @Override
    public String resume(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        if (RoundJobs.kueue(env)) {
            List<String> workloads = changed(round, name -> roundJobs.setKueueActive(job, name, true));
            return workloads.isEmpty() ? null : "reactivated Kueue Workload " + listed(workloads) + " of Job " + listed(round.getJobIds());
        }
        List<String> names = changed(round, name -> roundJobs.setSuspend(job, name, false));
        return names.isEmpty() ? null : "resumed Job " + listed(names);
    }

    /** {@code change} applied to each of the round's Jobs: the names it returned, those it changed something for. */
    private static List<String> changed(SceneRound round, Function<String, String> change) {
        return round.getJobIds().stream().map(change).filter(Objects::nonNull).toList();
    }

    /** "a", or "a, b, c and 97 more": a split round has up to 100 Jobs. */
    static String listed(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
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

    /** The round's scenes in order: the spec (or status) for a one-Job round 0, else its Jobs' manifests. */
    private List<String> products(Sen2CorJob job, SceneRound round) {
        List<RoundParts.Part> parts = parts(job, round);
        if (round.getRound() == 0 && JobScenes.keptAt(job) == null) {
            return JobScenes.of(job);
        }
        if (parts.size() == 1) {
            return partScenes(job, parts.get(0));
        }
        List<String> all = new ArrayList<>(round.getScenes());
        parts.forEach(part -> all.addAll(partScenes(job, part)));
        return all;
    }

    /** One Job's scenes, from its manifest (a {@link ManifestProblem} when it is gone: no scene is made up). */
    private List<String> partScenes(Sen2CorJob job, RoundParts.Part part) {
        return RoundParts.scenes(roundJobs.manifest(job, part));
    }

    /**
     * Failed indexes of the round's Jobs, with the last failed pod's termination reason and the number of attempts;
     * from the recorded end once a Job is gone. Only the manifests of Jobs with failures are read.
     */
    @Override
    public List<FailedScene> failedScenes(Sen2CorJob job, BatchEnvironment env, SceneRound round) {
        String ns = job.getMetadata().getNamespace();
        List<RoundParts.Part> parts = parts(job, round);
        List<FailedScene> out = new ArrayList<>();
        for (RoundParts.Part part : parts) {
            if (part.index() >= round.getJobIds().size()) {
                break;
            }
            Job j = job(job, part.jobName());
            if (j != null && j.getStatus() != null) {
                List<Integer> indexes = RoundEnds.failedIndexes(j);
                if (!indexes.isEmpty()) {
                    out.addAll(PodFailures.of(ns, indexes, scenesOf(job, round, part), reads.pods(ns, part.jobName())));
                }
                continue;
            }
            Optional<RoundOutcome> ended = part.compressed() ? partEnds.get(job, round.getRound(), part.index())
                    : Optional.ofNullable(round.getEnded());
            if (ended.isPresent() && ended.get().getFailedIndexes() != null) {
                out.addAll(PodFailures.recorded(round.getRound(), ended.get(), scenesOf(job, round, part)));
            }
        }
        return out;
    }

    private List<String> scenesOf(Sen2CorJob job, SceneRound round, RoundParts.Part part) {
        return part.compressed() ? partScenes(job, part) : products(job, round);
    }

    /** Pods the scheduler could not place for longer than stuckAfter: the scheduler's message says why. */
    @Override
    public Optional<String> notStarting(Sen2CorJob job, BatchEnvironment env, SceneRound round, SceneCounts counts,
            Instant lastProgress) {
        Instant limit = clock.instant().minus(stuckAfter);
        if (RoundJobs.kueue(env)) {
            // a Job Kueue holds is suspended and has no pods: Kueue's Workload says why. Of a split round only the
            // first unfinished Job: the later ones wait for the queue's quota that the earlier ones use
            Job current = round.getJobIds().stream().map(name -> job(job, name))
                    .filter(j -> j != null && !RoundEnds.ended(j)).findFirst().orElse(null);
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
        return round.getJobIds().stream().flatMap(name -> reads.pods(job.getMetadata().getNamespace(), name).stream())
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
    public void release(Sen2CorJob job) {
        partEnds.forget(job);
    }

    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        partEnds.forget(job);
        return Observation.ready("Jobs and manifests are removed by garbage collection (owner references)");
    }
}
