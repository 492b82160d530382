package io.sen2cor.operator.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobStatus;
import io.sen2cor.operator.backend.Observation;
import io.sen2cor.operator.lifecycle.JobLifecycle;
import io.sen2cor.operator.stac.SceneSelections;
import io.sen2cor.operator.stac.StacSearch;
import io.sen2cor.operator.status.ConditionReason;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.status.EventReason;
import io.sen2cor.operator.testing.ApiReads;
import io.sen2cor.operator.testing.GeneratedCatalogue;
import io.sen2cor.operator.testing.RecordingEvents;

/**
 * The Kubernetes backend against the Fabric8 mock API server (CRUD mode: no Job controller, so the test writes the
 * Job status and pods the controller would): what is created, and how Job status rolls up into the Sen2CorJob.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobBackendMockServerTest {

    KubernetesClient client;
    RecordingEvents events;
    KubernetesJobBackend backend;
    JobLifecycle lifecycle;
    BatchEnvironment env;

    @BeforeEach
    void setUp() {
        events = new RecordingEvents();
        lifecycle = new JobLifecycle(events, Clock.systemUTC(), SceneSelections.overStac(Clock.systemUTC()));
        backend = new KubernetesJobBackend(client, new ApiReads(client), "sen2cor-runner:test", Duration.ofMinutes(15), Duration.ofMinutes(1), Clock.systemUTC());
        env = IndexedJobsTest.env();
        env.getSpec().getKubernetes().setAuxDataClaimName(null);
    }

    Sen2CorJob job(String name) {
        Sen2CorJob job = IndexedJobsTest.job();
        job.getMetadata().setName(name);
        job.getMetadata().setUid(UUID.randomUUID().toString());
        job.setStatus(new Sen2CorJobStatus());
        return job;
    }

    Job k8sJob(String name) {
        return client.batch().v1().jobs().inNamespace("default").withName(name).get();
    }

    void controllerReports(String jobName, String completed, String failed, int active, boolean finished) {
        Job j = k8sJob(jobName);
        var status = new JobStatusBuilder().withCompletedIndexes(completed).withFailedIndexes(failed).withActive(active);
        if (finished) {
            status.addNewCondition().withType(failed == null ? "Complete" : "Failed").withStatus("True").endCondition();
        }
        j.setStatus(status.build());
        client.batch().v1().jobs().inNamespace("default").resource(j).updateStatus();
    }

    void failedPod(String jobName, int index, int exitCode, String message) {
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata()
                .withName(jobName + "-" + index + "-abcde").withCreationTimestamp("2026-11-25T12:00:00Z")
                .withLabels(Map.of("job-name", jobName, "batch.kubernetes.io/job-completion-index", String.valueOf(index)))
                .endMetadata()
                .withNewStatus().withPhase("Failed").addNewContainerStatus().withName("runner").withNewState()
                .withNewTerminated().withExitCode(exitCode).withReason("Error").withMessage(message).endTerminated()
                .endState().endContainerStatus().endStatus().build()).create();
    }

    @Test
    void createsTheManifestAndJobThenRollsUpIndexesAndPodFailuresAndRetriesOnlyTheFailedScene() throws Exception {
        Sen2CorJob job = job("kenya");
        Observation created = lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(created.state()).isEqualTo(Observation.State.PROGRESSING);
        assertThat(k8sJob("kenya-r0").getSpec().getCompletions()).isEqualTo(2);
        assertThat(client.configMaps().inNamespace("default").withName("kenya-r0-scenes").get().getData().get("scenes.txt"))
                .isEqualTo(String.join("\n", job.getSpec().getProducts()) + "\n");
        assertThat(job.getStatus().getRounds().get(0).getJobIds()).containsExactly("kenya-r0");

        controllerReports("kenya-r0", null, null, 2, false);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(job.getStatus().getScenes().getRunning()).isEqualTo(2);

        controllerReports("kenya-r0", "0", "1", 0, true);
        failedPod("kenya-r0", 1, 3, "product not found in sentinel-s2-l1c");
        Observation done = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(job.getStatus().getProgress()).isEqualTo("2/2");
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(1);
        assertThat(job.getStatus().getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getProduct()).isEqualTo(job.getSpec().getProducts().get(1));
            assertThat(f.getReason()).isEqualTo("exit code 3 (Error): product not found in sentinel-s2-l1c");
            assertThat(f.getAttempts()).isEqualTo(1);
            assertThat(f.getPod()).isEqualTo("kenya-r0-1-abcde");
            assertThat(f.getLogCommand()).isEqualTo("kubectl logs -n " + job.getMetadata().getNamespace() + " kenya-r0-1-abcde");
            assertThat(f.getLogStream()).as("no CloudWatch on this backend").isNull();
        });
        assertThat(done.reason()).isEqualTo(ConditionReason.Ready);
        assertThat(done.warning().reason()).isEqualTo(ConditionReason.CompletedWithFailures);
        // what the operator cannot write itself on this backend: a runner pod writes the collection and the report
        assertThat(k8sJob("kenya-catalog-r0").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("SEN2COR_TASK=catalog"));
        assertThat(client.configMaps().inNamespace("default").withName("kenya-catalog-r0-scenes").get().getData().get("report.json"))
                .contains(job.getSpec().getProducts().get(1), "product not found in sentinel-s2-l1c");


        job.getSpec().setRetryGeneration(1);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(k8sJob("kenya-r1").getSpec().getCompletions()).isEqualTo(1);
        assertThat(client.configMaps().inNamespace("default").withName("kenya-r1-scenes").get().getData().get("scenes.txt"))
                .isEqualTo(job.getSpec().getProducts().get(1) + "\n");
        controllerReports("kenya-r1", "0", null, 0, true);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(2);
        assertThat(job.getStatus().getFailures()).isNull();
        assertThat(client.configMaps().inNamespace("default").withName("kenya-catalog-r1-scenes").get().getData().get("report.json"))
                .as("the second finish gets its own report").doesNotContain("product not found");

        // the finished Jobs deleted by hand (or by a TTL), pods with them: the status is final, nothing is redone
        client.batch().v1().jobs().inNamespace("default").delete();
        client.pods().inNamespace("default").delete();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> k8sJob("kenya-r0") == null && k8sJob("kenya-r1") == null);
        Thread.sleep(300); // the backend reads Jobs from its informer
        String completed = job.getStatus().getCompletionTime();
        assertThat(lifecycle.reconcile(backend, job, env, job.getStatus()).reason()).isEqualTo(ConditionReason.Ready);
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(job.getStatus().getCompletionTime()).isEqualTo(completed);
        assertThat(k8sJob("kenya-r1")).as("not created again").isNull();
    }

    @Test
    void aMissingClaimCreatesNothingAndSaysWhat() {
        env.getSpec().getKubernetes().setAuxDataClaimName("sen2cor-aux");
        Sen2CorJob job = job("kenya");

        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(o.reason()).isEqualTo(ConditionReason.MissingKubernetesReference);
        assertThat(o.message()).isEqualTo("missing in namespace default: PersistentVolumeClaim default/sen2cor-aux "
                + "(auxDataClaimName); nothing was created");
        assertThat(client.batch().v1().jobs().inAnyNamespace().list().getItems()).isEmpty();
    }

    @Test
    void maxParallelismIsSharedByTheEnvironmentsJobs() {
        env.getSpec().getKubernetes().setMaxParallelism(3);
        Sen2CorJob a = job("a");
        Sen2CorJob b = job("b");
        lifecycle.reconcile(backend, a, env, a.getStatus());
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(k8sJob("a-r0").getSpec().getParallelism()).isEqualTo(2);
        assertThat(k8sJob("b-r0").getSpec().getParallelism()).as("3 - 2 used by a").isEqualTo(1);

        controllerReports("a-r0", "0-1", null, 0, true);
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(k8sJob("b-r0").getSpec().getParallelism()).as("a finished: b may use what it needs").isEqualTo(2);
    }

    @Test
    void aSuspendedJobDoesNotHoldAShare() {
        env.getSpec().getKubernetes().setMaxParallelism(3);
        Sen2CorJob a = job("a");
        Sen2CorJob b = job("b");
        lifecycle.reconcile(backend, a, env, a.getStatus());
        client.batch().v1().jobs().inNamespace("default").withName("a-r0").edit(j -> {
            j.getSpec().setSuspend(true);
            return j;
        });
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(k8sJob("b-r0").getSpec().getParallelism()).as("a runs no pod while suspended").isEqualTo(2);
    }

    @Test
    void underKueueParallelismIsNeverChangedOnceTheJobExists() {
        env.getSpec().getKubernetes().setMaxParallelism(3);
        env.getSpec().getKubernetes().setKueueQueueName("eo");
        kueueWithLocalQueue("default", "eo");
        Sen2CorJob a = job("a");
        Sen2CorJob b = job("b");
        lifecycle.reconcile(backend, a, env, a.getStatus());
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(k8sJob("a-r0").getSpec().getParallelism()).isEqualTo(2);
        assertThat(k8sJob("b-r0").getSpec().getParallelism()).as("Kueue's quota caps concurrency, not a share").isEqualTo(2);
        String version = k8sJob("b-r0").getMetadata().getResourceVersion();

        env.getSpec().getKubernetes().setMaxParallelism(1);
        controllerReports("b-r0", null, null, 2, false);
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(k8sJob("b-r0").getSpec().getParallelism()).as("an admitted Job's parallelism change means eviction")
                .isEqualTo(2);
        assertThat(k8sJob("b-r0").getSpec().getSuspend()).as("Kueue admits it, not the operator").isTrue();
    }

    @Test
    void twoLongNamesThatDifferOnlyAtTheEndGetTwoJobsAndEachReportsItsOwnWork() {
        String stem = "kenya-january-2019-tile-36nxf-reprocessing-of-the-baseline-x";
        Sen2CorJob first = job(stem + "a");
        Sen2CorJob second = job(stem + "b");
        assertThat(first.getMetadata().getName()).hasSize(61);
        lifecycle.reconcile(backend, first, env, first.getStatus());
        lifecycle.reconcile(backend, second, env, second.getStatus());

        String firstJob = first.getStatus().getRounds().get(0).getJobIds().get(0);
        String secondJob = second.getStatus().getRounds().get(0).getJobIds().get(0);
        assertThat(firstJob).isNotEqualTo(secondJob);
        assertThat(client.batch().v1().jobs().inNamespace("default").list().getItems()).hasSize(2)
                .allSatisfy(j -> assertThat(j.getMetadata().getName()).hasSizeLessThanOrEqualTo(52))
                .allSatisfy(j -> assertThat(j.getMetadata().getLabels().values())
                        .allSatisfy(v -> assertThat(v).hasSizeLessThanOrEqualTo(63)));
        assertThat(client.configMaps().inNamespace("default").list().getItems()).hasSize(2);
        assertThat(IndexedJobs.jobName(job("a.b"), 0)).isNotEqualTo(IndexedJobs.jobName(job("a-b"), 0));

        // only the first one's scenes ran: the second does not borrow its progress
        controllerReports(firstJob, "0-" + (first.getSpec().getProducts().size() - 1), null, 0, true);
        lifecycle.reconcile(backend, first, env, first.getStatus());
        lifecycle.reconcile(backend, second, env, second.getStatus());
        assertThat(first.getStatus().getPhase()).isEqualTo(JobPhase.Succeeded);
        assertThat(second.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(second.getStatus().getScenes().getSucceeded()).isZero();
    }

    @Test
    void aSameNamedJobOfAnotherSen2CorJobIsANameConflictNotItsWork() {
        Sen2CorJob original = job("kenya");
        lifecycle.reconcile(backend, original, env, original.getStatus());
        Sen2CorJob impostor = job("kenya");  // same name and namespace, another UID (deleted and re-created, say)

        Observation o = lifecycle.reconcile(backend, impostor, env, impostor.getStatus());

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.NameConflict);
        assertThat(o.message()).contains("belongs to something else");
        assertThat(impostor.getStatus().getRounds().get(0).getJobIds()).as("no Job recorded").isEmpty();
    }

    @Test
    void aJobTheApiServerRefusesIsAConditionNamingTheFieldNotAnExceptionLoop() {
        Sen2CorJob job = job("kenya");
        var refusal = new KubernetesClientException(new StatusBuilder().withCode(422).withMessage("Job.batch \"kenya-r0\" "
                + "is invalid: spec.template.spec.containers[0].volumeMounts[3].mountPath: Invalid value: \"/tmp\": must be "
                + "unique").build());

        Observation o = backend.explain(job, refusal).orElseThrow();

        assertThat(o.state()).isEqualTo(Observation.State.DEGRADED);
        assertThat(o.reason()).isEqualTo(ConditionReason.InvalidSpec);
        assertThat(o.message()).contains("volumeMounts[3].mountPath", "must be unique");
        assertThat(o.recheckAfter()).as("rechecked, not given up").isNotNull();
        assertThat(backend.explain(job, new KubernetesClientException("connection refused"))).as("not the spec's fault")
                .isEmpty();
    }

    @Test
    void sameNamedJobsInTwoNamespacesBothCountAgainstTheShare() {
        env.getSpec().getKubernetes().setMaxParallelism(3);
        Sen2CorJob a = job("kenya");
        Sen2CorJob b = job("kenya");
        b.getMetadata().setNamespace("other");
        lifecycle.reconcile(backend, a, env, a.getStatus());
        lifecycle.reconcile(backend, b, env, b.getStatus());
        assertThat(client.batch().v1().jobs().inNamespace("other").withName("kenya-r0").get().getSpec().getParallelism())
                .as("3 - 2 used by default/kenya-r0, which is not the same Job").isEqualTo(1);
    }

    @Test
    void suspendSuspendsTheJob() {
        Sen2CorJob job = job("kenya");
        lifecycle.reconcile(backend, job, env, job.getStatus());
        controllerReports("kenya-r0", null, null, 2, false);
        job.getSpec().setSuspend(true);

        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(k8sJob("kenya-r0").getSpec().getSuspend()).isTrue();
        assertThat(o.reason()).isEqualTo(ConditionReason.Suspended);
        // as the reconciler does: suspend and resume are transitions of the Ready reason
        job.getStatus().setConditions(Conditions.set(job.getStatus().getConditions(), ConditionType.READY, true,
                o.reason().name(), o.message(), 1L, Instant.EPOCH));
        job.getSpec().setSuspend(false);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(k8sJob("kenya-r0").getSpec().getSuspend()).isFalse();
        assertThat(events.reasons()).contains(EventReason.JobsCancelled, EventReason.JobSubmitted);
        assertThat(events.messages(EventReason.JobSubmitted)).last().isEqualTo("resumed Job kenya-r0");
    }

    /**
     * Issue 32: one Sen2CorJob of a million scenes on the Kubernetes backend. The selection is kept in the cluster as
     * 100 gzip'd manifests, the round runs as 100 Indexed Jobs of 10,000 (one created per reconcile), failures are per
     * scene (5,000 scattered in one Job, one in another), a restarted operator whose Jobs the TTL deleted still counts
     * and names them from the recorded ends, and a retry runs exactly the 5,001 failed scenes; status stays within
     * 16 KiB from the selection to the retry.
     */
    @Test
    void aMillionScenesRunAsAHundredJobsWithStatusBoundedAndFailuresAndARetryPerScene() throws InterruptedException {
        List<StacSearch.Item> items = new ArrayList<>(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            items.add(new StacSearch.Item("i" + i, GeneratedCatalogue.product(i)));
        }
        lifecycle = new JobLifecycle(events, Clock.systemUTC(),
                new SceneSelections(selector -> new StacSearch.Result(items, 4000, false), Clock.systemUTC()));
        Sen2CorJob job = job("continent");
        job.getMetadata().setGeneration(1L);
        job.getSpec().setProducts(null);
        SceneSelector scenes = GeneratedCatalogue.everything("http://127.0.0.1:1");
        job.getSpec().setScenes(scenes);
        var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        int largest = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline && (job.getStatus().getRounds() == null || job.getStatus().getRounds().isEmpty()
                || job.getStatus().getRounds().get(0).getJobIds().size() < 100)) {
            Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());
            largest = Math.max(largest, json.asJson(job.getStatus()).length());
            if (o.reason() == ConditionReason.ResolvingScenes) {
                Thread.sleep(20);
            }
        }
        var selection = job.getStatus().getSelection();
        assertThat(selection.getSelected()).isEqualTo(1_000_000);
        assertThat(selection.getProducts()).as("not in status").isNull();
        assertThat(selection.getManifestUri()).isEqualTo("configmap://default/continent-r0-0-scenes");
        var round = job.getStatus().getRounds().get(0);
        assertThat(round.getJobIds()).hasSize(100).startsWith("continent-r0-0").endsWith("continent-r0-99");
        assertThat(k8sJob("continent-r0-57").getSpec().getCompletions()).isEqualTo(10_000);
        assertThat(RoundParts.scenes(client.configMaps().inNamespace("default").withName("continent-r0-57-scenes").get()))
                .hasSize(10_000).first().isEqualTo(GeneratedCatalogue.product(570_000));
        assertThat(client.batch().v1().jobs().inNamespace("default").list().getItems())
                .extracting(j -> j.getSpec().getParallelism()).as("one environment share of 20 pods, given in order")
                .containsOnly(20, 0).filteredOn(p -> p > 0).hasSize(1);

        List<Integer> odd = new ArrayList<>();
        List<Integer> even = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            (i % 2 == 0 ? even : odd).add(i);
        }
        for (int part = 0; part < 100; part++) {
            String name = "continent-r0-" + part;
            if (part == 0) {
                controllerReports(name, IndexRanges.format(odd), IndexRanges.format(even), 0, true);
            } else if (part == 57) {
                controllerReports(name, "0-9998", "9999", 0, true);
                failedPod(name, 9999, 3, "product not found in the source");
            } else {
                controllerReports(name, "0-9999", null, 0, true);
            }
        }
        lifecycle.reconcile(backend, job, env, job.getStatus());
        largest = Math.max(largest, json.asJson(job.getStatus()).length());
        assertThat(job.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(job.getStatus().getScenes().getSucceeded()).isEqualTo(994_999);
        assertThat(job.getStatus().getScenes().getFailed()).isEqualTo(5_001);
        assertThat(job.getStatus().getProgress()).isEqualTo("1000000/1000000");
        assertThat(job.getStatus().getFailures()).hasSize(20).first().satisfies(f ->
                assertThat(f.getProduct()).isEqualTo(GeneratedCatalogue.product(0)));
        assertThat(round.getEnded().getFailed()).isEqualTo(5_001);
        assertThat(round.getEnded().getFailedIndexes()).as("per Job, not in status").isNull();
        var ends = client.configMaps().inNamespace("default").withName("continent-r0-ended").get().getData();
        assertThat(ends).hasSize(100).containsEntry("part-57", "9999 1 9999").containsEntry("part-1", "10000 0 ");
        assertThat(ends.get("part-0")).as("5,000 scattered failures as a bitset").startsWith("5000 5000 b:").hasSizeLessThan(1_800);

        // the TTL deletes every Job; a restarted operator reads the recorded ends
        client.batch().v1().jobs().inNamespace("default").delete();
        backend = new KubernetesJobBackend(client, new ApiReads(client), "sen2cor-runner:test", Duration.ofMinutes(15),
                Duration.ofMinutes(1), Clock.systemUTC());
        job.getSpec().setRetryGeneration(1);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        largest = Math.max(largest, json.asJson(job.getStatus()).length());
        var retry = job.getStatus().getRounds().get(1);
        assertThat(retry.getScenes()).isEqualTo(5_001);
        assertThat(retry.getJobIds()).containsExactly("continent-r1");
        List<String> rerun = RoundParts.scenes(client.configMaps().inNamespace("default").withName("continent-r1-scenes").get());
        assertThat(rerun).hasSize(5_001).startsWith(GeneratedCatalogue.product(0), GeneratedCatalogue.product(2))
                .endsWith(GeneratedCatalogue.product(579_999));
        System.out.printf("million-scene job on the Kubernetes backend: largest status %d bytes (JSON); part 0's end %d "
                + "characters%n", largest, ends.get("part-0").length());
        assertThat(largest).as("status bytes: 100 Job names and counts, no product id").isLessThan(16 * 1024);
    }

    /**
     * A split round is created whole in one reconcile; its later Jobs start with no pods and get the environment's
     * share in order; a smaller share never deletes running pods (parallelism shrinks as they finish); and a part's
     * manifest deleted by hand is a condition, not scenes made up from indexes.
     */
    @Test
    void aSplitRoundSharesParallelismWithoutKillingPodsAndAGoneManifestIsACondition() {
        backend = new KubernetesJobBackend(client, new ApiReads(client), "sen2cor-runner:test", Duration.ofMinutes(15),
                Duration.ofMinutes(1), Clock.systemUTC(), 2);
        Sen2CorJob job = job("split");
        List<String> products = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            products.add(GeneratedCatalogue.product(i));
        }
        job.getSpec().setProducts(products);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(job.getStatus().getRounds().get(0).getJobIds()).as("one reconcile")
                .containsExactly("split-r0-0", "split-r0-1", "split-r0-2");
        assertThat(List.of("split-r0-0", "split-r0-1", "split-r0-2")).extracting(n -> k8sJob(n).getSpec().getParallelism())
                .containsExactly(2, 0, 0);
        assertThat(events.messages(EventReason.JobSubmitted)).singleElement().asString()
                .startsWith("created 3 Indexed Job(s) split-r0-0, split-r0-1, split-r0-2 for 5 scenes, one per 2");

        // both pods of the first run; the environment's share drops to 1 meanwhile
        controllerReports("split-r0-0", null, null, 2, false);
        env.getSpec().getKubernetes().setMaxParallelism(1);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(k8sJob("split-r0-0").getSpec().getParallelism()).as("its two running pods are not deleted").isEqualTo(2);
        controllerReports("split-r0-0", "0", null, 1, false);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(k8sJob("split-r0-0").getSpec().getParallelism()).as("shrinks as they finish").isEqualTo(1);
        assertThat(k8sJob("split-r0-1").getSpec().getParallelism()).isZero();
        controllerReports("split-r0-0", "0", "1", 0, true);
        lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(k8sJob("split-r0-1").getSpec().getParallelism()).as("the next Job gets the share").isEqualTo(1);

        // a same-named record of something else is not written into
        client.configMaps().inNamespace("default").withName("split-r0-ended").delete();
        client.configMaps().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("split-r0-ended").endMetadata().addToData("part-1", "1 0 ").build()).create();
        controllerReports("split-r0-1", "0-1", null, 0, true);
        Observation foreign = lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(foreign.reason()).isEqualTo(ConditionReason.NameConflict);
        assertThat(foreign.message()).contains("split-r0-ended exists and belongs to something else");
        assertThat(client.configMaps().inNamespace("default").withName("split-r0-ended").get().getData()).containsOnlyKeys("part-1");
        client.configMaps().inNamespace("default").withName("split-r0-ended").delete();

        client.configMaps().inNamespace("default").withName("split-r0-0-scenes").delete();
        job.getStatus().setFailures(null);
        Observation gone = lifecycle.reconcile(backend, job, env, job.getStatus());
        assertThat(gone.reason()).isEqualTo(ConditionReason.MissingKubernetesReference);
        assertThat(gone.message()).contains("split-r0-0-scenes is gone", "apply the Sen2CorJob again under a new name");
    }

    @Test
    void podsTheSchedulerCannotPlaceSurfaceWithItsMessage() {
        Sen2CorJob job = job("kenya");
        lifecycle.reconcile(backend, job, env, job.getStatus());
        controllerReports("kenya-r0", null, null, 0, false);
        client.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("kenya-r0-0-xyz")
                .withLabels(Map.of("job-name", "kenya-r0")).endMetadata()
                .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage("0/3 nodes are available: 3 Insufficient cpu.").endCondition()
                .endStatus().build()).create();

        // the mock server stamps creationTimestamp itself: look from 20 minutes later instead
        backend = new KubernetesJobBackend(client, new ApiReads(client), "sen2cor-runner:test", Duration.ofMinutes(15), Duration.ofMinutes(1),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
        Observation o = lifecycle.reconcile(backend, job, env, job.getStatus());

        assertThat(o.reason()).as("Ready means ready").isEqualTo(ConditionReason.Ready);
        assertThat(o.warning().reason()).isEqualTo(ConditionReason.ScenesNotStarting);
        assertThat(o.warning().message()).isEqualTo("scene pods have not been scheduled for more than 15 min: "
                + "0/3 nodes are available: 3 Insufficient cpu.");
    }

    /** What preflight looks for under Kueue: its Workload API and the job namespace's LocalQueue. */
    void kueueWithLocalQueue(String namespace, String name) {
        client.apiextensions().v1().customResourceDefinitions().resource(new io.fabric8.kubernetes.api.model.apiextensions.v1
                .CustomResourceDefinitionBuilder().withNewMetadata().withName("workloads.kueue.x-k8s.io").endMetadata()
                .withNewSpec().withGroup("kueue.x-k8s.io").withScope("Namespaced")
                .withNewNames().withKind("Workload").withPlural("workloads").endNames()
                .addNewVersion().withName("v1beta2").withServed(true).withStorage(true).endVersion().endSpec().build()).create();
        var queue = new io.fabric8.kubernetes.api.model.GenericKubernetesResource();
        queue.setApiVersion("kueue.x-k8s.io/v1beta2");
        queue.setKind("LocalQueue");
        queue.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        client.genericKubernetesResources(new io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext.Builder()
                .withGroup("kueue.x-k8s.io").withVersion("v1beta2").withKind("LocalQueue").withPlural("localqueues")
                .withNamespaced(true).build()).inNamespace(namespace).resource(queue).create();
    }
}
