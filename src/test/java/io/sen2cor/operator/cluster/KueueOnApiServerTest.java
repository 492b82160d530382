package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalKueue;
import io.sen2cor.operator.testing.LocalOperator;

/**
 * The Kubernetes backend under real Kueue (its manager built from Go modules, testing/LocalKueue) on the real API
 * server, scheduler and Job controller, with kwok's simulated node: a Job larger than the queue's quota is admitted
 * partially instead of held for ever; a scene Kueue cannot admit is reported with Kueue's own words; suspend and
 * resume go through the Workload; a missing LocalQueue stops the job before anything is created.
 */
class KueueOnApiServerTest {

    static final List<String> PRODUCTS = KubernetesBackendOnApiServerTest.PRODUCTS;

    static LocalControlPlane cluster;
    static KubernetesClient client;
    static LocalOperator operator;

    @BeforeAll
    static void start() {
        cluster = LocalControlPlane.get();
        LocalKueue.ensure(cluster);
        cluster.addKwokNode("kwok-kueue-0", Map.of("karpenter.sh/capacity-type", "spot"));
        client = cluster.client();
        // ScenesNotStarting after 3 s, so the test need not wait the production 15 min
        var jobs = new KubernetesJobBackend(client, new InformerReads(), "sen2cor-runner:test", Duration.ofSeconds(3),
                Duration.ofSeconds(2), Clock.systemUTC());
        operator = LocalOperator.start(client, new Backends(List.of(new KubernetesEnvironmentBackend(client)), List.of(jobs)), true);
        // room for two 4-vCPU scenes at once, in each test's own queue (quota is not shared between the tests)
        LocalKueue.queue(cluster, "eo-cq", "8", "64Gi", "default", "eo-queue");
        LocalKueue.queue(cluster, "partial-cq", "8", "64Gi", "default", "partial-queue");
    }

    @AfterAll
    static void stop() {
        operator.close();
        // other tests of this JVM expect their own simulated nodes only
        client.nodes().withName("kwok-kueue-0").delete();
        client.close();
    }

    static BatchEnvironment environment(String name, String queue) {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName(name);
        env.getSpec().getKubernetes().setKueueQueueName(queue);
        client.resource(env).serverSideApply();
        return env;
    }

    static Sen2CorJob submit(String name, String env, List<String> products, int vcpus) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName(name);
        job.getSpec().setEnvironmentRef(env);
        job.getSpec().setProducts(products);
        job.getSpec().getResources().setVcpus(vcpus);
        return client.resource(job).create();
    }

    static Sen2CorJob get(String name) {
        return client.resources(Sen2CorJob.class).inNamespace("default").withName(name).get();
    }

    @Test
    void aJobLargerThanTheQueuesQuotaIsAdmittedPartiallyAndRunsEveryScene() {
        environment("kueue-partial-env", "partial-queue");
        submit("kueue-partial", "kueue-partial-env", PRODUCTS, 4);

        Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kueue-partial"), j -> j.getStatus() != null && j.getStatus().getCompletionTime() != null);
        Job k8sJob = client.batch().v1().jobs().inNamespace("default").withName("kueue-partial-r0").get();
        assertThat(k8sJob.getMetadata().getAnnotations()).containsEntry(IndexedJobs.KUEUE_MIN_PARALLELISM, "1");
        assertThat(k8sJob.getSpec().getParallelism()).as("4 scenes x 4 vCPU in a queue of 8 vCPU: Kueue admitted 2")
                .isEqualTo(2);
        // the kwok stages fail index 1 for good and disrupt index 2 once: every scene ran, in pairs
        assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
        assertThat(done.getStatus().getProgress()).isEqualTo("4/4");
        client.resource(done).delete();
    }

    @Test
    void aSceneTheQueueCannotAdmitIsReportedInKueuesWordsAndSuspendResumeGoThroughTheWorkload() {
        environment("kueue-env", "eo-queue");
        submit("kueue-big", "kueue-env", PRODUCTS.subList(0, 1), 16);

        Sen2CorJob waiting = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kueue-big"), j -> warning(j) != null);
        System.out.println("Warning while Kueue holds the job: " + warning(waiting).getMessage());
        assertThat(waiting.getStatus().getPhase()).isEqualTo(JobPhase.Running);
        assertThat(warning(waiting).getReason()).isEqualTo("ScenesNotStarting");
        assertThat(warning(waiting).getMessage()).contains("Job kueue-big-r0 has not started",
                "Kueue has not admitted its Workload", "LocalQueue eo-queue", "cpu");

        Sen2CorJob suspend = get("kueue-big");
        suspend.getSpec().setSuspend(true);
        client.resource(suspend).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.FALSE.equals(spec(workload("kueue-big-r0")).get("active")));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("kueue-big").getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getReason()).isEqualTo("Suspended");
            assertThat(c.getMessage()).isEqualTo("spec.suspend is true: Kueue Workload deactivated");
        }));

        Sen2CorJob resume = get("kueue-big");
        resume.getSpec().setSuspend(false);
        client.resource(resume).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> Boolean.TRUE.equals(spec(workload("kueue-big-r0")).get("active")));
        // more quota: Kueue admits the waiting Workload and the scene runs
        LocalKueue.queue(cluster, "eo-cq", "32", "64Gi", "default", "eo-queue");
        Sen2CorJob done = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kueue-big"), j -> j.getStatus().getPhase() == JobPhase.Succeeded);
        assertThat(warning(done)).as("the warning goes once the scene ran").isNull();
        LocalKueue.queue(cluster, "eo-cq", "8", "64Gi", "default", "eo-queue");
        client.resource(done).delete();
    }

    @Test
    void aLocalQueueMissingInTheJobsNamespaceStopsItBeforeAnythingIsCreated() {
        environment("kueue-typo", "eo-queu");
        submit("kueue-typo", "kueue-typo", PRODUCTS.subList(0, 1), 4);
        Sen2CorJob refused = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kueue-typo"), j -> j.getStatus() != null && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream().anyMatch(c -> "MissingKubernetesReference".equals(c.getReason())));
        assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage())
                .contains("LocalQueue default/eo-queu (kueueQueueName)", "nothing was created"));
        assertThat(client.batch().v1().jobs().inNamespace("default").withName("kueue-typo-r0").get()).isNull();
        client.resource(refused).delete();
    }

    /** MultiKueue sends Jobs to worker clusters, where nothing the scene pods mount exists: refused before submitting. */
    @Test
    void aQueueBackedByMultiKueueIsRefusedWithTheReason() throws java.io.IOException {
        java.nio.file.Path yaml = java.nio.file.Files.createTempFile("multikueue", ".yaml");
        java.nio.file.Files.writeString(yaml, """
                apiVersion: kueue.x-k8s.io/v1beta2
                kind: AdmissionCheck
                metadata: {name: to-workers}
                spec: {controllerName: kueue.x-k8s.io/multikueue}
                """);
        var applied = cluster.kubectl("apply", "--server-side", "-f", yaml.toString());
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        LocalKueue.queue(cluster, "mk-cq", "64", "256Gi", "default", "mk-queue", "to-workers");
        environment("kueue-multi", "mk-queue");
        submit("kueue-multi", "kueue-multi", PRODUCTS.subList(0, 1), 4);
        Sen2CorJob refused = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kueue-multi"), j -> j.getStatus() != null && j.getStatus().getConditions() != null
                        && j.getStatus().getConditions().stream().anyMatch(c -> "InvalidSpec".equals(c.getReason())));
        assertThat(refused.getStatus().getConditions()).anySatisfy(c -> assertThat(c.getMessage())
                .contains("AdmissionCheck to-workers of MultiKueue", "does not support MultiKueue", "nothing was created"));
        assertThat(client.batch().v1().jobs().inNamespace("default").withName("kueue-multi-r0").get()).isNull();
        client.resource(refused).delete();
    }

    static Condition warning(Sen2CorJob job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null ? null : job.getStatus().getConditions()
                .stream().filter(c -> "Warning".equals(c.getType())).findFirst().orElse(null);
    }

    static GenericKubernetesResource workload(String jobName) {
        Job job = client.batch().v1().jobs().inNamespace("default").withName(jobName).get();
        return client.genericKubernetesResources("kueue.x-k8s.io/v1beta2", "Workload").inNamespace("default")
                .withLabel("kueue.x-k8s.io/job-uid", job.getMetadata().getUid()).list().getItems().get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }
}
