package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;

/**
 * The Kubernetes backend end to end on a real API server, Job controller, scheduler and garbage collector, with a
 * node kwok simulates (no container runs; src/test/resources/kwok/stages.yaml scripts the pods): four scenes, of
 * which index 1 exits with the runner's permanent "product not found" code and index 2's first pod is disrupted
 * like a Spot reclaim and then succeeds on a new pod.
 */
class KubernetesBackendOnApiServerTest {

    static final List<String> PRODUCTS = List.of(
            "S2A_MSIL1C_20190122T075221_N0207_R135_T36NXF_20190122T091707",
            "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707",
            "S2A_MSIL1C_20190122T075221_N0207_R135_T36NZF_20190122T091707",
            "S2A_MSIL1C_20190122T075221_N0207_R135_T36MXF_20190122T091707");

    LocalControlPlane cluster;
    KubernetesClient client;
    LocalOperator operator;

    @BeforeEach
    void start() {
        cluster = LocalControlPlane.get();
        cluster.addKwokNode("kwok-spot-0", Map.of("karpenter.sh/capacity-type", "spot"));
        client = cluster.client();
        var events = new EventRecorder(client);
        var jobs = new KubernetesJobBackend(client, new InformerReads(), "sen2cor-runner:test", Duration.ofMinutes(15), Duration.ofMinutes(1), Clock.systemUTC());
        operator = LocalOperator.start(client, new Backends(List.of(new KubernetesEnvironmentBackend(client)), List.of(jobs)), true);
    }

    @AfterEach
    void stop() {
        operator.close();
        client.close();
    }

    @Test
    void fourScenesOnTheSimulatedNodeOnePermanentFailureOneDisruptionRetried() {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        client.resource(env).fieldManager("argocd-controller").forceConflicts().serverSideApply();
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName("kwok-e2e");
        job.getSpec().setProducts(PRODUCTS);
        client.resource(job).fieldManager("argocd-controller").forceConflicts().serverSideApply();

        Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kwok-e2e").get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() != null
                        && j.getStatus().getPhase() != JobPhase.Running && j.getStatus().getPhase() != JobPhase.Pending);
        Kubectl.Result get = cluster.kubectl("get", "sen2corjobs,jobs,pods", "-n", "default", "-o", "wide");
        System.out.println(get.output());

        assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(3);
        assertThat(done.getStatus().getScenes().getFailed()).isEqualTo(1);
        assertThat(done.getStatus().getProgress()).isEqualTo("4/4");
        assertThat(done.getStatus().getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getProduct()).isEqualTo(PRODUCTS.get(1));
            assertThat(f.getReason()).isEqualTo("exit code 3 (Error): product not found in the source");
            assertThat(f.getAttempts()).as("a permanent exit code fails the index at once, no retries").isEqualTo(1);
        });
        var k8sJob = client.batch().v1().jobs().inNamespace("default").withName("kwok-e2e-r0").get();
        assertThat(k8sJob.getStatus().getFailedIndexes()).isEqualTo("1");
        assertThat(io.sen2cor.operator.k8s.IndexRanges.parse(k8sJob.getStatus().getCompletedIndexes())).containsExactly(0, 2, 3);
        List<Pod> index2 = client.pods().inNamespace("default").withLabel("job-name", "kwok-e2e-r0")
                .withLabel("batch.kubernetes.io/job-completion-index", "2").list().getItems();
        assertThat(index2).as("the disrupted pod and its replacement").hasSize(2);
        assertThat(index2).extracting(p -> p.getStatus().getPhase()).containsExactlyInAnyOrder("Failed", "Succeeded");

        client.resource(done).delete();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                client.batch().v1().jobs().inNamespace("default").withName("kwok-e2e-r0").get() == null
                        && client.configMaps().inNamespace("default").withName("kwok-e2e-r0-scenes").get() == null);
        client.resource(env).delete();
    }

    @Test
    void aSceneReclaimedOnSpotOnEveryAttemptRunsAgainOnAnOnDemandNode() {
        cluster.addKwokNode("kwok-on-demand-0", Map.of("karpenter.sh/capacity-type", "on-demand"));
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("s2-cluster-escalating");
        env.getSpec().getKubernetes().setOnDemandNodeSelector(Map.of("karpenter.sh/capacity-type", "on-demand"));
        client.resource(env).fieldManager("argocd-controller").forceConflicts().serverSideApply();
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName("kwok-spot");
        job.getSpec().setEnvironmentRef("s2-cluster-escalating");
        // index 2 is reclaimed on every Spot attempt (stages.yaml), index 1 exits 3, index 0 succeeds
        job.getSpec().setProducts(PRODUCTS.subList(0, 3));
        job.getSpec().getRetry().setAttempts(3);
        job.getSpec().getRetry().setOnDemandAfterSpotInterruptions(3);
        client.resource(job).fieldManager("argocd-controller").forceConflicts().serverSideApply();

        Sen2CorJob done = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kwok-spot").get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() != null
                        && j.getStatus().getPhase() != JobPhase.Running && j.getStatus().getPhase() != JobPhase.Pending);
        System.out.println(cluster.kubectl("get", "sen2corjobs,jobs,pods", "-n", "default", "-o", "wide").output());

        assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(done.getStatus().getScenes().getSucceeded()).as("index 0, and index 2 on On-Demand").isEqualTo(2);
        assertThat(done.getStatus().getScenes().getFailed()).as("index 1, carried").isEqualTo(1);
        assertThat(done.getStatus().getRounds()).extracting("cause", "scenes", "capacity", "carriedFailed")
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Initial", 3, null, null),
                        org.assertj.core.groups.Tuple.tuple("SpotEscalation", 1, "OnDemand", 1));
        assertThat(done.getStatus().getSpot().getInterruptions()).isEqualTo(3);
        assertThat(done.getStatus().getSpot().getEscalated()).isEqualTo(1);
        assertThat(done.getStatus().getFailures()).singleElement().satisfies(f -> {
            assertThat(f.getProduct()).isEqualTo(PRODUCTS.get(1));
            assertThat(f.getPod()).startsWith("kwok-spot-r0-1-");
        });
        List<Pod> reclaimed = client.pods().inNamespace("default").withLabel("job-name", "kwok-spot-r0")
                .withLabel("batch.kubernetes.io/job-completion-index", "2").list().getItems();
        assertThat(reclaimed).as("three Spot attempts, each reclaimed").hasSize(3)
                .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("kwok-spot-0"));
        List<Pod> onDemand = client.pods().inNamespace("default").withLabel("job-name", "kwok-spot-r1").list().getItems();
        assertThat(onDemand).singleElement().satisfies(p -> {
            assertThat(p.getSpec().getNodeName()).isEqualTo("kwok-on-demand-0");
            assertThat(p.getSpec().getNodeSelector()).containsEntry("karpenter.sh/capacity-type", "on-demand");
            assertThat(p.getStatus().getPhase()).isEqualTo("Succeeded");
        });

        client.resource(done).delete();
        client.resource(env).delete();
    }

    @Test
    void aJobTheApiServerRefusesEndsAsAConditionWithAWarningAndLeavesNoManifest() {
        // passes the BatchEnvironment's schema (tolerations are Kubernetes' own type), but the Job's validation refuses it
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("refusing-env");
        env.getSpec().getKubernetes().getTolerations().get(0).setEffect("Sometimes");
        client.resource(env).serverSideApply();
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName("refused");
        job.getSpec().setEnvironmentRef("refusing-env");
        client.resource(job).serverSideApply();

        Sen2CorJob refused = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("refused").get(),
                j -> j.getStatus() != null && j.getStatus().getConditions() != null && j.getStatus().getConditions().stream()
                        .anyMatch(c -> "InvalidSpec".equals(c.getReason())));

        assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage())
                .contains("the API server refused", "tolerations[0].effect", "Sometimes"));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(client.v1().events().inNamespace("default")
                .list().getItems()).anySatisfy(e -> {
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("refused");
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("InvalidSpec");
                }));
        assertThat(client.configMaps().inNamespace("default").withName(IndexedJobs.manifestName(refused, 0)).get())
                .as("no scene manifest left without its Job").isNull();
        assertThat(client.batch().v1().jobs().inNamespace("default").withName(IndexedJobs.jobName(refused, 0)).get()).isNull();

        client.resource(refused).delete();
        client.resource(env).delete();
    }

    /**
     * Issue: Jobs are deleted ttlSecondsAfterFinished after they end; a retry raised after that found no Job, counted
     * every scene as pending and stayed Running for ever. The round's end is recorded in status while its Job exists,
     * and the retry runs the failed scene from that record after the real TTL controller has deleted the Job.
     */
    @Test
    void aRetryAfterTheJobsTtlDeletedItRunsTheFailedSceneFromWhatStatusRecorded() {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("short-ttl");
        env.getSpec().getKubernetes().setJobTtlSecondsAfterFinished(3);
        client.resource(env).serverSideApply();
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName("kwok-ttl");
        job.getSpec().setEnvironmentRef("short-ttl");
        job.getSpec().setProducts(PRODUCTS);
        client.resource(job).serverSideApply();

        Sen2CorJob partly = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kwok-ttl").get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.PartiallySucceeded);
        assertThat(partly.getStatus().getRounds().get(0).getEnded()).satisfies(e -> {
            assertThat(e.getSucceeded()).isEqualTo(3);
            assertThat(e.getFailedIndexes()).isEqualTo("1");
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.batch().v1().jobs().inNamespace("default").withName("kwok-ttl-r0").get() == null);

        Sen2CorJob retry = client.resources(Sen2CorJob.class).inNamespace("default").withName("kwok-ttl").get();
        retry.getSpec().setRetryGeneration(1);
        client.resource(retry).update();
        // round 1 holds only the failed scene, at index 0, which the simulated node completes
        Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("kwok-ttl").get(),
                j -> j.getStatus().getRounds().size() == 2 && j.getStatus().getPhase() == JobPhase.Succeeded);
        assertThat(done.getStatus().getRounds().get(1).getCause()).isEqualTo("RetryFailed");
        assertThat(done.getStatus().getRounds().get(1).getScenes()).isEqualTo(1);
        assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(4);
        assertThat(done.getStatus().getProgress()).isEqualTo("4/4");
        assertThat(client.configMaps().inNamespace("default").withName("kwok-ttl-r1-scenes").get().getData().values())
                .singleElement().asString().contains(PRODUCTS.get(1));

        client.resource(done).delete();
        client.resource(env).delete();
    }

    /** Deleting a namespace with its Sen2CorJobs in it (their finalizers, their Jobs) must not leave it Terminating. */
    @Test
    void aNamespaceDeletedWithItsSen2CorJobsGoesAway() {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("doomed-env");
        client.resource(env).serverSideApply();
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("doomed").endMetadata().build()).create();
        for (String name : List.of("running", "finished")) {
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
            job.getMetadata().setName(name);
            job.getMetadata().setNamespace("doomed");
            job.getSpec().setEnvironmentRef("doomed-env");
            job.getSpec().setSuspend("running".equals(name));
            client.resource(job).create();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("doomed").withName("finished").get(),
                j -> j.getStatus() != null && j.getStatus().getCompletionTime() != null);
        assertThat(client.resources(Sen2CorJob.class).inNamespace("doomed").withName("running").get().getMetadata()
                .getFinalizers()).as("the operator's finalizer is on").isNotEmpty();

        client.namespaces().withName("doomed").delete();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.namespaces().withName("doomed").get() == null);
        client.resource(env).delete();
    }
}
