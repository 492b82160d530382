package io.sen2cor.operator.k8s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRuleBuilder;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.KubernetesBackendSpec;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.naming.LabelValues;
import io.sen2cor.operator.naming.ShortHash;
import io.sen2cor.operator.work.Capacity;
import io.sen2cor.operator.work.Quantities;
import io.sen2cor.operator.work.RunnerEnvironment;

/**
 * The Kubernetes backend's objects for one round of a Sen2CorJob (pure, docs/architecture.md, "Kubernetes backend"): a ConfigMap with the scene
 * manifest and an Indexed Job whose pod {@code i} runs the scene on manifest line {@code i}
 * ({@code JOB_COMPLETION_INDEX}). Per-index backoff and an unlimited {@code maxFailedIndexes} keep one bad scene
 * from failing the rest; the pod failure policy ignores disruptions (Spot reclaim, eviction) and fails an index at
 * once on the runner's permanent exit codes.
 */
public final class IndexedJobs {

    public static final String CONTAINER = "runner";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String OPERATOR = "sen2cor-operator";
    public static final String JOB_LABEL = "sen2cor.io/sen2corjob";
    /** Where Kubernetes puts a pod's index (a label since 1.28, an annotation before). */
    public static final String COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";
    public static final String ENVIRONMENT_LABEL = "sen2cor.io/batch-environment";
    public static final String ROUND_LABEL = "sen2cor.io/round";
    /** Which of a split round's Jobs ({@link RoundParts}) a Job or pod is. */
    public static final String PART_LABEL = "sen2cor.io/part";
    public static final String KUEUE_QUEUE_LABEL = "kueue.x-k8s.io/queue-name";
    static final String MANIFEST_DIR = "/etc/sen2cor/manifest";
    static final String MANIFEST_VOLUME = "manifest";
    static final String MANIFEST_FILE = "scenes.txt";
    /** The runner's manifest URI in every pod the backend makes: the mounted ConfigMap's file. */
    static final String MANIFEST_URI = "file://" + MANIFEST_DIR + "/" + MANIFEST_FILE;
    static final String WORK_DIR = "/work";
    static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";
    /** /tmp of a scene pod (the JVM's and the SDK's files); the work volume holds the scene itself. */
    static final String TMP_SIZE = "1Gi";
    /**
     * Kueue's partial admission: it may start a Job with fewer pods than its parallelism when the queue's quota is
     * smaller (at least this many), instead of holding it suspended for ever (Kueue admits all or nothing otherwise).
     */
    public static final String KUEUE_MIN_PARALLELISM = "kueue.x-k8s.io/job-min-parallelism";
    /** Set by the Job controller on an index's pods (backoffLimitPerIndex): how many of its failures were ignored. */
    static final String IGNORED_FAILURES_ANNOTATION = "batch.kubernetes.io/job-index-ignored-failure-count";

    private IndexedJobs() {
    }

    /** The full Sen2CorJob name on the objects (annotations: labels hold at most 63 characters). */
    public static final String JOB_NAME_ANNOTATION = "sen2cor.io/sen2corjob-name";

    /**
     * {@code <sen2corjob>-r<round>} within 52 characters (pod names add an index and a random suffix, and the Job name
     * becomes a label). A name that had to be changed to fit (trimmed, or dots turned into dashes) gets a short hash
     * of the original, so two Sen2CorJobs never map to one Job ({@code a.b} and {@code a-b}, or long names that
     * differ only at the end).
     */
    public static String jobName(Sen2CorJob job, int round) {
        return name(job, "-r" + round);
    }

    /** {@code <sen2corjob><suffix>} within 52 characters, as {@link #jobName}. */
    static String name(Sen2CorJob job, String suffix) {
        String name = job.getMetadata().getName();
        String base = name.toLowerCase(Locale.ROOT).replace('.', '-');
        int room = 52 - suffix.length();
        if (base.equals(name) && base.length() <= room) {
            return base + suffix;
        }
        String hash = "-" + ShortHash.of(name, 3);
        base = base.substring(0, Math.min(base.length(), room - hash.length())).replaceAll("-+$", "");
        return base + hash + suffix;
    }

    /** Whether this Sen2CorJob (by UID) owns the object: same-named objects of another Sen2CorJob are not its work. */
    public static boolean ownedBy(HasMetadata object, Sen2CorJob job) {
        return object.getMetadata().getOwnerReferences() != null && object.getMetadata().getOwnerReferences().stream()
                .anyMatch(o -> job.getMetadata().getUid() != null && job.getMetadata().getUid().equals(o.getUid()));
    }

    public static String manifestName(Sen2CorJob job, int round) {
        return jobName(job, round) + "-scenes";
    }

    /** A ConfigMap of scenes, one per line, owned by the job. */
    static ConfigMap manifest(Sen2CorJob job, String name, Map<String, String> labels, List<String> products) {
        return new ConfigMapBuilder()
                .withNewMetadata().withName(name).withNamespace(job.getMetadata().getNamespace())
                .withLabels(labels).withAnnotations(annotations(job)).withOwnerReferences(owner(job))
                .endMetadata()
                .withData(Map.of(MANIFEST_FILE, String.join("\n", products) + "\n"))
                .withImmutable(true)
                .build();
    }

    public static Map<String, String> labels(Sen2CorJob job, BatchEnvironment env, int round) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(JOB_LABEL, LabelValues.of(job.getMetadata().getName()));
        if (env != null) {
            labels.put(ENVIRONMENT_LABEL, LabelValues.of(env.getMetadata().getName()));
        }
        labels.put(ROUND_LABEL, String.valueOf(round));
        return labels;
    }

    static Map<String, String> annotations(Sen2CorJob job) {
        return Map.of(JOB_NAME_ANNOTATION, job.getMetadata().getName());
    }

    /** The Job of this name that {@code owner} owns; a same-named Job of another one is not its work. */
    static Job owned(KubernetesReads reads, Sen2CorJob owner, String name) {
        return reads.job(owner.getMetadata().getNamespace(), name).filter(j -> ownedBy(j, owner)).orElse(null);
    }

    static OwnerReference owner(Sen2CorJob job) {
        return new OwnerReferenceBuilder().withApiVersion(job.getApiVersion()).withKind(job.getKind())
                .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** A one-Job round's Job (see {@link RoundParts}). */
    public static Job job(Sen2CorJob job, BatchEnvironment env, int round, boolean onDemand, int scenes, int parallelism,
            boolean suspend, String defaultImage) {
        return job(job, env, round, RoundParts.of(job, round, scenes, Integer.MAX_VALUE).get(0), onDemand, parallelism,
                suspend, defaultImage);
    }

    /**
     * @param part        which of the round's Jobs: its name, scenes and manifest
     * @param onDemand    a round of Spot-interrupted scenes: on the environment's On-Demand nodes
     * @param parallelism what this Job may run at once (the environment's cap shared across its jobs)
     * @param suspend     spec.suspend, or Kueue admission pending
     */
    public static Job job(Sen2CorJob job, BatchEnvironment env, int round, RoundParts.Part part, boolean onDemand,
            int parallelism, boolean suspend, String defaultImage) {
        KubernetesBackendSpec k8s = env.getSpec().getKubernetes();
        var spec = job.getSpec();
        Map<String, String> labels = labels(job, env, round);
        if (part.compressed()) {
            labels.put(PART_LABEL, String.valueOf(part.index()));
        }
        Map<String, String> jobLabels = queued(labels, k8s);
        Map<String, String> runnerEnv = new LinkedHashMap<>(RunnerEnvironment.of(job, part.manifestUri(), 0, Capacity.of(env, onDemand)));
        runnerEnv.put(RunnerContract.MAX_INTERRUPTIONS, String.valueOf(k8s.getMaxInterruptions()));
        String vcpus = String.valueOf(spec.getResources().getVcpus());
        int attempts = spec.getRetry().getAttempts();
        int scenes = part.size();
        int pods = Math.min(scenes, parallelism);
        Map<String, String> jobAnnotations = new LinkedHashMap<>(annotations(job));
        if (k8s.getKueueQueueName() != null && pods > 1) {
            jobAnnotations.put(KUEUE_MIN_PARALLELISM, "1");
        }
        return new JobBuilder()
                .withNewMetadata().withName(part.jobName()).withNamespace(job.getMetadata().getNamespace())
                .withLabels(jobLabels).withAnnotations(jobAnnotations).withOwnerReferences(owner(job)).endMetadata()
                .withNewSpec()
                .withCompletionMode("Indexed")
                .withCompletions(scenes)
                .withParallelism(pods)
                .withBackoffLimitPerIndex(attempts - 1)
                .withMaxFailedIndexes(scenes)
                .withNewPodFailurePolicy().withRules(podFailurePolicy(
                        spec.getRetry().getOnDemandAfterSpotInterruptions() != null && !onDemand)).endPodFailurePolicy()
                .withTtlSecondsAfterFinished(k8s.getJobTtlSecondsAfterFinished())
                .withSuspend(suspend)
                .withNewTemplate()
                .withNewMetadata().withLabels(labels).withAnnotations(annotations(job)).endMetadata()
                .withSpec(runnerPod(job, env, onDemand, manifestVolume(part.manifestName()), runnerEnv, vcpus,
                        spec.getResources().getMemory(), k8s.getWorkVolumeSize(), Quantities.duration(spec.getTimeout()).toSeconds(),
                        defaultImage))
                .endTemplate()
                .endSpec()
                .build();
    }

    /** The pods' manifest: one ConfigMap mounted read-only at {@link #MANIFEST_DIR}. */
    static Volume manifestVolume(String configMap) {
        return new VolumeBuilder().withName(MANIFEST_VOLUME).withNewConfigMap().withName(configMap).endConfigMap().build();
    }

    /** A Job's labels: its pods' labels, and under Kueue the environment's queue (the pods do not carry it). */
    static Map<String, String> queued(Map<String, String> podLabels, KubernetesBackendSpec k8s) {
        Map<String, String> jobLabels = new LinkedHashMap<>(podLabels);
        if (k8s.getKueueQueueName() != null) {
            jobLabels.put(KUEUE_QUEUE_LABEL, k8s.getKueueQueueName());
        }
        return jobLabels;
    }

    /**
     * A pod of the runner image with the scene pods' identity (ServiceAccount, credential Secrets), placement and
     * restricted security context, its manifest ConfigMap mounted; shared by the scene Jobs and {@link OutputTasks}.
     */
    static PodSpec runnerPod(Sen2CorJob job, BatchEnvironment env, boolean onDemand, Volume manifest,
            Map<String, String> runnerEnv, String cpu, String memory, String workVolumeSize, long deadlineSeconds,
            String defaultImage) {
        KubernetesBackendSpec k8s = env.getSpec().getKubernetes();
        var spec = job.getSpec();
        List<EnvVar> env2 = new ArrayList<>();
        runnerEnv.forEach((k, v) -> env2.add(new EnvVar(k, v, null)));
        // the Job controller's count of this index's ignored (interrupted) pods: the runner bounds it
        env2.add(new EnvVarBuilder().withName(RunnerContract.INTERRUPTIONS).withNewValueFrom().withNewFieldRef()
                .withFieldPath("metadata.annotations['" + IGNORED_FAILURES_ANNOTATION + "']").endFieldRef().endValueFrom().build());
        env2.add(new EnvVar("HOME", WORK_DIR, null));
        env2.add(new EnvVar(RunnerContract.TERMINATION_MESSAGE_PATH, TERMINATION_MESSAGE_PATH, null));
        List<EnvFromSource> envFrom = new ArrayList<>();
        if (spec.getSource().getCredentialsSecretRef() != null) {
            envFrom.add(new EnvFromSourceBuilder().withPrefix("SEN2COR_SOURCE_")
                    .withNewSecretRef(spec.getSource().getCredentialsSecretRef(), false).build());
        }
        if (spec.getOutput().getCredentialsSecretRef() != null) {
            envFrom.add(new EnvFromSourceBuilder().withNewSecretRef(spec.getOutput().getCredentialsSecretRef(), false).build());
        }
        List<Volume> volumes = new ArrayList<>(List.of(
                manifest,
                new VolumeBuilder().withName("work").withNewEmptyDir().withSizeLimit(new Quantity(workVolumeSize)).endEmptyDir().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().withSizeLimit(new Quantity(TMP_SIZE)).endEmptyDir().build()));
        List<VolumeMount> mounts = new ArrayList<>(List.of(
                new VolumeMountBuilder().withName(MANIFEST_VOLUME).withMountPath(MANIFEST_DIR).withReadOnly(true).build(),
                new VolumeMountBuilder().withName("work").withMountPath(WORK_DIR).build(),
                new VolumeMountBuilder().withName("tmp").withMountPath("/tmp").build()));
        if (k8s.getAuxDataClaimName() != null) {
            volumes.add(new VolumeBuilder().withName("aux").withNewPersistentVolumeClaim(k8s.getAuxDataClaimName(), true).build());
            mounts.add(new VolumeMountBuilder().withName("aux").withMountPath(RunnerEnvironment.auxVolumeRoot(spec.getSen2cor().getAuxDataPath()))
                    .withReadOnly(true).build());
        }
        return new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withActiveDeadlineSeconds(deadlineSeconds)
                .withServiceAccountName(k8s.getServiceAccountName())
                // IRSA and EKS Pod Identity project their own tokens; the API token is only mounted on request
                .withAutomountServiceAccountToken(Boolean.TRUE.equals(k8s.getAutomountServiceAccountToken()))
                .withPriorityClassName(k8s.getPriorityClassName())
                .withNodeSelector(nodeSelector(k8s, onDemand))
                .withTolerations(k8s.getTolerations())
                .withAffinity(k8s.getAffinity())
                .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault")
                .endSeccompProfile().endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(spec.getImage() == null ? defaultImage : spec.getImage())
                .withEnv(env2)
                .withEnvFrom(envFrom)
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity(memory))
                // the work and tmp volumes are on the node's disk: requested, so pods are placed where they fit
                .addToRequests("ephemeral-storage", ephemeralStorage(workVolumeSize))
                .addToLimits("cpu", new Quantity(cpu)).addToLimits("memory", new Quantity(memory))
                .endResources()
                .withVolumeMounts(mounts)
                // the runner writes its reason there; a crash before it can (e.g. the JVM) leaves the log's tail
                .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                .withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .endContainer()
                .withVolumes(volumes)
                .build();
    }

    /** The work volume's size plus /tmp's, as one ephemeral-storage request ("21Gi", "1536Mi"). */
    static Quantity ephemeralStorage(String workVolumeSize) {
        return new Quantity(workVolumeSize).add(new Quantity(TMP_SIZE));
    }

    /**
     * Bad input fails the index at once. Disruptions (Spot reclaim, eviction, preemption) do not count as an attempt,
     * unless the job escalates interrupted scenes to On-Demand: then they count, so an index that keeps being
     * interrupted fails after its attempts and the lifecycle runs it again on On-Demand nodes (docs/operations.md).
     */
    static List<PodFailurePolicyRule> podFailurePolicy(boolean countDisruptions) {
        List<PodFailurePolicyRule> rules = new ArrayList<>();
        if (!countDisruptions) {
            rules.add(new PodFailurePolicyRuleBuilder().withAction("Ignore")
                    .addNewOnPodCondition().withType(DISRUPTION_TARGET).withStatus("True").endOnPodCondition().build());
        }
        rules.add(new PodFailurePolicyRuleBuilder().withAction("FailIndex")
                .withNewOnExitCodes().withContainerName(CONTAINER).withOperator("In")
                .withValues(RunnerContract.PERMANENT_EXIT_CODES).endOnExitCodes().build());
        return rules;
    }

    /** The pod condition Kubernetes sets on a pod it is about to take away (node shutdown, eviction, preemption). */
    public static final String DISRUPTION_TARGET = "DisruptionTarget";

    /** The environment's node selector; in an On-Demand round with onDemandNodeSelector's keys replacing its own. */
    static Map<String, String> nodeSelector(KubernetesBackendSpec k8s, boolean onDemand) {
        if (!onDemand || k8s.getOnDemandNodeSelector() == null) {
            return k8s.getNodeSelector();
        }
        Map<String, String> merged = new LinkedHashMap<>(k8s.getNodeSelector() == null ? Map.of() : k8s.getNodeSelector());
        merged.putAll(k8s.getOnDemandNodeSelector());
        return merged;
    }
}
