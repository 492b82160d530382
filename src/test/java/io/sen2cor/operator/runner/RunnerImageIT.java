package io.sen2cor.operator.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.JobDefinitions;
import io.sen2cor.operator.aws.JobSubmissions;
import io.sen2cor.operator.contract.RunnerContract;
import io.sen2cor.operator.contract.S3Location;
import io.sen2cor.operator.k8s.IndexedJobs;
import io.sen2cor.operator.testing.Command;
import io.sen2cor.operator.testing.ContainerImages;
import io.sen2cor.operator.testing.DockerEngine;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.WithMoto;
import io.sen2cor.operator.work.Quantities;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container tier, after packaging: the runner image built from runner.Dockerfile (test base image, stand-in Sen2Cor
 * installer) and started the way each backend starts it, with the user, read-only root filesystem, capabilities,
 * mounts and environment taken from what the operator itself builds ({@link IndexedJobs#job} for Kubernetes, the
 * job definition and SubmitJob overrides for AWS Batch), against moto's S3 on 127.0.0.1 over the host network.
 */
@WithMoto
class RunnerImageIT {

    @TempDir
    Path host;

    RunnerTest fixture;
    MotoServer moto;
    DockerEngine docker;

    @BeforeEach
    void setUp(MotoServer moto) throws IOException {
        this.moto = moto;
        docker = ContainerImages.build();
        fixture = new RunnerTest();
        fixture.work = host;
        fixture.setUp(moto);
        fixture.awsL1CProduct();
        Files.setPosixFilePermissions(host, PosixFilePermissions.fromString("rwxrwxrwx"));
    }

    /** The example job, reading and writing moto (the endpoints the spec allows for S3-compatible stores). */
    Sen2CorJob job(String example) {
        Sen2CorJob job = LocalOperator.example(example, Sen2CorJob.class);
        job.getMetadata().setUid("3f0c6f6e-7a43-4c1e-9d7e-000000000001");
        job.getSpec().setProducts(List.of(RunnerTest.ID));
        job.getSpec().getOutput().setUri("s3://eo-l2a/kenya/");
        job.getSpec().getOutput().setEndpoint(moto.endpoint().toString());
        job.getSpec().getSource().setEndpoint(moto.endpoint().toString());
        return job;
    }

    /** A host folder for a volume: world-writable like an emptyDir, so uid 10001 can write it. */
    Path volume(String name) throws IOException {
        Path dir = Files.createDirectories(host.resolve("volumes").resolve(name));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        return dir;
    }

    /** Stand-in ESACCI maps where the image's aux_data links point (/aux/aux_data), as the aux PVC or EFS holds them. */
    Path auxVolume() throws IOException {
        Path aux = volume("aux");
        // where the cluster test's job puts them (spec.sen2cor.auxDataPath /data/esacci: the volume at /data); the
        // Batch test mounts the same folder at /aux, whose aux_data/ is the default path
        Files.createDirectories(aux.resolve("dem"));
        for (String dir : List.of("esacci", "aux_data")) {
            Files.createDirectories(aux.resolve(dir));
            for (String file : Sen2CorProcess.auxFilesFor(RunnerContract.DEFAULT_SEN2COR_VERSION)) {
                Files.writeString(aux.resolve(dir).resolve(file), "stand-in");
            }
        }
        return aux;
    }

    /** Credentials as the job's Secret (Kubernetes) or job role (AWS Batch) would give them. */
    static List<String> credentials() {
        return List.of("-e", "AWS_ACCESS_KEY_ID=testing", "-e", "AWS_SECRET_ACCESS_KEY=testing",
                "-e", "SEN2COR_SOURCE_AWS_ACCESS_KEY_ID=testing", "-e", "SEN2COR_SOURCE_AWS_SECRET_ACCESS_KEY=testing");
    }

    /** The scene's vCPUs, capped at this machine's (a node this small would not take the pod or the job at all). */
    static String cpus(String requested) {
        return String.valueOf(Math.min(Double.parseDouble(requested), Runtime.getRuntime().availableProcessors()));
    }

    Command.Result run(List<String> flags) {
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--network", "host"));
        args.addAll(flags);
        args.add(ContainerImages.RUNNER);
        return docker.docker(300, args.toArray(String[]::new));
    }

    @Test
    void aSceneSucceedsInTheImageStartedAsTheKubernetesBackendsPodSpecSays() throws IOException {
        BatchEnvironment env = LocalOperator.example("batchenvironment-cluster-spot.yaml", BatchEnvironment.class);
        env.getSpec().getKubernetes().setAuxDataClaimName("sen2cor-aux");
        Sen2CorJob job = job("sen2corjob-kenya-on-cluster.yaml");
        // not the default /aux/aux_data: the image's links must follow the spec
        job.getSpec().getSen2cor().setAuxDataPath("/data/esacci");
        PodSpec pod = IndexedJobs.job(job, env, 0, false, 1, 1, false, ContainerImages.RUNNER).getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo(ContainerImages.RUNNER);

        List<String> flags = new ArrayList<>(credentials());
        assertThat(docker.dockerOk(30, "image", "inspect", "--format", "{{.Config.User}}", ContainerImages.RUNNER).strip())
                .as("runAsNonRoot needs a numeric non-root USER in the image").isEqualTo("10001");
        if (Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
            flags.add("--read-only");
        }
        if (Boolean.FALSE.equals(c.getSecurityContext().getAllowPrivilegeEscalation())) {
            flags.addAll(List.of("--security-opt", "no-new-privileges"));
        }
        c.getSecurityContext().getCapabilities().getDrop().forEach(cap -> flags.addAll(List.of("--cap-drop", cap)));
        flags.addAll(List.of("--cpus", cpus(c.getResources().getLimits().get("cpu").toString()),
                "--memory", Quantities.memoryMiB(c.getResources().getLimits().get("memory").toString()) + "m"));
        c.getEnv().forEach(e -> flags.addAll(List.of("-e", e.getName() + "=" + e.getValue())));
        flags.addAll(List.of("-e", "JOB_COMPLETION_INDEX=0"));
        for (var mount : c.getVolumeMounts()) {
            Volume v = pod.getVolumes().stream().filter(x -> x.getName().equals(mount.getName())).findFirst().orElseThrow();
            Path source;
            if (v.getConfigMap() != null) {
                source = volume("manifest");
                Files.writeString(source.resolve("scenes.txt"), RunnerTest.ID + "\n");
            } else if (v.getPersistentVolumeClaim() != null) {
                source = auxVolume();
            } else {
                source = volume(mount.getName()); // emptyDir
            }
            flags.addAll(List.of("-v", source + ":" + mount.getMountPath() + (Boolean.TRUE.equals(mount.getReadOnly()) ? ":ro" : "")));
        }

        Command.Result r = run(flags);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("Sen2Cor. Version: 02.12.03, created: 2024.05.17 (stand-in)");
        assertThat(fixture.result().path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(fixture.keys("kenya/")).anyMatch(k -> k.endsWith("MTD_MSIL2A.xml"));
    }

    /** docker run flags for the job definition and SubmitJob overrides the AWS Batch backend sends. */
    List<String> awsBatchFlags(int arrayIndex) throws IOException {
        BatchEnvironment env = LocalOperator.example("batchenvironment-spot.yaml", BatchEnvironment.class);
        Sen2CorJob job = job("sen2corjob-kenya.yaml");
        var definition = JobDefinitions.register(JobDefinitions.content(job, env, ContainerImages.RUNNER), Map.of("k", "v"))
                .containerProperties();
        var submit = JobSubmissions.request(job, 0, JobSubmissions.chunks(2).get(0), "queue", "definition",
                io.sen2cor.operator.contract.S3Location.parse("s3://eo-l2a/_sen2cor/manifest.txt"), "Spot");
        assertThat(definition.image()).isEqualTo(ContainerImages.RUNNER);
        List<String> flags = new ArrayList<>(credentials());
        if (Boolean.TRUE.equals(definition.readonlyRootFilesystem())) {
            flags.add("--read-only");
        }
        if (definition.user() != null) {
            flags.addAll(List.of("--user", definition.user()));
        }
        if (definition.linuxParameters() != null) {
            definition.linuxParameters().tmpfs().forEach(t -> flags.addAll(List.of("--tmpfs",
                    t.containerPath() + ":" + String.join(",", t.mountOptions()) + ",size=" + t.size() + "m")));
        }
        // a volume with an empty host is one the ECS agent has Docker make for the container: an anonymous volume,
        // which starts with the image folder's content and owner (the runner user's /work)
        definition.mountPoints().forEach(m -> definition.volumes().stream()
                .filter(v -> v.name().equals(m.sourceVolume()) && v.host() != null && v.host().sourcePath() == null)
                .findFirst().ifPresent(v -> flags.addAll(List.of("-v", m.containerPath()))));
        definition.resourceRequirements().forEach(rr -> {
            switch (rr.typeAsString()) {
                case "VCPU" -> flags.addAll(List.of("--cpus", cpus(rr.value())));
                case "MEMORY" -> flags.addAll(List.of("--memory", rr.value() + "m"));
                default -> {
                }
            }
        });
        submit.containerOverrides().environment().forEach(e -> flags.addAll(List.of("-e", e.name() + "=" + e.value())));
        flags.addAll(List.of("-e", "AWS_BATCH_JOB_ARRAY_INDEX=" + arrayIndex));
        // the aux data EFS volume of the seed's AMI: at /aux, read-only
        flags.addAll(List.of("-v", auxVolume() + ":/aux:ro"));
        return flags;
    }

    @Test
    void aMissingProductExits3AndATimeoutExits75InTheImageStartedAsAwsBatchStartsIt() throws IOException {
        // the fixture's manifest: index 0 is a product the source does not have, index 1 is there
        Command.Result missing = run(awsBatchFlags(0));
        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(RunnerContract.EXIT_PRODUCT_NOT_FOUND);

        List<String> slow = awsBatchFlags(1);
        slow.addAll(List.of("-e", RunnerContract.TIMEOUT_SECONDS + "=2", "-e", "FAKE_SEN2COR_MODE=sleep"));
        Command.Result timedOut = run(slow);
        assertThat(timedOut.exitCode()).as(timedOut.output()).isEqualTo(RunnerContract.EXIT_RETRYABLE);
        assertThat(fixture.result().path("retryable").asBoolean()).isTrue();

        // the DEM on the read-only aux volume (the seed's EFS holds aux_data/ and dem/) without the tile Sen2Cor
        // needs: with Force_Exit_On_DEM_Error (always rendered TRUE) the scene fails for good, naming the tile
        String tile = "Copernicus_DSM_COG_10_N00_00_E036_00_DEM";
        List<String> noDemTile = awsBatchFlags(1);
        noDemTile.addAll(List.of("-e", RunnerContract.DEM_DIRECTORY + "=/aux/dem", "-e",
                RunnerContract.DEM_REFERENCE + "=https://dem.example/", "-e", "FAKE_SEN2COR_DEM_TILES=" + tile));
        Command.Result readOnlyDem = run(noDemTile);
        assertThat(readOnlyDem.exitCode()).as(readOnlyDem.output()).isEqualTo(RunnerContract.EXIT_CONFIG);
        assertThat(fixture.result().path("error").asText()).contains(tile + ".tif", "/aux/dem", "read-only");
    }
}
