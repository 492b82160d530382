package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.VolumeProjectionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.naming.LabelValues;
import io.sen2cor.operator.naming.ShortHash;
import io.sen2cor.operator.work.Capacity;
import io.sen2cor.operator.work.RunnerEnvironment;

/**
 * The Kubernetes backend's reads and writes of the output store (pure, docs/stac.md). The operator has no access to
 * the store there: the scene pods reach it with their own ServiceAccount or Secret. So what the AWS Batch backend
 * does itself runs as a one-pod Job of the runner image with the scene pods' identity: the skip check of
 * spec.scenes.skipExisting, which answers in its termination message, and the finished job's STAC collection (and
 * report.json).
 */
public final class OutputTasks {

    public static final String TASK_LABEL = "sen2cor.io/task";
    /** The report the catalog task uploads beside the collection, when it fits the ConfigMap. */
    static final String REPORT_FILE = "report.json";
    /** A ConfigMap holds at most 1 MiB; the scene list of 10,000 ids takes 610,000 bytes. */
    static final int CONFIG_MAP_ROOM = 1_000_000;
    /** A task reads records (16 at a time) and writes a file or two: small, and not the scenes' size. */
    static final String CPU = "500m";
    /** Tasks read result records and write the report and catalogue: no product passes through their disk. */
    static final String WORK_SIZE = "1Gi";
    static final String MEMORY = "512Mi";

    /** What a task pod does, its name suffix, and how long it may take. */
    public enum Task {
        SKIP_CHECK("skip", RunnerContract.TASK_SUCCEEDED, 600), CATALOG("catalog", RunnerContract.TASK_CATALOG, 1800);

        final String suffix;
        final String runnerTask;
        final long deadlineSeconds;

        Task(String suffix, String runnerTask, long deadlineSeconds) {
            this.suffix = suffix;
            this.runnerTask = runnerTask;
            this.deadlineSeconds = deadlineSeconds;
        }
    }

    private OutputTasks() {
    }

    /** Where a kept selection's parts are projected: the runner reads a directory's files in name order. */
    static final String KEPT_DIR = "scenes";

    /** The task's ConfigMap, and a kept selection's part manifests as {@code scenes/00000.txt.gz, ...}. */
    static Volume manifestVolume(String taskConfigMap, List<RoundParts.Part> keptParts) {
        if (keptParts.isEmpty()) {
            return IndexedJobs.manifestVolume(taskConfigMap);
        }
        List<VolumeProjection> sources = new ArrayList<>();
        sources.add(new VolumeProjectionBuilder().withNewConfigMap().withName(taskConfigMap).endConfigMap().build());
        for (RoundParts.Part part : keptParts) {
            sources.add(new VolumeProjectionBuilder().withNewConfigMap().withName(part.manifestName())
                    .addNewItem().withKey(part.manifestFile())
                    .withPath(KEPT_DIR + "/" + String.format("%05d", part.index()) + "-" + part.manifestFile()).endItem()
                    .endConfigMap().build());
        }
        return new VolumeBuilder().withName(IndexedJobs.MANIFEST_VOLUME).withNewProjected().withSources(sources)
                .endProjected().build();
    }

    /**
     * {@code <job>-skip-<hash of the scenes>}: a skip check left over from before a restart answers for its own
     * scenes, so a search that came to other scenes since never reads its answer.
     */
    public static String skipCheckKey(List<String> products) {
        return ShortHash.of(String.join("\n", products), 3);
    }

    /**
     * {@code <job>-catalog-r<last round>}: each finish (a job finishes again after a retry round) gets its own
     * collection and report; the same finish published again after a restart is the same Job.
     */
    public static String catalogKey(int lastRound) {
        return "r" + lastRound;
    }

    public static String jobName(Sen2CorJob job, Task task, String key) {
        return IndexedJobs.name(job, "-" + task.suffix + "-" + key);
    }

    static String manifestName(Sen2CorJob job, Task task, String key) {
        return jobName(job, task, key) + "-scenes";
    }

    static Map<String, String> labels(Sen2CorJob job, Task task) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(IndexedJobs.MANAGED_BY, IndexedJobs.OPERATOR);
        labels.put(IndexedJobs.JOB_LABEL, LabelValues.of(job.getMetadata().getName()));
        labels.put(TASK_LABEL, task.suffix);
        return labels;
    }

    /**
     * The task's scenes, and for the catalog the job's report when it fits (else the task writes the collection
     * only; the report's first failures are in the Sen2CorJob's status).
     */
    public static ConfigMap manifest(Sen2CorJob job, Task task, String key, List<String> products, String report) {
        ConfigMap cm = IndexedJobs.manifest(job, manifestName(job, task, key), labels(job, task), products);
        String scenes = cm.getData().get(IndexedJobs.MANIFEST_FILE);
        if (report != null && scenes.length() + report.length() <= CONFIG_MAP_ROOM) {
            cm.getData().put(REPORT_FILE, report);
        }
        return cm;
    }

    /**
     * A one-pod Job that is retried twice (the store may be briefly unreachable) and kept a day for its logs.
     *
     * @param keptParts the manifests of a selection kept in the cluster ({@link RoundParts}), projected beside the
     *        task's own ConfigMap and read as one list; empty when the task's ConfigMap holds the scenes
     */
    public static Job job(Sen2CorJob job, BatchEnvironment env, Task task, String key, boolean withReport,
            List<RoundParts.Part> keptParts, String defaultImage) {
        String manifestUri = keptParts.isEmpty() ? IndexedJobs.MANIFEST_URI
                : "file://" + IndexedJobs.MANIFEST_DIR + "/" + KEPT_DIR + "/";
        Map<String, String> runnerEnv = new LinkedHashMap<>(RunnerEnvironment.of(job, manifestUri, 0,
                Capacity.of(env, false)));
        runnerEnv.put(RunnerContract.TASK, task.runnerTask);
        if (task == Task.CATALOG) {
            if (withReport) {
                runnerEnv.put(RunnerContract.REPORT_FILE, IndexedJobs.MANIFEST_DIR + "/" + REPORT_FILE);
            }
        }
        Map<String, String> labels = labels(job, task);
        // under Kueue through the environment's queue like the scenes: a cluster that manages Jobs without a queue
        // name would otherwise hold the task suspended for ever
        boolean queued = env.getSpec().getKubernetes().getKueueQueueName() != null;
        Map<String, String> jobLabels = IndexedJobs.queued(labels, env.getSpec().getKubernetes());
        return new JobBuilder()
                .withNewMetadata().withName(jobName(job, task, key)).withNamespace(job.getMetadata().getNamespace())
                .withLabels(jobLabels).withAnnotations(IndexedJobs.annotations(job)).withOwnerReferences(IndexedJobs.owner(job))
                .endMetadata()
                .withNewSpec()
                .withSuspend(queued)
                .withCompletions(1)
                .withParallelism(1)
                .withBackoffLimit(2)
                .withActiveDeadlineSeconds(task.deadlineSeconds)
                .withTtlSecondsAfterFinished(env.getSpec().getKubernetes().getJobTtlSecondsAfterFinished())
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(IndexedJobs.annotations(job)).endMetadata()
                .withSpec(IndexedJobs.runnerPod(job, env, false, manifestVolume(manifestName(job, task, key), keptParts),
                        runnerEnv, CPU, MEMORY,
                        WORK_SIZE, task.deadlineSeconds, defaultImage))
                .endTemplate()
                .endSpec()
                .build();
    }
}
