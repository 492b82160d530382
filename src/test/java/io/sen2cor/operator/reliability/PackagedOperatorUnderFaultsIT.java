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

/**
 * The packaged operator (its own process, prod profile, its real AWS client configuration) with 20% of its AWS
 * calls failing on the way (throttling, 429, 500, 503, dropped connections, answers lost after moto acted): an
 * environment and a 2,000-scene job converge with no duplicate AWS resource or job, and the failed attempts show
 * on its /q/metrics. FaultInjectionTest does the same with the backends in-process.
 */
class PackagedOperatorUnderFaultsIT {

    @Test
    void convergesWithoutDuplicatesAndShowsTheRetriesInItsMetrics() throws Exception {
        assertThat(PackagedOperator.jar()).exists();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        Path log = Files.createTempFile("operator-faults", ".log");
        try (var aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0.2, 7).fixMotoVcpus();
                KubernetesClient client = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            LocalOperator.installCrds(client);
            try (PackagedOperator operator = PackagedOperator.start(cluster, proxy.endpoint(), log,
                    Map.of("SEN2COR_AWS_POLL_INTERVAL", "1s", "SEN2COR_AWS_PROGRESS_INTERVAL", "1s",
                            "SEN2COR_AWS_RETRY_INTERVAL", "2s"), List.of())) {
                BatchEnvironment env = account.exampleEnvironment();
                env.getMetadata().setName("faults-env");
                env.getMetadata().setUid(null);
                env.getMetadata().setGeneration(null);
                client.resource(env).serverSideApply();
                await().atMost(Duration.ofMinutes(3)).until(() -> {
                    var e = client.resources(BatchEnvironment.class).withName("faults-env").get();
                    return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
                });

                Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
                job.getMetadata().setName("faults-job");
                job.getSpec().setEnvironmentRef("faults-env");
                job.getSpec().setProducts(IntStream.range(0, 2000).mapToObj(i -> String.format(
                        "S2A_MSIL1C_20190122T%06d_N0207_R135_T36N%s_20190122T091707", 75221 + i % 1000,
                        i < 1000 ? "XF" : "YF")).toList());
                client.resource(job).serverSideApply();
                Sen2CorJob done = await().atMost(Duration.ofMinutes(4)).until(
                        () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("faults-job").get(),
                        j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);
                assertThat(done.getStatus().getScenes().getSucceeded()).isEqualTo(2000);

                var batch = aws.batch();
                assertThat(batch.describeComputeEnvironments(r -> { }).computeEnvironments()).as("compute environments").hasSize(2);
                assertThat(batch.describeJobQueues(r -> { }).jobQueues()).as("job queues: the queue and the On-Demand one, none twice").hasSize(2);
                String queue = done.getStatus().getBatch().getJobQueueArn();
                List<String> parents = batch.listJobs(r -> r.jobQueue(queue).jobStatus("SUCCEEDED")).jobSummaryList().stream()
                        .map(j -> j.jobId()).filter(id -> !id.contains(":")).toList();
                assertThat(parents).as("array jobs").hasSize(1);
                assertThat(batch.describeJobDefinitions(r -> r.status("ACTIVE")).jobDefinitions()).as("job definitions").hasSize(1);

                Map<String, Double> metrics = operator.metrics();
                double failedAttempts = PackagedOperator.sum(metrics, "sen2cor_aws_attempts_total")
                        - PackagedOperator.sum(metrics, "sen2cor_aws_attempts_total", "status=\"2xx\"");
                System.out.printf("packaged operator under faults: %d calls forwarded, %d failed on purpose, %.0f failed "
                        + "attempts in its metrics%n", proxy.forwarded.get(), proxy.injected.get(), failedAttempts);
                assertThat(proxy.injected.get()).isPositive();
                assertThat(failedAttempts).as("failed attempts on /q/metrics (sen2cor_aws_attempts_total)").isPositive();
                assertThat(operator.isAlive()).as("the operator never exited").isTrue();
            } catch (Throwable t) {
                System.out.println(Files.readString(log));
                throw t;
            }
        }
    }
}
