package io.sen2cor.operator.k8s;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneRound;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.naming.LabelValues;

/**
 * The act side of the Kubernetes backend for one round's Indexed Job: creates it with its manifest (safe to repeat),
 * keeps the environment's shared parallelism, and suspends or resumes it, through Kueue's Workload when Kueue owns the
 * Job's suspension.
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

    /** Sets spec.active of the Workload of the round's Job; returns the Workload's name when that changed something. */
    String setKueueActive(Sen2CorJob job, SceneRound round, boolean active) {
        Job current = IndexedJobs.owned(reads, job, round.getJobIds().get(0));
        Optional<String> version = current == null ? Optional.empty() : kueue.version();
        if (version.isEmpty()) {
            return null;
        }
        return kueue.workloadOf(version.get(), current).filter(w -> kueue.setActive(version.get(), w, active))
                .map(w -> w.getMetadata().getName()).orElse(null);
    }

    /** Sets the round's Job's spec.suspend; returns its name when that changed something. */
    String setSuspend(Sen2CorJob job, SceneRound round, boolean suspend) {
        Job current = IndexedJobs.owned(reads, job, round.getJobIds().get(0));
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

    /** Creates (or finds) the manifest and the Job of a round; safe to repeat after a restart. */
    Optional<String> createRound(Sen2CorJob job, BatchEnvironment env, SceneRound scenes, List<String> products,
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
                && LabelValues.of(name).equals(j.getMetadata().getLabels().get(IndexedJobs.ENVIRONMENT_LABEL)));
    }

    /**
     * Keeps the environment's share. Not under Kueue: Kueue sizes a Workload from parallelism, and a change on an
     * admitted Job makes it evict and requeue the Job, killing its running pods; the queue's quota caps concurrency.
     */
    void adjustParallelism(Job current, BatchEnvironment env, int scenes) {
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
}
