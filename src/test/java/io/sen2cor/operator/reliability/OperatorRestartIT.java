package io.sen2cor.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.BatchEnvironment;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;

/**
 * The packaged operator (target/quarkus-app, prod profile: leader election, server-side apply) as its own
 * process against the local control plane and moto (through a proxy that only fixes moto's float vCPUs), killed
 * with SIGKILL right after it created the first compute environment and right after it submitted a 10,000-scene
 * array job. After each restart the work completes with no duplicate AWS resource or job.
 */
class OperatorRestartIT {

    Process operator;

    Process startOperator(LocalControlPlane cluster, FaultInjectingProxy proxy, Path log) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-jar", Projects.dir().resolve("target/quarkus-app/quarkus-run.jar").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        var env = pb.environment();
        env.put("KUBECONFIG", cluster.kubeconfig().toString());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(MotoServer.freePort()));
        env.put("SEN2COR_AWS_ENDPOINT_OVERRIDE", proxy.endpoint().toString());
        env.put("SEN2COR_AWS_POLL_INTERVAL", "2s");
        env.put("SEN2COR_AWS_PROGRESS_INTERVAL", "1s");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_REGION", "eu-central-1");
        env.put("QUARKUS_OPERATOR_SDK_LEADER_ELECTION_LEASE_NAMESPACE", "default");
        return pb.start();
    }

    void kill(Process p) throws InterruptedException {
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no lease release, no status flush
        p.waitFor();
    }

    @Test
    void sigkillDuringEnvironmentCreationAndDuringSubmissionLeavesNoDuplicates() throws Exception {
        assertThat(Projects.dir().resolve("target/quarkus-app/quarkus-run.jar")).exists();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        Path log = Files.createTempFile("operator-restart", ".log");
        try (var aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus();
                KubernetesClient client = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepare(aws);
            aws.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
            LocalOperator.installCrds(client);
            var batch = aws.batch();

            operator = startOperator(cluster, proxy, log);
            BatchEnvironment env = account.exampleEnvironment();
            env.getMetadata().setName("restart-env");
            env.getMetadata().setUid(null);
            env.getMetadata().setGeneration(null);
            client.resource(env).serverSideApply();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !batch.describeComputeEnvironments(r -> { }).computeEnvironments().isEmpty());
            kill(operator);

            operator = startOperator(cluster, proxy, log);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                var e = client.resources(BatchEnvironment.class).withName("restart-env").get();
                return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
            });
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).as("compute environments").hasSize(2);
            assertThat(batch.describeJobQueues(r -> { }).jobQueues()).as("job queues").hasSize(1);

            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setName("restart-job");
            job.getSpec().setEnvironmentRef("restart-env");
            job.getSpec().setProducts(IntStream.range(0, 10_000).mapToObj(i -> String.format(
                    "S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707", 75221 + i % 1000,
                    "" + (char) ('A' + i / 1000 % 8) + (char) ('A' + i / 8000))).toList());
            client.resource(job).serverSideApply();
            String queue = client.resources(BatchEnvironment.class).withName("restart-env").get().getStatus().getJobQueue().getArn();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !batch.listJobs(r -> r.jobQueue(queue).jobStatus("SUCCEEDED")).jobSummaryList().isEmpty()
                            || !batch.listJobs(r -> r.jobQueue(queue)).jobSummaryList().isEmpty());
            kill(operator);

            operator = startOperator(cluster, proxy, log);
            Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).until(
                    () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("restart-job").get(),
                    j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
            assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(10_000);
            List<String> parents = batch.listJobs(r -> r.jobQueue(queue)).jobSummaryList().stream()
                    .map(j -> j.jobId()).filter(id -> !id.contains(":")).toList();
            assertThat(parents).as("array jobs after a SIGKILL during submission").hasSize(1);
            assertThat(done.getStatus().getBatch().getRounds().get(0).getJobIds()).isEqualTo(parents);

            client.resource(done).delete();
            client.resources(BatchEnvironment.class).withName("restart-env").delete();
            await().atMost(Duration.ofSeconds(90)).until(() -> client.resources(BatchEnvironment.class).withName("restart-env").get() == null);
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).as("no orphans").isEmpty();
        } catch (Throwable t) {
            System.out.println(Files.readString(log));
            throw t;
        } finally {
            if (operator != null) {
                kill(operator);
            }
        }
    }
}
