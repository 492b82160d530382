package io.sen2cor.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.testing.LocalOperator;
import org.junit.jupiter.api.Test;

/** Golden assertions on the Indexed Job the Kubernetes backend builds (pure, no server). */
class IndexedJobsTest {

    static Sen2CorJob job() {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setUid(UUID.randomUUID().toString());
        return job;
    }

    static BatchEnvironment env() {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getSpec().getKubernetes().setAuxDataClaimName("sen2cor-aux");
        return env;
    }

    @Test
    void anIndexedJobWithPerIndexRetriesAndAPodFailurePolicyForDisruptionsAndBadInput() {
        var built = IndexedJobs.job(job(), env(), 0, false, 2, 20, false, "sen2cor-runner:1");
        var spec = built.getSpec();
        assertThat(built.getMetadata().getName()).isEqualTo("kenya-jan-2019-cluster-r0");
        assertThat(built.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Sen2CorJob");
            assertThat(o.getController()).isTrue();
        });
        assertThat(built.getMetadata().getLabels()).containsEntry(IndexedJobs.JOB_LABEL, "kenya-jan-2019-cluster")
                .containsEntry(IndexedJobs.ENVIRONMENT_LABEL, "s2-cluster").containsEntry(IndexedJobs.ROUND_LABEL, "0");
        assertThat(spec.getCompletionMode()).isEqualTo("Indexed");
        assertThat(spec.getCompletions()).isEqualTo(2);
        assertThat(spec.getParallelism()).as("never more than the scenes").isEqualTo(2);
        assertThat(spec.getBackoffLimitPerIndex()).as("3 attempts = 2 retries per scene").isEqualTo(2);
        assertThat(spec.getMaxFailedIndexes()).as("a failed scene never fails the others").isEqualTo(2);
        assertThat(spec.getSuspend()).isFalse();
        assertThat(spec.getTtlSecondsAfterFinished()).isEqualTo(86_400);
        var rules = spec.getPodFailurePolicy().getRules();
        assertThat(rules.get(0).getAction()).isEqualTo("Ignore");
        assertThat(rules.get(0).getOnPodConditions()).singleElement()
                .satisfies(c -> assertThat(c.getType()).isEqualTo("DisruptionTarget"));
        assertThat(rules.get(1).getAction()).isEqualTo("FailIndex");
        assertThat(rules.get(1).getOnExitCodes().getValues()).containsExactly(2, 3, 4, 5, 6);

        var pod = spec.getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getActiveDeadlineSeconds()).as("spec.timeout per attempt").isEqualTo(7200L);
        assertThat(pod.getNodeSelector()).containsEntry("karpenter.sh/capacity-type", "spot");
        assertThat(pod.getTolerations()).singleElement().satisfies(t -> assertThat(t.getKey()).isEqualTo("spot"));
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getAutomountServiceAccountToken()).as("no API token without a ServiceAccount to use").isFalse();
        var c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("sen2cor-runner:1");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getRequests().get("memory").toString()).isEqualTo("15Gi");
        assertThat(c.getEnv()).extracting(EnvVar::getName).contains(RunnerContract.MANIFEST_URI, RunnerContract.OUTPUT_URI,
                RunnerContract.THREADS, "HOME").doesNotContain(RunnerContract.K8S_COMPLETION_INDEX);
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(RunnerContract.MANIFEST_URI)).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("file:///etc/sen2cor/manifest/scenes.txt"));
        assertThat(c.getVolumeMounts()).extracting(m -> m.getMountPath() + (Boolean.TRUE.equals(m.getReadOnly()) ? ":ro" : ""))
                .containsExactly("/etc/sen2cor/manifest:ro", "/work", "/tmp", "/aux:ro");
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("aux")).singleElement()
                .satisfies(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("sen2cor-aux"));
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("work")).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("20Gi"));
        assertThat(c.getResources().getRequests().get("ephemeral-storage"))
                .as("the work volume and /tmp are on the node's disk").hasToString("21Gi");
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(RunnerContract.INTERRUPTIONS)).singleElement()
                .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
                        .isEqualTo("metadata.annotations['batch.kubernetes.io/job-index-ignored-failure-count']"));
        assertThat(c.getEnv()).filteredOn(e -> e.getName().equals(RunnerContract.MAX_INTERRUPTIONS)).singleElement()
                .satisfies(e -> assertThat(e.getValue()).isEqualTo("10"));
    }

    @Test
    void theEnvironmentSetsTheJobsTtlAndTheWorkVolumeAndTasksRequestLittleDisk() {
        BatchEnvironment small = env();
        small.getSpec().getKubernetes().setJobTtlSecondsAfterFinished(600);
        small.getSpec().getKubernetes().setWorkVolumeSize("8Gi");
        var built = IndexedJobs.job(job(), small, 0, false, 2, 20, false, "img");
        assertThat(built.getSpec().getTtlSecondsAfterFinished()).isEqualTo(600);
        var pod = built.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("work")).singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir().getSizeLimit().toString()).isEqualTo("8Gi"));
        assertThat(pod.getContainers().get(0).getResources().getRequests().get("ephemeral-storage")).hasToString("9Gi");
        assertThat(IndexedJobs.ephemeralStorage("512Mi")).hasToString("1536Mi");
    }

    /** The store reads and writes the operator cannot do on Kubernetes run as the scene pods would, but small. */
    @Test
    void outputTasksRunTheRunnerImageWithTheScenePodsIdentityAndPlacement() {
        Sen2CorJob job = job();
        job.getSpec().getOutput().setCredentialsSecretRef("s3-credentials");
        BatchEnvironment env = env();
        env.getSpec().getKubernetes().setServiceAccountName("sen2cor-writer");
        var scenes = IndexedJobs.job(job, env, 0, false, 2, 20, false, "sen2cor-runner:1").getSpec().getTemplate().getSpec();
        List<String> products = List.of("a", "b");

        var check = OutputTasks.job(job, env, OutputTasks.Task.SKIP_CHECK, OutputTasks.skipCheckKey(products), false, List.of(), "sen2cor-runner:1");
        var catalog = OutputTasks.job(job, env, OutputTasks.Task.CATALOG, OutputTasks.catalogKey(1), true, List.of(), "sen2cor-runner:1");

        assertThat(check.getMetadata().getName()).matches("kenya-jan-2019-cluster-skip-[0-9a-f]{6}")
                .as("a check of other scenes is another Job").isNotEqualTo(OutputTasks.jobName(job, OutputTasks.Task.SKIP_CHECK,
                        OutputTasks.skipCheckKey(List.of("a"))));
        assertThat(catalog.getMetadata().getName()).as("one per finish: a retry round finishes again")
                .isEqualTo("kenya-jan-2019-cluster-catalog-r1");
        for (var task : List.of(check, catalog)) {
            assertThat(task.getMetadata().getLabels()).containsEntry(OutputTasks.TASK_LABEL, task == check ? "skip" : "catalog")
                    .as("not one of the environment's scene Jobs: it takes no share of maxParallelism")
                    .doesNotContainKey(IndexedJobs.ENVIRONMENT_LABEL);
            assertThat(task.getMetadata().getOwnerReferences()).singleElement()
                    .satisfies(o -> assertThat(o.getUid()).isEqualTo(job.getMetadata().getUid()));
            assertThat(task.getSpec().getCompletionMode()).isNull();
            assertThat(task.getSpec().getBackoffLimit()).isEqualTo(2);
            var pod = task.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo("sen2cor-writer").isEqualTo(scenes.getServiceAccountName());
            assertThat(pod.getNodeSelector()).isEqualTo(scenes.getNodeSelector());
            assertThat(pod.getTolerations()).isEqualTo(scenes.getTolerations());
            assertThat(pod.getSecurityContext()).isEqualTo(scenes.getSecurityContext());
            var c = pod.getContainers().get(0);
            assertThat(c.getEnvFrom()).isEqualTo(scenes.getContainers().get(0).getEnvFrom()).isNotEmpty();
            assertThat(c.getSecurityContext()).isEqualTo(scenes.getContainers().get(0).getSecurityContext());
            assertThat(c.getResources().getRequests().get("memory").toString()).as("not the scene's 15Gi").isEqualTo("512Mi");
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("manifest")).singleElement()
                    .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo(task.getMetadata().getName() + "-scenes"));
        }
        assertThat(env(check)).containsEntry(RunnerContract.TASK, RunnerContract.TASK_SUCCEEDED)
                .containsEntry(RunnerContract.OUTPUT_URI, job.getSpec().getOutput().getUri())
                .containsEntry(RunnerContract.TERMINATION_MESSAGE_PATH, "/dev/termination-log")
                .as("every runner names the job's collection").containsKey(RunnerContract.CATALOG_URI);
        assertThat(env(catalog)).containsEntry(RunnerContract.TASK, RunnerContract.TASK_CATALOG)
                .containsEntry(RunnerContract.JOB_NAME, "kenya-jan-2019-cluster")
                .containsEntry(RunnerContract.REPORT_FILE, "/etc/sen2cor/manifest/report.json")
                .hasEntrySatisfying(RunnerContract.CATALOG_URI, uri -> assertThat(uri).startsWith(job.getSpec().getOutput().getUri()
                        + "_sen2cor/default.kenya-jan-2019-cluster-").endsWith("/catalog.json"));

        assertThat(OutputTasks.manifest(job, OutputTasks.Task.CATALOG, "r0", products, "{}").getData())
                .containsEntry("scenes.txt", "a\nb\n").containsEntry("report.json", "{}");
        assertThat(OutputTasks.manifest(job, OutputTasks.Task.CATALOG, "r0", products, "x".repeat(1_000_000)).getData())
                .as("a report that would overflow the ConfigMap is left out").containsOnlyKeys("scenes.txt");
    }

    static Map<String, String> env(io.fabric8.kubernetes.api.model.batch.v1.Job job) {
        Map<String, String> env = new java.util.HashMap<>();
        job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    @Test
    void escalationCountsDisruptionsOnSpotAndRunsTheOnDemandRoundOnOnDemandNodes() {
        var env = env();
        env.getSpec().getKubernetes().setNodeSelector(Map.of("karpenter.sh/capacity-type", "spot", "zone", "a"));
        env.getSpec().getKubernetes().setOnDemandNodeSelector(Map.of("karpenter.sh/capacity-type", "on-demand"));
        var job = job();
        job.getSpec().getRetry().setOnDemandAfterSpotInterruptions(2);

        var spot = IndexedJobs.job(job, env, 0, false, 2, 20, false, "img").getSpec();
        assertThat(spot.getPodFailurePolicy().getRules()).as("a disruption counts as an attempt")
                .noneMatch(r -> "Ignore".equals(r.getAction()));
        assertThat(spot.getTemplate().getSpec().getNodeSelector()).containsEntry("karpenter.sh/capacity-type", "spot");

        var onDemand = IndexedJobs.job(job, env, 1, true, 2, 20, false, "img").getSpec();
        assertThat(onDemand.getTemplate().getSpec().getNodeSelector())
                .containsExactlyInAnyOrderEntriesOf(Map.of("karpenter.sh/capacity-type", "on-demand", "zone", "a"));
        assertThat(onDemand.getPodFailurePolicy().getRules()).as("On-Demand disruptions are not Spot's: not counted")
                .anyMatch(r -> "Ignore".equals(r.getAction()));
    }

    @Test
    void kueueQueueMeansALabelAndASuspendedJob() {
        var env = env();
        env.getSpec().getKubernetes().setKueueQueueName("eo");
        var built = IndexedJobs.job(job(), env, 0, false, 2, 20, true, "img");
        assertThat(built.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "eo");
        assertThat(built.getSpec().getSuspend()).isTrue();
        // the store tasks go through the same queue, suspended until Kueue admits them
        var task = OutputTasks.job(job(), env, OutputTasks.Task.CATALOG, OutputTasks.catalogKey(0), false, List.of(), "img");
        assertThat(task.getMetadata().getLabels()).containsEntry("kueue.x-k8s.io/queue-name", "eo");
        assertThat(task.getSpec().getSuspend()).isTrue();
        assertThat(task.getSpec().getTemplate().getMetadata().getLabels()).doesNotContainKey("kueue.x-k8s.io/queue-name");
        assertThat(OutputTasks.job(job(), env(), OutputTasks.Task.CATALOG, "r0", false, List.of(), "img").getSpec().getSuspend()).isFalse();
    }

    @Test
    void theManifestIsAConfigMapOwnedByTheJobAndNamesStayShort() {
        var job = job();
        var cm = RoundParts.manifest(job, 1, RoundParts.of(job, 1, job.getSpec().getProducts().size(), 10_000).get(0),
                job.getSpec().getProducts());
        assertThat(cm.getData().get("scenes.txt").lines().toList()).isEqualTo(job.getSpec().getProducts());
        assertThat(cm.getImmutable()).isTrue();
        job.getMetadata().setName("a".repeat(200));
        assertThat(IndexedJobs.jobName(job, 12)).hasSizeLessThanOrEqualTo(52).endsWith("-r12");
        // 10,000 ids of 61 bytes fit a ConfigMap (1 MiB) with room to spare
        assertThat(10_000 * 61).isLessThan(1024 * 1024);
    }

    @Test
    void indexRangesAreCounted() {
        assertThat(IndexRanges.parse("0,2-4,7")).containsExactly(0, 2, 3, 4, 7);
        assertThat(IndexRanges.count("0,2-4,7")).isEqualTo(5);
        assertThat(IndexRanges.count(null)).isZero();
        assertThat(IndexRanges.parse("")).isEqualTo(List.of());
        assertThat(IndexRanges.format(List.of(7, 0, 2, 3, 4))).isEqualTo("0,2-4,7");
        assertThat(IndexRanges.format(List.of(5))).isEqualTo("5");
        assertThat(IndexRanges.parse(IndexRanges.format(List.of(1, 2, 3, 9, 10)))).containsExactly(1, 2, 3, 9, 10);
    }

    @Test
    void aPodsRunTimeIsItsRunnerContainersStartToFinish() {
        var finished = new io.fabric8.kubernetes.api.model.PodBuilder().withNewStatus().addNewContainerStatus()
                .withName(IndexedJobs.CONTAINER).withNewState().withNewTerminated().withExitCode(0)
                .withStartedAt("2026-11-25T10:00:00Z").withFinishedAt("2026-11-25T10:42:30Z").endTerminated().endState()
                .endContainerStatus().endStatus().build();
        var running = new io.fabric8.kubernetes.api.model.PodBuilder().withNewStatus().addNewContainerStatus()
                .withName(IndexedJobs.CONTAINER).withNewState().withNewRunning().withStartedAt("2026-11-25T10:00:00Z")
                .endRunning().endState().endContainerStatus().endStatus().build();

        assertThat(OutputTaskRunner.runSeconds(finished)).isEqualTo(2550.0);
        assertThat(OutputTaskRunner.runSeconds(running)).as("not finished: not counted yet").isZero();
    }

    /**
     * A round above one Job's share: Jobs {@code <job>-r<round>-<part>} of at most that many scenes, each reading only
     * its own gzip'd manifest; a round within it keeps the names and plain manifest it always had.
     */
    @Test
    void aRoundAboveOneJobsShareIsSplitIntoJobsThatEachReadTheirOwnGzippedManifest() {
        Sen2CorJob job = job();
        assertThat(RoundParts.of(job, 2, 10_000, 10_000)).singleElement().satisfies(p -> {
            assertThat(p.jobName()).isEqualTo("kenya-jan-2019-cluster-r2");
            assertThat(p.manifestName()).isEqualTo("kenya-jan-2019-cluster-r2-scenes");
            assertThat(p.compressed()).isFalse();
        });
        var parts = RoundParts.of(job, 0, 1_000_000, 10_000);
        assertThat(parts).hasSize(100).hasSize(RoundParts.count(1_000_000, 10_000));
        assertThat(parts.get(99)).satisfies(p -> {
            assertThat(p.jobName()).isEqualTo("kenya-jan-2019-cluster-r0-99");
            assertThat(p.offset()).isEqualTo(990_000);
            assertThat(p.size()).isEqualTo(10_000);
        });
        assertThat(RoundParts.count(10_001, 10_000)).isEqualTo(2);
        assertThat(RoundParts.count(0, 10_000)).as("a round of nothing is still one Job").isEqualTo(1);

        var built = IndexedJobs.job(job, env(), 0, parts.get(7), false, 20, false, "img");
        assertThat(built.getMetadata().getName()).isEqualTo("kenya-jan-2019-cluster-r0-7");
        assertThat(built.getMetadata().getLabels()).containsEntry(IndexedJobs.PART_LABEL, "7").containsEntry(IndexedJobs.ROUND_LABEL, "0");
        assertThat(built.getSpec().getCompletions()).isEqualTo(10_000);
        assertThat(built.getSpec().getMaxFailedIndexes()).as("within Kubernetes' 100,000").isEqualTo(10_000);
        var pod = built.getSpec().getTemplate().getSpec();
        assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals("manifest")).singleElement()
                .satisfies(v -> assertThat(v.getConfigMap().getName()).isEqualTo("kenya-jan-2019-cluster-r0-7-scenes"));
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo(io.sen2cor.operator.contract.RunnerContract.MANIFEST_URI);
            assertThat(e.getValue()).isEqualTo("file:///etc/sen2cor/manifest/scenes.txt.gz");
        });

        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(io.sen2cor.operator.testing.GeneratedCatalogue.product(i));
        }
        var manifest = RoundParts.manifest(job, 0, parts.get(7), ids);
        assertThat(manifest.getData()).isNull();
        assertThat(manifest.getImmutable()).isTrue();
        assertThat(manifest.getMetadata().getAnnotations()).containsEntry(RoundParts.SCENES_HASH_ANNOTATION,
                io.sen2cor.operator.contract.Sha256.ofLines(ids));
        assertThat(RoundParts.scenes(manifest)).isEqualTo(ids);
        assertThat(RoundParts.sameScenes(manifest, RoundParts.manifest(job, 0, parts.get(7), ids.subList(1, 10_000)))).isFalse();
    }

    /** A kept selection's catalog task reads round 0's manifests, projected beside its own ConfigMap, in order. */
    @Test
    void theCatalogTaskOfAKeptSelectionReadsItsPartsAsOneDirectory() {
        Sen2CorJob job = job();
        var parts = RoundParts.of(job, 0, 25_000, 10_000);
        var task = OutputTasks.job(job, env(), OutputTasks.Task.CATALOG, "r0", false, parts, "img");
        var pod = task.getSpec().getTemplate().getSpec();
        var volume = pod.getVolumes().stream().filter(v -> v.getName().equals("manifest")).findFirst().orElseThrow();
        assertThat(volume.getProjected().getSources()).hasSize(4).first()
                .satisfies(s -> assertThat(s.getConfigMap().getName()).isEqualTo("kenya-jan-2019-cluster-catalog-r0-scenes"));
        assertThat(volume.getProjected().getSources().get(3).getConfigMap()).satisfies(cm -> {
            assertThat(cm.getName()).isEqualTo("kenya-jan-2019-cluster-r0-2-scenes");
            assertThat(cm.getItems()).singleElement().satisfies(item -> {
                assertThat(item.getKey()).isEqualTo("scenes.txt.gz");
                assertThat(item.getPath()).isEqualTo("scenes/00002-scenes.txt.gz");
            });
        });
        assertThat(pod.getContainers().get(0).getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo(io.sen2cor.operator.contract.RunnerContract.MANIFEST_URI);
            assertThat(e.getValue()).isEqualTo("file:///etc/sen2cor/manifest/scenes/");
        });
    }

    /** A split round's Job ends: ranges when short, a bitset when shorter, so 10,000 indexes take at most ~1.7 KB. */
    @Test
    void partEndsKeepFailedIndexesInTheShorterFormAndReadThemBack() {
        var few = new io.sen2cor.operator.api.RoundOutcome();
        few.setSucceeded(9_998);
        few.setFailed(2);
        few.setFailedIndexes("3,9000");
        assertThat(PartEnds.encode(few)).isEqualTo("9998 2 3,9000");
        assertThat(PartEnds.decode("9998 2 3,9000").getFailedIndexes()).isEqualTo("3,9000");
        List<Integer> every3rd = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i += 3) {
            every3rd.add(i);
        }
        var many = new io.sen2cor.operator.api.RoundOutcome();
        many.setSucceeded(10_000 - every3rd.size());
        many.setFailed(every3rd.size());
        many.setFailedIndexes(IndexRanges.format(every3rd));
        String encoded = PartEnds.encode(many);
        assertThat(encoded).contains(" b:").hasSizeLessThan(1_700);
        var back = PartEnds.decode(encoded);
        assertThat(IndexRanges.parse(back.getFailedIndexes())).isEqualTo(every3rd);
        assertThat(back.getFailed()).isEqualTo(every3rd.size());
        var none = new io.sen2cor.operator.api.RoundOutcome();
        none.setSucceeded(10_000);
        none.setFailed(0);
        assertThat(PartEnds.decode(PartEnds.encode(none)).getFailedIndexes()).isNull();
    }
}
