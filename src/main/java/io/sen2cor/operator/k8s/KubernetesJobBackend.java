package io.sen2cor.operator.k8s;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.BatchRound;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.KubernetesJobsStatus;
import io.sen2cor.operator.api.SceneCounts;
import io.sen2cor.operator.api.SceneFailure;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.BackendType;
import io.sen2cor.operator.backend.JobBackend;
import io.sen2cor.operator.backend.JobProgress;
import io.sen2cor.operator.backend.JobSnapshot;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.backend.SceneRollup;
import io.sen2cor.operator.status.EventSink;
import io.sen2cor.operator.status.Reason;

/**
 * The {@code kubernetes} backend of Sen2CorJobs: per round a manifest ConfigMap and an Indexed Job (see
 * {@link IndexedJobs}), owned by the Sen2CorJob so garbage collection removes them with it. Job status is read from
 * an informer, rolled up into the same status shape as the AWS Batch backend (via {@link SceneRollup}), failures
 * come from the failed pods' termination state, and parallelism is shared across the environment's jobs.
 */
public class KubernetesJobBackend implements JobBackend {

    private final KubernetesClient client;
    private final EventSink events;
    private final String defaultImage;
    private final Duration stuckAfter;
    private final Clock clock;
    private volatile InformerEventSource<Job, Sen2CorJob> jobs;

    public KubernetesJobBackend(KubernetesClient client, EventSink events, String defaultImage, Duration stuckAfter,
            Clock clock) {
        this.client = client;
        this.events = events;
        this.defaultImage = defaultImage;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    @Override
    public BackendType type() {
        return BackendType.KUBERNETES;
    }

    @Override
    public List<EventSource<?, Sen2CorJob>> eventSources(EventSourceContext<Sen2CorJob> context) {
        var config = InformerEventSourceConfiguration.from(Job.class, Sen2CorJob.class)
                .withLabelSelector(IndexedJobs.MANAGED_BY + "=" + IndexedJobs.OPERATOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Sen2CorJob.class, false))
                .build();
        jobs = new InformerEventSource<>(config, context);
        return List.of(jobs);
    }

    @Override
    public Observation reconcile(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status) {
        KubernetesJobsStatus k = status.getKubernetes() == null ? new KubernetesJobsStatus() : status.getKubernetes();
        status.setKubernetes(k);
        String ns = job.getMetadata().getNamespace();
        boolean suspend = Boolean.TRUE.equals(job.getSpec().getSuspend());

        if (k.getRounds().isEmpty()) {
            if (suspend) {
                status.setPhase(JobPhase.Pending);
                return new Observation(Observation.State.READY, Reason.Suspended, "spec.suspend is true: nothing is started", null);
            }
            Optional<String> missing = missingReference(job, env);
            if (missing.isPresent()) {
                return Observation.degraded(Reason.MissingKubernetesReference, missing.get() + "; nothing was created",
                        Duration.ofMinutes(1));
            }
            return start(job, env, status, k, "Initial", job.getSpec().getProducts());
        }

        if (JobProgress.settled(job, status)) {
            // finished: the Job may be gone (deleted by hand or by a TTL) and its pods with it; the status is final
            return JobProgress.finished(status.getPhase(), status.getScenes());
        }
        BatchRound last = k.getRounds().get(k.getRounds().size() - 1);
        Job current = job(ns, last.getJobIds().get(0));
        if (current == null && last.getScenes() > 0 && status.getCompletionTime() == null) {
            // created a moment ago and not in the informer yet, or deleted by hand: create again (idempotent)
            createRound(job, env, last.getRound(), products(job, last), suspend);
            return Observation.progressing("waiting for Job " + last.getJobIds().get(0), Duration.ofSeconds(2));
        }
        boolean kueue = env.getSpec().getKubernetes().getKueueQueueName() != null;
        // with Kueue, Kueue owns spec.suspend (it suspends and admits Jobs); the operator leaves it alone
        if (current != null && !kueue && !Objects.equals(current.getSpec().getSuspend(), suspend)) {
            boolean target = suspend;
            client.batch().v1().jobs().inNamespace(ns).withName(current.getMetadata().getName())
                    .edit(j -> {
                        j.getSpec().setSuspend(target);
                        return j;
                    });
            events.record(job, suspend ? Reason.JobsCancelled : Reason.JobSubmitted, (suspend ? "suspended" : "resumed")
                    + " Job " + current.getMetadata().getName() + (suspend
                            ? ": Kubernetes stops its running pods too; their scenes start again on resume" : ""));
        }
        adjustParallelism(current, env, last.getScenes());

        SceneCounts before = status.getScenes();
        SceneCounts counts = SceneRollup.rollUp(job.getSpec().getProducts().size(), k.getRounds(),
                name -> snapshot(ns, name, k));
        JobProgress.record(status, counts, now());
        List<Failed> failed = List.of();
        if (JobProgress.needsFailureDetail(before, counts, status)) {
            failed = failedScenes(job, last);
            status.setFailures(failed.isEmpty() ? null : bounded(failed));
        } else if (counts.getFailed() == 0) {
            status.setFailures(null);
        }

        if (JobProgress.active(counts)) {
            status.setPhase(JobPhase.Running);
            if (suspend) {
                return new Observation(Observation.State.READY, Reason.Suspended, kueue
                        ? "spec.suspend is not applied: Kueue manages this Job's suspension; deactivate its Workload instead"
                        : "spec.suspend is true: Job suspended", null);
            }
            return unschedulable(job, last).orElseGet(() -> new Observation(Observation.State.READY, Reason.Ready,
                    JobProgress.runningMessage(counts), Duration.ofMinutes(1)));
        }
        if (JobProgress.takeRetryRequest(job, status) && !failed.isEmpty()) {
            status.setCompletionTime(null);
            return start(job, env, status, k, "RetryFailed", failed.stream().map(Failed::product).toList());
        }
        JobPhase phase = SceneRollup.phase(counts, false);
        if (JobProgress.finish(status, phase, now())) {
            events.record(job, JobProgress.finishedReason(phase), JobProgress.finishedEvent(phase, counts));
        }
        return JobProgress.finished(phase, counts);
    }

    private Observation start(Sen2CorJob job, BatchEnvironment env, Sen2CorJobStatus status, KubernetesJobsStatus k,
            String cause, List<String> products) {
        BatchRound round = new BatchRound();
        round.setRound(k.getRounds().size());
        round.setCause(cause);
        round.setScenes(products.size());
        round.setJobIds(new ArrayList<>(List.of(IndexedJobs.jobName(job, round.getRound()))));
        round.setManifestUri("configmap://" + job.getMetadata().getNamespace() + "/" + IndexedJobs.manifestName(job, round.getRound()));
        createRound(job, env, round.getRound(), products, false);
        k.getRounds().add(round);
        if (status.getStartTime() == null) {
            status.setStartTime(now());
        }
        status.setPhase(JobPhase.Running);
        events.record(job, Reason.JobSubmitted, "created Indexed Job " + round.getJobIds().get(0) + " for " + products.size()
                + " scene(s)" + (round.getRound() > 0 ? ", round " + round.getRound() + " (" + cause + ")" : ""));
        return Observation.progressing("created Indexed Job " + round.getJobIds().get(0), Duration.ofSeconds(2));
    }

    /** Creates (or finds) the manifest and the Job of a round; safe to repeat after a restart. */
    private void createRound(Sen2CorJob job, BatchEnvironment env, int round, List<String> products, boolean suspend) {
        String ns = job.getMetadata().getNamespace();
        ConfigMap manifest = IndexedJobs.manifest(job, round, products);
        if (client.configMaps().inNamespace(ns).withName(manifest.getMetadata().getName()).get() == null) {
            client.configMaps().inNamespace(ns).resource(manifest).create();
        }
        String name = IndexedJobs.jobName(job, round);
        if (job(ns, name) == null && client.batch().v1().jobs().inNamespace(ns).withName(name).get() == null) {
            boolean kueue = env.getSpec().getKubernetes().getKueueQueueName() != null;
            client.batch().v1().jobs().inNamespace(ns).resource(IndexedJobs.job(job, env, round, products.size(),
                    allowedParallelism(env, ns, name), suspend || kueue, defaultImage)).create();
        }
    }

    /** maxParallelism is shared by the environment's unfinished Jobs. */
    private int allowedParallelism(BatchEnvironment env, String namespace, String self) {
        int max = env.getSpec().getKubernetes().getMaxParallelism();
        int used = environmentJobs(env).stream()
                .filter(j -> !(j.getMetadata().getName().equals(self) && j.getMetadata().getNamespace().equals(namespace))
                        && !finished(j))
                .mapToInt(j -> j.getSpec().getParallelism() == null ? 0 : j.getSpec().getParallelism()).sum();
        return Math.max(0, max - used);
    }

    /** The environment's Jobs: from the informer's cache when running in the operator (no API call per reconcile). */
    private List<Job> environmentJobs(BatchEnvironment env) {
        String name = env.getMetadata().getName();
        if (jobs != null) {
            return jobs.list(j -> j.getMetadata().getLabels() != null
                    && name.equals(j.getMetadata().getLabels().get(IndexedJobs.ENVIRONMENT_LABEL))).toList();
        }
        return client.batch().v1().jobs().inAnyNamespace().withLabel(IndexedJobs.ENVIRONMENT_LABEL, name).list().getItems();
    }

    private void adjustParallelism(Job current, BatchEnvironment env, int scenes) {
        if (current == null || finished(current)) {
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

    private static boolean finished(Job j) {
        return j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType())) && "True".equals(c.getStatus()));
    }

    private Job job(String ns, String name) {
        if (jobs != null) {
            return jobs.get(new ResourceID(name, ns)).orElse(null);
        }
        return client.batch().v1().jobs().inNamespace(ns).withName(name).get();
    }

    /** The Job's state in the shared snapshot vocabulary: index counts from completedIndexes / failedIndexes. */
    private JobSnapshot snapshot(String ns, String name, KubernetesJobsStatus k) {
        Job j = job(ns, name);
        if (j == null || j.getStatus() == null) {
            return null;
        }
        var s = j.getStatus();
        int succeeded = IndexRanges.count(s.getCompletedIndexes());
        int failed = IndexRanges.count(s.getFailedIndexes());
        int active = s.getActive() == null ? 0 : s.getActive();
        int size = j.getSpec().getCompletions();
        boolean done = finished(j) || succeeded + failed >= size;
        String state = done ? (failed > 0 ? "FAILED" : "SUCCEEDED") : active > 0 ? "RUNNING" : "RUNNABLE";
        Map<String, Integer> summary = Map.of("SUCCEEDED", succeeded, "FAILED", failed,
                "RUNNING", Math.min(active, size - succeeded - failed));
        return new JobSnapshot(name, state, null, size, summary, null, null, false);
    }

    private List<String> products(Sen2CorJob job, BatchRound round) {
        if (round.getRound() == 0) {
            return job.getSpec().getProducts();
        }
        ConfigMap cm = client.configMaps().inNamespace(job.getMetadata().getNamespace())
                .withName(IndexedJobs.manifestName(job, round.getRound())).get();
        return cm == null ? List.of() : cm.getData().get(IndexedJobs.MANIFEST_FILE).lines().filter(l -> !l.isBlank()).toList();
    }

    record Failed(String product, String reason, int attempts, String pod) {
    }

    /** Failed indexes of the round, with the last failed pod's termination reason and the number of attempts. */
    private List<Failed> failedScenes(Sen2CorJob job, BatchRound round) {
        String ns = job.getMetadata().getNamespace();
        Job j = job(ns, round.getJobIds().get(0));
        if (j == null || j.getStatus() == null) {
            return List.of();
        }
        List<Integer> indexes = IndexRanges.parse(j.getStatus().getFailedIndexes());
        if (indexes.isEmpty()) {
            return List.of();
        }
        List<String> products = products(job, round);
        List<Pod> pods = client.pods().inNamespace(ns).withLabel("job-name", j.getMetadata().getName()).list().getItems();
        List<Failed> out = new ArrayList<>();
        for (int index : indexes) {
            List<Pod> attempts = pods.stream().filter(p -> String.valueOf(index).equals(completionIndex(p)))
                    .filter(p -> "Failed".equals(p.getStatus().getPhase()))
                    .sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
            Pod lastPod = attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
            String product = index < products.size() ? products.get(index) : "index " + index;
            out.add(new Failed(product, lastPod == null ? "failed" : termination(lastPod), attempts.size(),
                    lastPod == null ? null : lastPod.getMetadata().getName()));
        }
        return out;
    }

    private static String completionIndex(Pod p) {
        var labels = p.getMetadata().getLabels();
        var annotations = p.getMetadata().getAnnotations();
        String fromLabel = labels == null ? null : labels.get("batch.kubernetes.io/job-completion-index");
        return fromLabel != null ? fromLabel
                : annotations == null ? null : annotations.get("batch.kubernetes.io/job-completion-index");
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

    private static List<SceneFailure> bounded(List<Failed> failed) {
        return failed.stream().limit(Sen2CorJobStatus.MAX_FAILURES).map(f -> {
            SceneFailure sf = new SceneFailure();
            sf.setProduct(f.product());
            sf.setReason(f.reason());
            sf.setAttempts(f.attempts());
            sf.setLogStream(f.pod() == null ? null : "pod/" + f.pod());
            return sf;
        }).toList();
    }

    /** Pods the scheduler could not place for longer than stuckAfter: the scheduler's message says why. */
    private Optional<Observation> unschedulable(Sen2CorJob job, BatchRound round) {
        Instant limit = clock.instant().minus(stuckAfter);
        return client.pods().inNamespace(job.getMetadata().getNamespace()).withLabel("job-name", round.getJobIds().get(0))
                .list().getItems().stream()
                .filter(p -> "Pending".equals(p.getStatus().getPhase()))
                .filter(p -> Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(limit))
                .flatMap(p -> p.getStatus().getConditions() == null ? java.util.stream.Stream.empty()
                        : p.getStatus().getConditions().stream())
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                .findFirst()
                .map(c -> new Observation(Observation.State.READY, Reason.ScenesNotStarting, "scene pods have not been "
                        + "scheduled for more than " + stuckAfter.toMinutes() + " min: " + c.getMessage(), Duration.ofMinutes(1)));
    }

    /** A PVC, Secret or ServiceAccount the pods need but the namespace lacks would leave them Pending forever. */
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
        for (String secret : new String[] {job.getSpec().getSource().getCredentialsSecretRef(),
                job.getSpec().getOutput().getCredentialsSecretRef()}) {
            if (secret != null && !secretExists(ns, secret)) {
                missing.add("Secret " + ns + "/" + secret);
            }
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of("missing in namespace " + ns + ": " + String.join(", ", missing));
    }

    /** Without RBAC on Secrets (the chart's default) the check is skipped: a missing one then shows as a pod error. */
    private boolean secretExists(String ns, String name) {
        try {
            return client.secrets().inNamespace(ns).withName(name).get() != null;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() == 403) {
                return true;
            }
            throw e;
        }
    }

    /** The Jobs and ConfigMaps are owned by the Sen2CorJob: garbage collection removes them and their pods. */
    @Override
    public Observation cleanup(Sen2CorJob job, BatchEnvironment env, Collection<Sen2CorJob> others) {
        return Observation.ready("Jobs and manifests are removed by garbage collection (owner references)");
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
