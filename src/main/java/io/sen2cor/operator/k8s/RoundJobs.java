package io.sen2cor.operator.k8s;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.naming.LabelValues;

/**
 * The act side of the Kubernetes backend for a round's Indexed Jobs ({@link RoundParts}): writes their manifests and
 * creates them (safe to repeat), keeps the environment's shared parallelism, and suspends or resumes them, through
 * Kueue's Workload when Kueue owns a Job's suspension.
 */
final class RoundJobs {

    private final KubernetesClient client;
    private final KubernetesReads reads;
    private final KueueApi kueue;
    private final String defaultImage;

    RoundJobs(KubernetesClient client, KubernetesReads reads, KueueApi kueue, String defaultImage) {
        this.client = client;
        this.reads = reads;
        this.kueue = kueue;
        this.defaultImage = defaultImage;
    }

    /** Sets spec.active of the Workload of the job's Job {@code name}; returns the Workload's name when that changed something. */
    String setKueueActive(Sen2CorJob job, String name, boolean active) {
        Job current = IndexedJobs.owned(reads, job, name);
        Optional<String> version = current == null ? Optional.empty() : kueue.version();
        if (version.isEmpty()) {
            return null;
        }
        return kueue.workloadOf(version.get(), current).filter(w -> kueue.setActive(version.get(), w, active))
                .map(w -> w.getMetadata().getName()).orElse(null);
    }

    /** Sets spec.suspend of the job's Job {@code name}; returns its name when that changed something. */
    String setSuspend(Sen2CorJob job, String name, boolean suspend) {
        Job current = IndexedJobs.owned(reads, job, name);
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

    static boolean kueue(BatchEnvironment env) {
        return env.getSpec().getKubernetes().getKueueQueueName() != null;
    }

    /**
     * Writes the manifest of one of a round's Jobs unless this job has it already with the same scenes; throws
     * {@link ManifestProblem} when a same-named ConfigMap belongs to something else.
     */
    void writeManifest(Sen2CorJob job, int round, RoundParts.Part part, List<String> scenes) {
        String ns = job.getMetadata().getNamespace();
        ConfigMap manifest = RoundParts.manifest(job, round, part, scenes);
        var resource = client.configMaps().inNamespace(ns).withName(part.manifestName());
        ConfigMap existing = resource.get();
        if (existing != null && !IndexedJobs.ownedBy(existing, job)) {
            throw ManifestProblem.notOurs(ns, part.manifestName());
        }
        if (existing != null && !RoundParts.sameScenes(existing, manifest)) {
            // written before a restart for other scenes (manifests are immutable): its Job does not exist yet
            resource.delete();
            resource.waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
            existing = null;
        }
        if (existing == null) {
            client.configMaps().inNamespace(ns).resource(manifest).create();
        }
    }

    /** The part's manifest as this job wrote it; throws {@link ManifestProblem} when it is gone or not this job's. */
    ConfigMap manifest(Sen2CorJob job, RoundParts.Part part) {
        String ns = job.getMetadata().getNamespace();
        ConfigMap cm = client.configMaps().inNamespace(ns).withName(part.manifestName()).get();
        if (cm == null) {
            throw ManifestProblem.gone(ns, part.manifestName());
        }
        if (!IndexedJobs.ownedBy(cm, job)) {
            throw ManifestProblem.notOurs(ns, part.manifestName());
        }
        return cm;
    }

    /**
     * Creates (or finds) one of a round's Jobs, its manifest written first ({@link #writeManifest}); safe to repeat
     * after a restart. A Job the API server refuses for good leaves no manifest behind that only it would use. Empty,
     * or the problem when a same-named Job belongs to something else.
     */
    Optional<String> createPart(Sen2CorJob job, BatchEnvironment env, SceneRound round, RoundParts.Part part,
            boolean suspend) {
        String ns = job.getMetadata().getNamespace();
        String name = part.jobName();
        Job existing = reads.job(ns, name).orElseGet(() -> client.batch().v1().jobs().inNamespace(ns).withName(name).get());
        if (existing != null && !IndexedJobs.ownedBy(existing, job)) {
            return Optional.of("Job " + ns + "/" + name + " exists and belongs to something else");
        }
        if (existing == null) {
            manifest(job, part);
            boolean kueue = kueue(env);
            // a split round's later Jobs start with no pods: the informer may not show the earlier ones created a
            // moment ago, so their share could be given twice; refresh gives them theirs (adjustParallelism)
            int parallelism = kueue ? env.getSpec().getKubernetes().getMaxParallelism()
                    : part.index() > 0 ? 0 : allowedParallelism(env, ns, name, Map.of());
            try {
                client.batch().v1().jobs().inNamespace(ns).resource(IndexedJobs.job(job, env, round.getRound(), part,
                        SceneRound.ON_DEMAND.equals(round.getCapacity()), parallelism, suspend || kueue, defaultImage)).create();
            } catch (KubernetesClientException e) {
                if (round.getJobIds().isEmpty() && !part.compressed() && (e.getCode() == 400 || e.getCode() == 422)) {
                    // refused for good (see explain): the manifest written for it would be left without its Job
                    client.configMaps().inNamespace(ns).withName(part.manifestName()).delete();
                }
                throw e;
            }
        }
        return Optional.empty();
    }

    /**
     * maxParallelism is shared by the environment's Jobs that may run: unfinished and not suspended (a suspended Job
     * runs no pod, whether a user or Kueue holds it). A Job counts for the indexes it still has to run at most, so
     * the tail of one Job lets the next one start (a split round's Jobs one after the other), and for its running
     * pods at least (they are not deleted when its share shrinks).
     */
    private int allowedParallelism(BatchEnvironment env, String namespace, String self, Map<String, Integer> justSet) {
        int max = env.getSpec().getKubernetes().getMaxParallelism();
        int used = environmentJobs(env).stream()
                .filter(j -> !(j.getMetadata().getName().equals(self) && j.getMetadata().getNamespace().equals(namespace))
                        && !RoundEnds.ended(j) && !Boolean.TRUE.equals(j.getSpec().getSuspend()))
                .mapToInt(j -> Math.max(active(j), Math.min(justSet.getOrDefault(key(j),
                        j.getSpec().getParallelism() == null ? 0 : j.getSpec().getParallelism()), RoundEnds.unfinished(j))))
                .sum();
        return Math.max(0, max - used);
    }

    private static String key(Job j) {
        return j.getMetadata().getNamespace() + "/" + j.getMetadata().getName();
    }

    private static int active(Job j) {
        return j.getStatus() == null || j.getStatus().getActive() == null ? 0 : j.getStatus().getActive();
    }

    /** The environment's Jobs, from the informer's cache. */
    private List<Job> environmentJobs(BatchEnvironment env) {
        String name = env.getMetadata().getName();
        return reads.jobs(j -> j.getMetadata().getLabels() != null
                && LabelValues.of(name).equals(j.getMetadata().getLabels().get(IndexedJobs.ENVIRONMENT_LABEL)));
    }

    /**
     * Keeps the environment's share: what is left of maxParallelism, at most the indexes the Job still has to run,
     * and never below the pods it runs now (the Job controller deletes running pods above parallelism; a share given
     * twice from a stale cache shrinks as they finish instead). Not under Kueue: Kueue sizes a Workload from
     * parallelism, and a change on an admitted Job makes it evict and requeue the Job, killing its running pods; the
     * queue's quota caps concurrency.
     *
     * @param justSet parallelism set earlier in the same pass (by Job key), which the informer does not show yet:
     *        the next Job's share is counted from them, not from the cache (else a round's Jobs would each be given
     *        what the one before had just been given)
     */
    void adjustParallelism(Job current, BatchEnvironment env, Map<String, Integer> justSet) {
        if (current == null || RoundEnds.ended(current) || kueue(env)) {
            return;
        }
        int active = active(current);
        int wanted = Math.max(active, Math.min(RoundEnds.unfinished(current),
                allowedParallelism(env, current.getMetadata().getNamespace(), current.getMetadata().getName(), justSet)));
        justSet.put(key(current), wanted);
        if (!Objects.equals(current.getSpec().getParallelism(), wanted)) {
            client.batch().v1().jobs().inNamespace(current.getMetadata().getNamespace()).withName(current.getMetadata().getName())
                    .edit(j -> {
                        j.getSpec().setParallelism(wanted);
                        return j;
                    });
        }
    }
}
