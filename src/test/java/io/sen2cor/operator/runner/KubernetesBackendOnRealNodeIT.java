package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.k8s.OutputTasks;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.testing.ContainerImages;
import io.sen2cor.operator.testing.DockerEngine;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.RealNode;
import io.sen2cor.operator.testing.StacServer;
import io.sen2cor.operator.testing.WithMoto;
import io.sen2cor.operator.work.JobFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container tier, step two: the Kubernetes backend's Indexed Job on a real node ({@link RealNode}: kubelet, containerd,
 * runc, a CNI bridge of this machine's own) running real runner pods of the runner image (stand-in Sen2Cor), against
 * moto's S3 exposed on the bridge address. Two scenes: one succeeds and uploads; the other is missing from the source,
 * exits 3, and the Job's podFailurePolicy fails its index at once. Then the store tasks the operator hands to runner
 * pods on this backend: the finished job's STAC collection and report, and a skip check. The restricted securityContext, the emptyDir and
 * ConfigMap mounts and the aux PVC are enforced by the real runtime. The backend runs at most one scene per Job here,
 * so the round is split (docs/architecture.md, "Kubernetes backend"): each pod reads its Job's gzip'd manifest as the
 * kubelet mounts it, and the catalog task of a selection kept in the cluster reads the parts as a projected directory.
 */
@WithMoto
class KubernetesBackendOnRealNodeIT {

    static final String MISSING = "S2A_MSIL1C_20190122T075221_N0207_R135_T36NYF_20190122T091707";
    static final Path STAC_DATA = io.sen2cor.operator.testing.Projects.dir().resolve("src/test/resources/stac/earth-search-l1c");
    /** The item derived for RunnerTest.ID (src/test/resources/stac/derived/README.md). */
    static final Path DERIVED_36NXF = io.sen2cor.operator.testing.Projects.dir()
            .resolve("src/test/resources/stac/derived/S2A_36NXF_20190122_0_L1C.json");

    @TempDir
    Path work;

    @Test
    void twoScenesOnARealNodeOneSucceedsOneFailsItsIndexAtOnce(MotoServer moto) throws Exception {
        DockerEngine docker = ContainerImages.build();
        RunnerTest fixture = new RunnerTest();
        fixture.work = work;
        fixture.setUp(moto);
        fixture.awsL1CProduct();
        LocalControlPlane cluster = LocalControlPlane.get();
        Taint spot = new TaintBuilder().withKey("spot").withValue("true").withEffect("NoSchedule").build();
        try (RealNode node = RealNode.start(cluster, docker, Map.of("karpenter.sh/capacity-type", "spot"), spot,
                List.of(ContainerImages.RUNNER));
                KubernetesClient client = cluster.client()) {
            String s3 = node.forward(moto.endpoint()).toString();
            LocalOperator.installCrds(client);
            // what a platform team provides: the aux data on a volume, S3 credentials in a Secret
            Path aux = Files.createDirectories(work.resolve("aux/aux_data"));
            for (String file : Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION)) {
                Files.writeString(aux.resolve(file), "stand-in");
            }
            Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
            client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("sen2cor-aux").endMetadata()
                    .withNewSpec().withCapacity(Map.of("storage", new Quantity("1Gi"))).withAccessModes("ReadOnlyMany")
                    .withStorageClassName("").withNewHostPath().withPath(work.resolve("aux").toString()).endHostPath()
                    .endSpec().build()).create();
            client.persistentVolumeClaims().inNamespace("default").resource(new PersistentVolumeClaimBuilder()
                    .withNewMetadata().withName("sen2cor-aux").endMetadata().withNewSpec().withAccessModes("ReadOnlyMany")
                    .withStorageClassName("").withVolumeName("sen2cor-aux")
                    .withNewResources().addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
            client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("s3-credentials")
                    // the namespace's owners mark it for Sen2CorJobs (docs/security.md)
                    .addToLabels(io.sen2cor.operator.validation.TenantPolicy.CREDENTIALS_LABEL, "true")
                    .endMetadata().addToStringData("AWS_ACCESS_KEY_ID", "testing")
                    .addToStringData("AWS_SECRET_ACCESS_KEY", "testing").build()).create();

            var events = new EventRecorder(client);
            var jobs = new KubernetesJobBackend(client, new InformerReads(), ContainerImages.RUNNER, Duration.ofMinutes(15),
                    Duration.ofMinutes(1), Clock.systemUTC(), 1);
            try (LocalOperator operator = LocalOperator.start(client,
                    new Backends(List.of(new KubernetesEnvironmentBackend(client)), List.of(jobs)), true)) {
                BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
                env.getSpec().getKubernetes().setAuxDataClaimName("sen2cor-aux");
                // moto, at this machine's bridge address: the S3 endpoint the pods sign their requests for
                env.getSpec().setAllowedEndpoints(List.of(s3));
                client.resource(env).serverSideApply();
                Sen2CorJob job = LocalOperator.example("sen2corjob-kenya-on-cluster.yaml", Sen2CorJob.class);
                job.getMetadata().setName("real-node");
                job.getSpec().setProducts(List.of(RunnerTest.ID, MISSING));
                job.getSpec().getOutput().setUri("s3://eo-l2a/kenya/");
                job.getSpec().getOutput().setEndpoint(s3);
                job.getSpec().getOutput().setCredentialsSecretRef("s3-credentials");
                job.getSpec().getSource().setEndpoint(s3);
                job.getSpec().getSource().setCredentialsSecretRef("s3-credentials");
                // a scene's pod must fit this 2-core machine
                job.getSpec().getResources().setVcpus(1);
                job.getSpec().getResources().setMemory("1Gi");
                client.resource(job).serverSideApply();

                Sen2CorJob done;
                try {
                    done = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(
                            () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("real-node").get(),
                            j -> j.getStatus() != null && j.getStatus().getPhase() != null
                                    && j.getStatus().getPhase() != JobPhase.Running && j.getStatus().getPhase() != JobPhase.Pending);
                } finally {
                    Kubectl.Result get = cluster.kubectl("get", "nodes,sen2corjobs,jobs,pods", "-A", "-o", "wide");
                    System.out.println(get.output());
                    for (Pod p : client.pods().inNamespace("default").withLabel(IndexedJobs.JOB_LABEL, "real-node").list().getItems()) {
                        System.out.println("--- " + p.getMetadata().getName() + " " + p.getStatus().getPhase() + "\n"
                                + cluster.kubectl("logs", "-n", "default", p.getMetadata().getName()).output());
                    }
                }
                assertThat(done.getStatus().getPhase()).isEqualTo(JobPhase.PartiallySucceeded);
                assertThat(done.getStatus().getRounds().get(0).getJobIds()).as("one Job per scene, each with its gzip'd manifest")
                        .containsExactly("real-node-r0-0", "real-node-r0-1");
                assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(1);
                assertThat(done.getStatus().getFailures()).singleElement().satisfies(f -> {
                    assertThat(f.getProduct()).isEqualTo(MISSING);
                    // the runner's own reason, from its termination message (kwok only ever showed a scripted one)
                    assertThat(f.getReason()).startsWith("exit code 3 (Error): ").contains("not found");
                    assertThat(f.getAttempts()).as("podFailurePolicy: a permanent exit code fails the index at once").isEqualTo(1);
                });
                assertThat(fixture.result().path("status").asText()).as("the scene's record in the bucket").isEqualTo("SUCCEEDED");
                assertThat(fixture.keys("kenya/")).anyMatch(k -> k.endsWith("MTD_MSIL2A.xml"));
                Pod ok = client.pods().inNamespace("default").withLabel("job-name", "real-node-r0-0")
                        .withLabel("batch.kubernetes.io/job-completion-index", "0").list().getItems().get(0);
                assertThat(ok.getSpec().getNodeName()).isEqualTo(RealNode.NAME);
                assertThat(ok.getStatus().getPodIP()).as("on the bridge, not the host network").startsWith("10.244.77.");
                System.out.printf("real node: %s ran %d pod(s); pod IP %s; kubelet %s%n", RealNode.NAME,
                        client.pods().inNamespace("default").withLabel(IndexedJobs.JOB_LABEL, "real-node").list().getItems().size(),
                        ok.getStatus().getPodIP(), client.nodes().withName(RealNode.NAME).get().getStatus().getNodeInfo()
                                .getKubeletVersion());

                // what the operator cannot do itself here (no access to the store): runner pods with the scenes' identity
                String folder = JobFolder.of(done).key();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(fixture.keys(folder)).as("the catalog task's output").contains(folder + "catalog.json",
                                folder + "report.json"));
                var collection = RunnerTest.JSON.readTree(fixture.get("eo-l2a", folder + "catalog.json"));
                assertThat(collection.path("links").findValuesAsText("rel")).filteredOn("item"::equals).hasSize(1);
                assertThat(collection.path("links").findValuesAsText("href")).contains(fixture.result().path("stacItem").asText());
                Path file = work.resolve("collection.json");
                Files.writeString(file, collection.toPrettyString());
                var valid = io.sen2cor.operator.testing.StacValidator.validate(file);
                assertThat(valid.exitCode()).as(valid.output()).isZero();
                assertThat(fixture.get("eo-l2a", folder + "report.json")).contains(MISSING);

                // the same job as if its scenes were a selection kept in the cluster: round 0's two gzip'd manifests,
                // projected into the catalog task's pod as one directory the runner reads in order
                client.batch().v1().jobs().inNamespace("default").withLabel(OutputTasks.TASK_LABEL, "catalog")
                        .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
                client.configMaps().inNamespace("default").withLabel(OutputTasks.TASK_LABEL, "catalog").delete();
                await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace("default")
                        .withLabel(OutputTasks.TASK_LABEL, "catalog").list().getItems().isEmpty());
                fixture.s3.deleteObject(r -> r.bucket("eo-l2a").key(folder + "catalog.json"));
                Sen2CorJob kept = client.resources(Sen2CorJob.class).inNamespace("default").withName("real-node").get();
                kept.getSpec().setProducts(null);
                var selection = new io.sen2cor.operator.api.SceneSelectionStatus();
                selection.setSelected(2);
                selection.setManifestUri(done.getStatus().getRounds().get(0).getManifestUri());
                kept.getStatus().setSelection(selection);
                jobs.publish(kept, env, "{}");
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                        assertThat(fixture.keys(folder)).as("the kept selection's catalog").contains(folder + "catalog.json"));
                assertThat(client.batch().v1().jobs().inNamespace("default").withLabel(OutputTasks.TASK_LABEL, "catalog").list()
                        .getItems()).singleElement().satisfies(task -> assertThat(task.getSpec().getTemplate().getSpec().getVolumes())
                                .anySatisfy(v -> assertThat(v.getProjected()).isNotNull()));
                var keptCollection = RunnerTest.JSON.readTree(fixture.get("eo-l2a", folder + "catalog.json"));
                assertThat(keptCollection.path("links").findValuesAsText("href")).as("the part that succeeded, read through the directory")
                        .contains(fixture.result().path("stacItem").asText());

                long started = System.nanoTime();
                assertThat(jobs.succeededScenes(done, env, List.of(MISSING, RunnerTest.ID)))
                        .as("the skip check pod's answer").contains(Set.of(RunnerTest.ID));
                System.out.printf("skip check on a real node: %.1f s (create, schedule, run, read the message)%n",
                        (System.nanoTime() - started) / 1e9);
                await().atMost(Duration.ofSeconds(30)).until(() -> client.batch().v1().jobs().inNamespace("default")
                        .withLabel(OutputTasks.TASK_LABEL, "skip").list().getItems().isEmpty() && client.configMaps()
                        .inNamespace("default").withLabel(OutputTasks.TASK_LABEL, "skip").list().getItems().isEmpty());

                // end to end through the operator: a STAC selection of the scene that succeeded, with skipExisting; the
                // skip check pod finds its record and nothing is submitted
                try (StacServer stac = StacServer.start(work.resolve("stac"))) {
                    stac.load(STAC_DATA.resolve("collection.json"), List.of(DERIVED_36NXF));
                    Sen2CorJob selector = LocalOperator.example("sen2corjob-stac-36nxf.yaml", Sen2CorJob.class);
                    selector.getSpec().setEnvironmentRef(env.getMetadata().getName());
                    selector.getSpec().getScenes().setCatalog(stac.endpoint().toString());
                    selector.getSpec().getScenes().setSkipExisting(true);
                    selector.getSpec().setOutput(job.getSpec().getOutput());
                    selector.getSpec().setSource(job.getSpec().getSource());
                    selector.getSpec().setResources(job.getSpec().getResources());
                    client.resource(selector).serverSideApply();
                    Sen2CorJob skipped = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2)).until(
                            () -> client.resource(selector).get(),
                            j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
                    assertThat(skipped.getStatus().getSelection().getMatched()).isEqualTo(1);
                    assertThat(skipped.getStatus().getSelection().getSkipped()).as("its record says SUCCEEDED").isEqualTo(1);
                    assertThat(skipped.getStatus().getSelection().getSelected()).isZero();
                    assertThat(skipped.getStatus().getConditions()).filteredOn(c -> c.getType().equals("Ready")).singleElement()
                            .satisfies(c -> assertThat(c.getMessage()).startsWith("nothing left to process: ")
                                    .contains("1 already SUCCEEDED"));
                    assertThat(client.batch().v1().jobs().inNamespace("default").withLabel(IndexedJobs.JOB_LABEL,
                            selector.getMetadata().getName()).list().getItems()).as("no scene Job, no skip Job left")
                            .allSatisfy(j -> assertThat(j.getMetadata().getLabels()).doesNotContainKey(IndexedJobs.ROUND_LABEL)
                                    .doesNotContainEntry(OutputTasks.TASK_LABEL, "skip"));
                    client.resource(skipped).delete();
                }

                client.resource(done).delete();
                client.resource(env).delete();
            } catch (Throwable t) {
                System.out.println("kubelet log tail:\n" + node.tail("kubelet") + "\ncontainerd log tail:\n"
                        + node.tail("containerd"));
                throw t;
            }
        }
    }
}
