package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneFailure;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.contract.Sha256;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.k8s.RoundParts;
import io.sen2cor.operator.testing.GeneratedCatalogue;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;

/**
 * Rounds above one Indexed Job's share on the Kubernetes backend (issue 32), on a real API server, Job controller,
 * TTL controller and garbage collector: a round split into one Indexed Job per part, each reading its own gzip'd
 * manifest, the environment's maxParallelism shared across them, failures and a retry after the TTL deleted the Jobs
 * read from the recorded ends; and a selection of 20,001 scenes kept in the cluster instead of refused.
 */
class SplitRoundsOnApiServerTest {

    LocalControlPlane cluster = LocalControlPlane.get();
    KubernetesClient client = cluster.client();
    LocalOperator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        LocalOperator.removeAll(client);
        client.close();
    }

    void startOperator(int scenesPerJob) {
        var jobs = new KubernetesJobBackend(client, new InformerReads(), "sen2cor-runner:test", Duration.ofMinutes(15),
                Duration.ofMinutes(1), Clock.systemUTC(), scenesPerJob);
        operator = LocalOperator.start(client, new Backends(List.of(new KubernetesEnvironmentBackend(client)), List.of(jobs)), true);
    }

    static List<String> products(int n) {
        String letters = "ABCDEFGHJKLM";
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("S2A_MSIL1C_20190122T075221_N0207_R135_T36N" + letters.charAt(i) + "F_20190122T091707");
        }
        return out;
    }

    Sen2CorJob get(String name) {
        return client.resources(Sen2CorJob.class).inNamespace("default").withName(name).get();
    }

    /**
     * 12 scenes, at most 5 per Job: Jobs of 5, 5 and 2 on a node kwok simulates (index 1 of each exits with the
     * runner's permanent "product not found", index 2's first pod is disrupted like a Spot reclaim), at most 3 pods
     * at once across them. Then, after the TTL controller deleted all three, a retry runs the 3 failed scenes.
     */
    @Test
    void aRoundAboveOneJobsShareRunsAsOneIndexedJobPerPartAndRetriesFromTheRecordedEndsAfterTheTtl() throws Exception {
        cluster.addKwokNode("kwok-spot-0", Map.of("karpenter.sh/capacity-type", "spot"));
        startOperator(5);
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("split-ttl");
        // short enough that the first Jobs are deleted while the last one still runs
        env.getSpec().getKubernetes().setJobTtlSecondsAfterFinished(5);
        env.getSpec().getKubernetes().setMaxParallelism(3);
        client.resource(env).serverSideApply();
        List<String> products = products(12);
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
        job.getMetadata().setName("kwok-split");
        job.getSpec().setEnvironmentRef("split-ttl");
        job.getSpec().setProducts(products);
        client.resource(job).serverSideApply();

        // pods at once across the round's Jobs, sampled while it runs
        AtomicInteger mostActive = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> atMost = new java.util.concurrent.atomic.AtomicReference<>("");
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                List<Job> jobs = jobsOf("kwok-split");
                int active = jobs.stream()
                        .mapToInt(j -> j.getStatus() == null || j.getStatus().getActive() == null ? 0 : j.getStatus().getActive()).sum();
                if (active > mostActive.get()) {
                    mostActive.set(active);
                    // what each Job said then: parallelism, active, completed and failed indexes
                    atMost.set(jobs.stream().map(j -> j.getMetadata().getName() + " parallelism " + j.getSpec().getParallelism()
                            + (j.getStatus() == null ? "" : " active " + j.getStatus().getActive() + " completed "
                                    + j.getStatus().getCompletedIndexes() + " failed " + j.getStatus().getFailedIndexes()))
                            .collect(java.util.stream.Collectors.joining("; ")));
                }
                sleep(100);
            }
        });
        sampler.start();
        Sen2CorJob partly = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kwok-split"), j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.PartiallySucceeded);
        sampling.set(false);
        sampler.join();
        System.out.println(cluster.kubectl("get", "sen2corjobs,jobs,configmaps", "-n", "default", "-l",
                IndexedJobs.JOB_LABEL + "=kwok-split").output());

        var round = partly.getStatus().getRounds().get(0);
        assertThat(round.getJobIds()).containsExactly("kwok-split-r0-0", "kwok-split-r0-1", "kwok-split-r0-2");
        assertThat(round.getManifestUri()).isEqualTo("configmap://default/kwok-split-r0-0-scenes");
        assertThat(partly.getStatus().getScenes().getSucceeded()).isEqualTo(9);
        assertThat(partly.getStatus().getScenes().getFailed()).isEqualTo(3);
        assertThat(partly.getStatus().getProgress()).isEqualTo("12/12");
        assertThat(partly.getStatus().getFailures()).extracting(SceneFailure::getProduct)
                .as("index 1 of each part: scenes 1, 6 and 11 of the round")
                .containsExactlyInAnyOrder(products.get(1), products.get(6), products.get(11));
        assertThat(partly.getStatus().getFailures()).as("seen on the pods, kept after a Job's TTL deleted them")
                .allSatisfy(f -> assertThat(f.getReason()).isEqualTo("exit code 3 (Error): product not found in the source"));
        assertThat(round.getEnded().getSucceeded()).isEqualTo(9);
        assertThat(round.getEnded().getFailedIndexes()).as("per part, not in status").isNull();
        assertThat(mostActive.get()).as("pods at once across the three Jobs: " + atMost.get()).isPositive().isLessThanOrEqualTo(3);
        ConfigMap ends = client.configMaps().inNamespace("default").withName("kwok-split-r0-ended").get();
        assertThat(ends.getData()).containsExactlyInAnyOrderEntriesOf(Map.of("part-0", "4 1 1", "part-1", "4 1 1", "part-2", "1 1 1"));
        for (int part = 0; part < 3; part++) {
            ConfigMap manifest = client.configMaps().inNamespace("default").withName("kwok-split-r0-" + part + "-scenes").get();
            assertThat(manifest.getBinaryData()).as("gzip'd").containsOnlyKeys("scenes.txt.gz");
            assertThat(RoundParts.scenes(manifest)).isEqualTo(products.subList(part * 5, Math.min(12, part * 5 + 5)));
        }

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> jobsOf("kwok-split").isEmpty());
        Sen2CorJob retry = get("kwok-split");
        retry.getSpec().setRetryGeneration(1);
        client.resource(retry).update();
        // round 1: the three failed scenes in one Job; its index 1 (scene 6) fails again, index 2 is disrupted once
        Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(
                () -> get("kwok-split"), j -> j.getStatus().getRounds().size() == 2
                        && j.getStatus().getPhase() == JobPhase.PartiallySucceeded);
        var again = done.getStatus().getRounds().get(1);
        assertThat(again.getCause()).isEqualTo("RetryFailed");
        assertThat(again.getScenes()).isEqualTo(3);
        assertThat(again.getJobIds()).containsExactly("kwok-split-r1");
        assertThat(client.configMaps().inNamespace("default").withName("kwok-split-r1-scenes").get().getData().get("scenes.txt"))
                .isEqualTo(String.join("\n", products.get(1), products.get(6), products.get(11)) + "\n");
        assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(11);
        assertThat(done.getStatus().getScenes().getFailed()).isEqualTo(1);
        assertThat(done.getStatus().getFailures()).extracting(SceneFailure::getProduct).containsExactly(products.get(6));
        System.out.printf("12 scenes in 3 Jobs, retried: status %d bytes, at most %d pods at once%n",
                Serialization.asJson(done.getStatus()).length(), mostActive.get());

        client.resource(done).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> client.configMaps().inNamespace("default")
                .withLabel(IndexedJobs.JOB_LABEL, "kwok-split").list().getItems().isEmpty());
    }

    /**
     * 20,001 scenes selected from a generated catalogue: kept in the cluster as round 0's three gzip'd manifests (not
     * refused, not in status), run as Jobs of 10,000, 10,000 and 1 with the environment's 3 pods given to the first
     * (no node matches, so they stay Pending: nothing is simulated running), suspended together, and gone with the
     * Sen2CorJob.
     */
    @Test
    void aSelectionAboveTenThousandIsKeptInTheClusterAndRunsAsJobsOfTenThousand() throws IOException {
        startOperator(10_000);
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getMetadata().setName("nowhere");
        env.getSpec().getKubernetes().setNodeSelector(Map.of("sen2cor.io/test-node", "none"));
        env.getSpec().getKubernetes().setMaxParallelism(3);
        client.resource(env).serverSideApply();
        try (GeneratedCatalogue catalogue = new GeneratedCatalogue(20_001)) {
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
            job.getMetadata().setName("continent");
            job.getSpec().setEnvironmentRef("nowhere");
            job.getSpec().setProducts(null);
            job.getSpec().setScenes(GeneratedCatalogue.everything(catalogue.root()));
            client.resource(job).create();

            Sen2CorJob running = await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(
                    () -> get("continent"), j -> j.getStatus() != null && j.getStatus().getRounds() != null
                            && !j.getStatus().getRounds().isEmpty() && j.getStatus().getRounds().get(0).getJobIds().size() == 3);
            var selection = running.getStatus().getSelection();
            assertThat(selection.getSelected()).isEqualTo(20_001);
            assertThat(selection.getProducts()).as("not in status").isNullOrEmpty();
            assertThat(selection.getManifestUri()).isEqualTo("configmap://default/continent-r0-0-scenes");
            List<String> kept = new ArrayList<>();
            for (int part = 0; part < 3; part++) {
                ConfigMap manifest = client.configMaps().inNamespace("default").withName("continent-r0-" + part + "-scenes").get();
                int bytes = Serialization.asJson(manifest).length();
                System.out.printf("part %d: %d bytes as JSON%n", part, bytes);
                assertThat(bytes).as("gzip'd: a fifth of the ids' text").isLessThan(200_000);
                kept.addAll(RoundParts.scenes(manifest));
            }
            assertThat(kept).hasSize(20_001).first().isEqualTo(GeneratedCatalogue.product(0));
            assertThat(Sha256.ofLines(kept)).as("the frozen selection").isEqualTo(selection.getSha256());

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobsOf("continent"))
                    .extracting(j -> j.getMetadata().getName() + " " + j.getSpec().getCompletions() + " " + j.getSpec().getParallelism())
                    .as("the 3 pods the environment allows go to the first Job; the others wait for its tail")
                    .containsExactlyInAnyOrder("continent-r0-0 10000 3", "continent-r0-1 10000 0", "continent-r0-2 1 0"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(client.pods().inNamespace("default")
                    .withLabel(IndexedJobs.JOB_LABEL, "continent").list().getItems()).hasSize(3)
                    .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Pending")));
            long started = System.nanoTime();
            String wide = cluster.kubectl("get", "sen2corjobs", "continent", "-n", "default", "-o", "wide").output();
            System.out.printf("kubectl get -o wide: %d ms%n%s%n", (System.nanoTime() - started) / 1_000_000, wide);
            assertThat(wide).contains("20001");
            int statusBytes = Serialization.asJson(get("continent").getStatus()).length();
            System.out.printf("20,001 scenes on the Kubernetes backend: status %d bytes%n", statusBytes);
            assertThat(statusBytes).as("status bytes").isLessThan(4_000);

            Sen2CorJob suspend = get("continent");
            suspend.getSpec().setSuspend(true);
            client.resource(suspend).update();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobsOf("continent"))
                    .allSatisfy(j -> assertThat(j.getSpec().getSuspend()).as(j.getMetadata().getName()).isTrue()));

            client.resource(get("continent")).delete();
            await().atMost(Duration.ofSeconds(60)).until(() -> jobsOf("continent").isEmpty() && client.configMaps()
                    .inNamespace("default").withLabel(IndexedJobs.JOB_LABEL, "continent").list().getItems().isEmpty());
        }
    }

    List<Job> jobsOf(String name) {
        return client.batch().v1().jobs().inNamespace("default").withLabel(IndexedJobs.JOB_LABEL, name).list().getItems();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
