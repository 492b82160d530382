package io.sen2cor.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import io.sen2cor.operator.testing.PackagedOperator;
import software.amazon.awssdk.services.batch.model.KeyValuesPair;

/**
 * The packaged operator (target/quarkus-app, prod profile: leader election, server-side apply) as its own
 * process against the local control plane and moto (through a proxy that only fixes moto's float vCPUs), killed
 * with SIGKILL at five points: after the first compute environment and after the job queue were created, after
 * a 10,000-scene job's manifest was uploaded and after its array job was submitted, and in the middle of the
 * environment's teardown. After each restart the work completes with no duplicate AWS resource or job, every
 * scene accounted for and nothing left behind in AWS.
 */
class OperatorRestartIT {

    PackagedOperator operator;

    PackagedOperator startOperator(LocalControlPlane cluster, FaultInjectingProxy proxy, Path log) throws Exception {
        return PackagedOperator.start(cluster, proxy.endpoint(), log,
                Map.of("SEN2COR_AWS_POLL_INTERVAL", "2s", "SEN2COR_AWS_PROGRESS_INTERVAL", "1s"), List.of());
    }

    /** Waits (polling AWS every 50 ms) until the operator has reached {@code point}, SIGKILLs it and starts a new one. */
    void killWhen(String point, java.util.concurrent.Callable<Boolean> reached, LocalControlPlane cluster,
            FaultInjectingProxy proxy, Path log) throws Exception {
        await(point).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(reached);
        operator.kill();
        Files.writeString(log, "\n===== SIGKILL " + point + " =====\n\n", java.nio.file.StandardOpenOption.APPEND);
        operator = startOperator(cluster, proxy, log);
    }

    @Test
    void sigkillAtFivePointsOfCreatingSubmittingAndDeletingLeavesNoDuplicatesOrOrphans() throws Exception {
        assertThat(PackagedOperator.jar()).exists();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        Path log = Files.createTempFile("operator-restart", ".log");
        try (var aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus();
                KubernetesClient client = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            LocalOperator.installCrds(client);
            var batch = aws.batch();

            operator = startOperator(cluster, proxy, log);
            BatchEnvironment env = account.exampleEnvironment();
            env.getMetadata().setName("restart-env");
            env.getMetadata().setUid(null);
            env.getMetadata().setGeneration(null);
            client.resource(env).serverSideApply();
            killWhen("after the first compute environment was created",
                    () -> !batch.describeComputeEnvironments(r -> { }).computeEnvironments().isEmpty(), cluster, proxy, log);
            killWhen("after the job queue was created",
                    () -> !batch.describeJobQueues(r -> { }).jobQueues().isEmpty(), cluster, proxy, log);
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                var e = client.resources(BatchEnvironment.class).withName("restart-env").get();
                return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
            });
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).as("compute environments").hasSize(2);
            assertThat(batch.describeJobQueues(r -> { }).jobQueues()).as("job queues: the queue and the On-Demand one, none twice").hasSize(2);

            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setName("restart-job");
            job.getSpec().setEnvironmentRef("restart-env");
            job.getSpec().setProducts(IntStream.range(0, 10_000).mapToObj(i -> String.format(
                    "S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707", 75221 + i % 1000,
                    "" + (char) ('A' + i / 1000 % 8) + (char) ('A' + i / 8000))).toList());
            client.resource(job).serverSideApply();
            String queue = client.resources(BatchEnvironment.class).withName("restart-env").get().getStatus().getJobQueue().getArn();
            killWhen("after the scene manifest was uploaded", () -> aws.s3().listObjectsV2(r -> r.bucket("eo-l2a")).contents()
                    .stream().anyMatch(o -> o.key().contains("_sen2cor/") && o.key().endsWith("scenes-r0.txt")), cluster, proxy, log);
            killWhen("after the array job was submitted",
                    () -> !batch.listJobs(r -> r.jobQueue(queue).jobStatus("SUCCEEDED")).jobSummaryList().isEmpty()
                            || !batch.listJobs(r -> r.jobQueue(queue)).jobSummaryList().isEmpty(), cluster, proxy, log);
            Sen2CorJob done = await().atMost(Duration.ofSeconds(120)).until(
                    () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("restart-job").get(),
                    j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
            assertThat(done.getStatus().getScenes().getSucceeded()).as("every scene accounted for").isEqualTo(10_000);
            assertThat(done.getStatus().getScenes().getFailed()).isZero();
            List<String> parents = batch.listJobs(r -> r.jobQueue(queue).jobStatus("SUCCEEDED")).jobSummaryList().stream()
                    .map(j -> j.jobId()).filter(id -> !id.contains(":")).toList();
            assertThat(parents).as("array jobs after SIGKILLs around submission").hasSize(1);
            assertThat(done.getStatus().getRounds().get(0).getJobIds()).isEqualTo(parents);
            assertThat(batch.describeJobDefinitions(r -> r.status("ACTIVE")).jobDefinitions()).as("job definitions").hasSize(1);
            var metrics = operator.metrics();
            assertThat(PackagedOperator.sum(metrics, "reconciliations_execution_duration_seconds_count",
                    "controller_name=\"sen2corjob\"")).as("JOSDK reconcile metrics of the packaged operator").isPositive();
            assertThat(PackagedOperator.sum(metrics, "sen2cor_aws_calls_total", "operation=\"DescribeJobs\""))
                    .as("AWS call metrics of the packaged operator").isPositive();

            client.resource(done).delete();
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("restart-job").get() == null);
            client.resources(BatchEnvironment.class).withName("restart-env").delete();
            killWhen("after the job queue was deleted, before the compute environments",
                    () -> batch.describeJobQueues(r -> { }).jobQueues().isEmpty(), cluster, proxy, log);
            await().atMost(Duration.ofSeconds(120)).until(() -> client.resources(BatchEnvironment.class).withName("restart-env").get() == null);
            assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).as("no orphan compute environments").isEmpty();
            assertThat(batch.describeJobDefinitions(r -> r.status("ACTIVE")).jobDefinitions()).as("no active job definitions").isEmpty();
        } catch (Throwable t) {
            System.out.println(Files.readString(log));
            throw t;
        } finally {
            if (operator != null) {
                operator.kill();
            }
        }
    }
}
