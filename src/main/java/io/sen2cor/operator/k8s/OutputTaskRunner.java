package io.sen2cor.operator.k8s;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.SucceededScenes;
import io.sen2cor.operator.status.JobRounds;
import io.sen2cor.operator.work.Capacity;
import io.sen2cor.operator.work.JobScenes;
import io.sen2cor.operator.work.SceneChunks;
import io.sen2cor.operator.work.Usage;
import org.jboss.logging.Logger;

/**
 * What the Kubernetes backend reads and writes in the job's output store, run as one-pod Jobs of the runner image with
 * the scene pods' identity ({@link OutputTasks}: the operator has no access to the store here): the skip check of
 * spec.scenes.skipExisting, and the finished job's STAC collection and report.json; and the job's vCPU-seconds from
 * its pods' run times (every Job of every round).
 */
final class OutputTaskRunner {

    private static final Logger LOG = Logger.getLogger(OutputTaskRunner.class);

    private final KubernetesClient client;
    private final KubernetesReads reads;
    private final String defaultImage;
    private final int scenesPerJob;

    OutputTaskRunner(KubernetesClient client, KubernetesReads reads, String defaultImage, int scenesPerJob) {
        this.client = client;
        this.reads = reads;
        this.defaultImage = defaultImage;
        this.scenesPerJob = scenesPerJob;
    }

    /**
     * The skip check of spec.scenes.skipExisting, run by a runner pod with the scene pods' identity (the operator has
     * no access to the store here, see {@link OutputTasks}); called on the selection's own threads, which wait for the
     * task Job's end (its watch event) up to {@link #SKIP_CHECK_PATIENCE}. Empty when it cannot tell (the pod failed, or found no room in time):
     * the runner then skips finished scenes itself when they run.
     */
    Optional<Set<String>> succeededScenes(Sen2CorJob job, BatchEnvironment env, List<String> products) {
        String ns = job.getMetadata().getNamespace();
        if (products.size() > SKIP_CHECK_MAX) {
            // its answer, a bitset in the pod's termination message, has room for about 24,000 scenes
            LOG.warnf("Sen2CorJob %s/%s: the skip check runs for at most %d scenes, this selection has %d; submitting every "
                    + "selected scene (the runner skips finished ones)", ns, job.getMetadata().getName(), SKIP_CHECK_MAX,
                    products.size());
            return Optional.empty();
        }
        String key = OutputTasks.skipCheckKey(products);
        String name = OutputTasks.jobName(job, OutputTasks.Task.SKIP_CHECK, key);
        try {
            createTask(job, env, OutputTasks.Task.SKIP_CHECK, key, products, null, List.of());
            // woken by the Job's own watch event when it ends, not by polling
            Job task = client.batch().v1().jobs().inNamespace(ns).withName(name)
                    .waitUntilCondition(j -> j != null && RoundEnds.ended(j), SKIP_CHECK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            if (!IndexedJobs.ownedBy(task, job)) {
                LOG.warnf("Sen2CorJob %s/%s: the skip check Job %s belongs to something else; submitting every selected "
                        + "scene (the runner skips finished ones)", ns, job.getMetadata().getName(), name);
                return Optional.empty();
            }
            return skipCheckResult(job, task, products);
        } catch (KubernetesClientTimeoutException e) {
            LOG.warnf("Sen2CorJob %s/%s: the skip check Job %s did not finish within %d min; submitting every selected "
                    + "scene (the runner skips finished ones)", ns, job.getMetadata().getName(), name, SKIP_CHECK_PATIENCE.toMinutes());
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
    /** The most scenes a skip check answers for (its ConfigMap holds them as text; its answer fits 4,096 bytes). */
    static final int SKIP_CHECK_MAX = SceneChunks.SIZE;

    /** The succeeded pod's termination message, decoded; empty (with the reason logged) when the task failed. */
    private Optional<Set<String>> skipCheckResult(Sen2CorJob job, Job task, List<String> products) {
        List<Pod> pods = reads.pods(task.getMetadata().getNamespace(), task.getMetadata().getName());
        if (pods.stream().noneMatch(p -> "Succeeded".equals(p.getStatus().getPhase()) || "Failed".equals(p.getStatus().getPhase()))) {
            // the Job's end can reach the watch before the pod's reaches the informer: ask the API server once
            pods = client.pods().inNamespace(task.getMetadata().getNamespace())
                    .withLabel("job-name", task.getMetadata().getName()).list().getItems();
        }
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
                    .map(PodFailures::termination).orElse("the Job failed without a pod result");
        }
        LOG.warnf("Sen2CorJob %s/%s: the skip check could not read the output's result records (%s); submitting every "
                + "selected scene (the runner skips finished ones)", job.getMetadata().getNamespace(), job.getMetadata().getName(), why);
        return Optional.empty();
    }

    /** The STAC collection and report.json of the finished job, written by a runner pod ({@link OutputTasks}). */
    void publish(Sen2CorJob job, BatchEnvironment env, String json) {
        List<SceneRound> rounds = JobRounds.read(job.getStatus());
        // a selection kept in the cluster: the task reads round 0's part manifests, projected beside its own ConfigMap
        List<RoundParts.Part> kept = JobScenes.keptAt(job) == null ? List.of()
                : RoundParts.of(job, 0, JobScenes.count(job), scenesPerJob);
        createTask(job, env, OutputTasks.Task.CATALOG, OutputTasks.catalogKey(rounds.isEmpty() ? 0 : rounds.size() - 1),
                JobScenes.of(job), json, kept);
    }

    /** Creates the task's ConfigMap and Job unless this job already has them (a repeat after a restart). */
    private void createTask(Sen2CorJob job, BatchEnvironment env, OutputTasks.Task task, String key, List<String> products,
            String report, List<RoundParts.Part> keptParts) {
        String ns = job.getMetadata().getNamespace();
        ConfigMap manifest = OutputTasks.manifest(job, task, key, products, report);
        if (client.configMaps().inNamespace(ns).withName(manifest.getMetadata().getName()).get() == null) {
            client.configMaps().inNamespace(ns).resource(manifest).create();
        }
        String name = OutputTasks.jobName(job, task, key);
        if (client.batch().v1().jobs().inNamespace(ns).withName(name).get() == null) {
            client.batch().v1().jobs().inNamespace(ns).resource(OutputTasks.job(job, env, task, key,
                    manifest.getData().containsKey(OutputTasks.REPORT_FILE), keptParts, defaultImage)).create();
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
    Optional<Usage> published(Sen2CorJob job, BatchEnvironment env) {
        Usage usage = Usage.none();
        int vcpus = job.getSpec().getResources().getVcpus();
        for (SceneRound round : JobRounds.read(job.getStatus())) {
            if (round.getJobIds().isEmpty()) {
                continue;
            }
            String capacity = Capacity.of(env, SceneRound.ON_DEMAND.equals(round.getCapacity()));
            for (String name : round.getJobIds()) {
                for (Pod pod : reads.pods(job.getMetadata().getNamespace(), name)) {
                    double seconds = runSeconds(pod);
                    if (seconds > 0) {
                        usage = usage.plus(capacity, seconds * vcpus);
                    }
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
}
