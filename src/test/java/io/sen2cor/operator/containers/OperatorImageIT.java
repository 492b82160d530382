package io.sen2cor.operator.containers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.ContainerImages;
import io.sen2cor.operator.testing.DockerEngine;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;

/**
 * Container tier, after packaging: the operator image built from operator.Dockerfile (on the offline test base image)
 * and started with the Helm chart's settings (the image's user 10001, read-only root filesystem, /tmp a 64 MiB
 * tmpfs like the chart's emptyDir, all capabilities dropped, no privilege escalation, the 512 MiB memory limit, the
 * image's JAVA_OPTS, which the chart keeps by default), on the host network to reach the local control plane and moto.
 */
class OperatorImageIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void becomesReadyReconcilesTheExamplesAndStopsCleanlyOnSigterm() throws Exception {
        DockerEngine docker = ContainerImages.build();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        int port = MotoServer.freePort();
        String name = "sen2cor-operator-it-" + port;
        // no faults: only moto's float vCPUs in DescribeJobs are fixed on the way, as AWS sends integers
        try (var aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus();
                KubernetesClient client = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            LocalOperator.installCrds(client);
            // the kubeconfig as a mounted Secret would give it: readable by uid 10001
            Path kubeconfig = Files.createTempFile("operator-image", ".kubeconfig");
            Files.copy(cluster.kubeconfig(), kubeconfig, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-r--r--"));

            assertThat(docker.dockerOk(30, "image", "inspect", "--format", "{{.Config.User}}", ContainerImages.OPERATOR).strip())
                    .isEqualTo("10001");
            docker.dockerOk(60, "run", "-d", "--name", name, "--network", "host",
                    "--read-only", "--tmpfs", "/tmp:rw,size=64m", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                    "--memory", "512m",
                    "-v", kubeconfig + ":/etc/sen2cor/kubeconfig:ro", "-e", "KUBECONFIG=/etc/sen2cor/kubeconfig",
                    "-e", "QUARKUS_HTTP_PORT=" + port,
                    "-e", "SEN2COR_AWS_ENDPOINT_OVERRIDE=" + proxy.endpoint(),
                    "-e", "AWS_ACCESS_KEY_ID=testing", "-e", "AWS_SECRET_ACCESS_KEY=testing", "-e", "AWS_REGION=eu-central-1",
                    "-e", "QUARKUS_OPERATOR_SDK_LEADER_ELECTION_LEASE_NAMESPACE=default",
                    "-e", "SEN2COR_AWS_POLL_INTERVAL=1s", "-e", "SEN2COR_AWS_PROGRESS_INTERVAL=1s",
                    ContainerImages.OPERATOR);
            try {
                long started = System.nanoTime();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> ready(port) || !running(docker, name));
                assertThat(ready(port)).as(docker.docker(10, "logs", name).output()).isTrue();
                double readySeconds = (System.nanoTime() - started) / 1e9;

                BatchEnvironment env = account.applyExampleEnvironment(client, Duration.ofMinutes(2));
                Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
                job.getSpec().setEnvironmentRef(env.getMetadata().getName());
                client.resource(job).serverSideApply();
                await().atMost(Duration.ofMinutes(2)).until(
                        () -> client.resources(Sen2CorJob.class).inNamespace("default").withName(job.getMetadata().getName()).get(),
                        j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);

                long pid = Long.parseLong(docker.dockerOk(10, "inspect", "--format", "{{.State.Pid}}", name).strip());
                String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"));

                // deletion through the container too; and the cluster and moto stay clean for the next test class
                client.resource(job).delete();
                client.resources(BatchEnvironment.class).withName(env.getMetadata().getName()).delete();
                await().atMost(Duration.ofMinutes(2)).until(() -> client.resources(BatchEnvironment.class)
                        .withName(env.getMetadata().getName()).get() == null);
                assertThat(aws.batch().describeJobDefinitions(r -> r.status("ACTIVE")).jobDefinitions())
                        .as("job definitions left").isEmpty();
                assertThat(status).as("the JVM runs as uid 10001").containsPattern("(?m)^Uid:\\s+10001\\b");
                long stopStart = System.nanoTime();
                docker.dockerOk(60, "stop", "--time", "30", name);
                double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
                int exit = Integer.parseInt(docker.dockerOk(10, "inspect", "--format", "{{.State.ExitCode}}", name).strip());
                String logs = docker.docker(10, "logs", name).output();
                System.out.printf("operator container: ready in %.1f s, RSS %d MiB (peak %d MiB) after reconciling the "
                        + "examples, SIGTERM to exit %.1f s (exit code %d)%n%s%n", readySeconds, kib(status, "VmRSS:") / 1024,
                        kib(status, "VmHWM:") / 1024, stopSeconds, exit, ContainerImages.report());
                assertThat(exit).as("not killed after the grace period (137): " + logs).isIn(0, 143);
                assertThat(stopSeconds).isLessThan(30);
                assertThat(logs).contains("stopped in");
            } finally {
                docker.docker(30, "rm", "-f", name);
            }
        }
    }

    static boolean ready(int port) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    static boolean running(DockerEngine docker, String name) {
        return docker.docker(10, "inspect", "--format", "{{.State.Running}}", name).output().strip().equals("true");
    }

    static long kib(String procStatus, String field) {
        return procStatus.lines().filter(l -> l.startsWith(field)).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
    }
}
