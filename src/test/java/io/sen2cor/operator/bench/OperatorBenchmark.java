package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsBatchEnvironmentBackend;
import io.sen2cor.operator.aws.AwsBatchJobBackend;
import io.sen2cor.operator.aws.AwsBatchTiming;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.BatchJobTracker;
import io.sen2cor.operator.aws.TokenBucket;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.reconciler.BatchEnvironmentReconciler;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.reconciler.Sen2CorJobReconciler;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.batch.model.DescribeJobsRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;

/**
 * The benchmark (`./mvnw -Pbench test`, not part of the test run): the operator in-process with server-side apply
 * against the local control plane and moto (AWS Batch emulated: jobs succeed inside SubmitJob, no container runs),
 * for several scenario sizes, then the seed's way (an `aws batch submit-job` loop and describe-jobs polling) side
 * by side with the operator's on the same moto server. Prints one table.
 * Scenarios: -Dbench.scenarios=1x1,100x100,1000x100 (Sen2CorJobs x scenes each); -Dbench.seed.scenes=1000.
 */
class OperatorBenchmark {

    static final KubernetesSerialization JSON = new KubernetesSerialization();

    record Row(String scenario, int jobs, int scenes, double applyToSubmitP50, double applyToSubmitP95, long submitJob,
            long describeJobs, long maxDescribePerCycle, long arrayJobs, long statusWrites, double heapPeakMiB,
            double rssPeakMiB, double reconcileP50, double reconcileP99, double wallSeconds) {
    }

    @Test
    void run() throws Exception {
        String scenarios = System.getProperty("bench.scenarios", "1x1,100x100,1000x100");
        int seedScenes = Integer.getInteger("bench.seed.scenes", 1000);
        MotoServer moto = MotoServer.get();
        moto.reset();
        MotoBatchGaps gaps = new MotoBatchGaps();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new io.micrometer.core.instrument.config.MeterFilter() {
            @Override
            public io.micrometer.core.instrument.distribution.DistributionStatisticConfig configure(
                    io.micrometer.core.instrument.Meter.Id id,
                    io.micrometer.core.instrument.distribution.DistributionStatisticConfig config) {
                return io.micrometer.core.instrument.distribution.DistributionStatisticConfig.builder()
                        .percentiles(0.5, 0.99).build().merge(config);
            }
        });
        try (LocalControlPlane cluster = LocalControlPlane.start(); var aws = moto.clients();
                var pool = new AwsClientPool(Optional.of(moto.endpoint()),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")), gaps);
                KubernetesClient client = cluster.client()) {
            AwsAccountFixture account = AwsAccountFixture.prepare(aws);
            aws.s3().createBucket(r -> r.bucket("eo-l2a").createBucketConfiguration(c -> c.locationConstraint("eu-central-1")));
            LocalOperator.installCrds(client);
            var events = new EventRecorder(client);
            BatchJobTracker tracker = new BatchJobTracker(pool, new TokenBucket(20, 20), Duration.ofSeconds(5));
            var backends = new Backends(
                    List.of(new AwsBatchEnvironmentBackend(pool, events,
                            new AwsBatchTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5)))),
                    List.of(new AwsBatchJobBackend(pool, events, tracker, new TokenBucket(50, 50), "sen2cor-runner:bench",
                            Duration.ofMinutes(30), Duration.ofMinutes(5), Clock.systemUTC())));
            Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                    .withMetrics(MicrometerMetricsV2.newBuilder(registry).build()));
            operator.register(new BatchEnvironmentReconciler(backends, events));
            operator.register(new Sen2CorJobReconciler(backends, events));
            operator.start();
            try {
                var env = account.exampleEnvironment();
                env.getMetadata().setUid(null);
                env.getMetadata().setGeneration(null);
                client.resource(env).serverSideApply();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    var e = client.resources(io.sen2cor.operator.api.BatchEnvironment.class).withName("s2-spot").get();
                    return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
                });
                List<Row> rows = new ArrayList<>();
                int n = 0;
                for (String scenario : scenarios.split(",")) {
                    String[] p = scenario.split("x");
                    rows.add(scenario(client, gaps, tracker, registry, "bench-" + (n++), Integer.parseInt(p[0]),
                            Integer.parseInt(p[1])));
                }
                print(rows);
                seedComparison(client, gaps, tracker, moto, seedScenes);
            } finally {
                operator.stop();
            }
        }
    }

    static Row scenario(KubernetesClient client, MotoBatchGaps gaps, BatchJobTracker tracker, SimpleMeterRegistry registry,
            String namespace, int jobs, int scenesEach) throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        gaps.clear();
        long describesBefore = tracker.describeCalls();
        Map<String, String> lastStatus = new ConcurrentHashMap<>();
        AtomicLong statusWrites = new AtomicLong();
        var watch = client.resources(Sen2CorJob.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Sen2CorJob job) {
                String status = JSON.asJson(job.getStatus());
                String before = lastStatus.put(job.getMetadata().getName(), status);
                if (job.getStatus() != null && !status.equals(before)) {
                    statusWrites.incrementAndGet();
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        long[] peaks = new long[2];
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            Runtime rt = Runtime.getRuntime();
            peaks[0] = Math.max(peaks[0], rt.totalMemory() - rt.freeMemory());
            peaks[1] = Math.max(peaks[1], rss());
        }, 0, 200, TimeUnit.MILLISECONDS);

        Map<String, Long> appliedAt = new HashMap<>();
        long start = System.nanoTime();
        for (int j = 0; j < jobs; j++) {
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setNamespace(namespace);
            job.getMetadata().setName("job-" + j);
            job.getSpec().setProducts(products(scenesEach, j));
            appliedAt.put("job-" + j, System.nanoTime());
            client.resource(job).serverSideApply();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(2))
                .until(() -> client.resources(Sen2CorJob.class).inNamespace(namespace).list().getItems().stream()
                        .filter(j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded).count() == jobs);
        double wall = (System.nanoTime() - start) / 1e9;
        sampler.shutdownNow();
        watch.close();

        List<Double> latencies = new ArrayList<>();
        for (var sent : gaps.timeline) {
            if (sent.request() instanceof SubmitJobRequest s) {
                String name = s.jobName().replaceFirst("^s2c-" + namespace + "-", "").replaceFirst("-[0-9a-f]{8}-r0-0$", "");
                Long applied = appliedAt.get(name);
                if (applied != null) {
                    latencies.add((sent.nanos() - applied) / 1e6);
                }
            }
        }
        latencies.sort(Double::compare);
        Timer reconcile = registry.find("reconciliations.execution.duration").tag("controller.name", "sen2corjob").timer();
        double p50 = 0;
        double p99 = 0;
        if (reconcile != null) {
            for (ValueAtPercentile v : reconcile.takeSnapshot().percentileValues()) {
                if (v.percentile() == 0.5) {
                    p50 = v.value(TimeUnit.MILLISECONDS);
                }
                if (v.percentile() == 0.99) {
                    p99 = v.value(TimeUnit.MILLISECONDS);
                }
            }
        }
        long submits = gaps.sent(SubmitJobRequest.class).size();
        return new Row(jobs + "x" + scenesEach, jobs, jobs * scenesEach, percentile(latencies, 0.5), percentile(latencies, 0.95),
                submits, tracker.describeCalls() - describesBefore, tracker.maxDescribesPerCycle(), submits,
                statusWrites.get(), peaks[0] / 1048576.0, peaks[1] / 1048576.0, p50, p99, wall);
    }

    /** The seed's way: one `aws batch submit-job` per scene, then describe-jobs polling, on the same moto. */
    static void seedComparison(KubernetesClient client, MotoBatchGaps gaps, BatchJobTracker tracker, MotoServer moto,
            int scenes) throws Exception {
        Path script = Projects.dir().resolve("src/scripts/bench-seed-way.sh");
        var env = client.resources(io.sen2cor.operator.api.BatchEnvironment.class).withName("s2-spot").get();
        Sen2CorJob sample = client.resources(Sen2CorJob.class).inNamespace("bench-0").list().getItems().get(0);
        String jobDefinition = sample.getStatus().getBatch().getJobDefinitionArn();
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", script.toString(), moto.endpoint().toString(),
                env.getStatus().getJobQueue().getArn(), jobDefinition, String.valueOf(scenes))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        double seedWall = (System.nanoTime() - start) / 1e9;
        long seedCalls = out.lines().filter(l -> l.startsWith("calls ")).mapToLong(l -> Long.parseLong(l.substring(6).trim()))
                .findFirst().orElse(-1);

        Row operatorWay = scenario(client, gaps, tracker, new SimpleMeterRegistry(), "bench-seed", 1, scenes);
        long operatorCalls = gaps.requests.size();
        System.out.printf("%n%-34s %12s %12s %8s%n", "seed way vs operator, " + scenes + " scenes", "seed loop", "operator", "ratio");
        System.out.printf("%-34s %12.1f %12.1f %8.1f%n", "wall time (s)", seedWall, operatorWay.wallSeconds(), seedWall / operatorWay.wallSeconds());
        System.out.printf("%-34s %12d %12d %8.1f%n", "AWS API calls", seedCalls, operatorCalls, (double) seedCalls / operatorCalls);
        System.out.printf("%-34s %12d %12d %8.1f%n", "SubmitJob calls", scenes, operatorWay.submitJob(),
                (double) scenes / operatorWay.submitJob());
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    /** Distinct valid L1C ids per job (tile letters and sensing second vary). */
    static List<String> products(int n, int job) {
        return IntStream.range(0, n).mapToObj(i -> String.format("S2A_MSIL1C_2019%02d%02dT%06d_N0207_R135_T36N%s_20190122T091707",
                1 + job % 12, 1 + (job / 12) % 28, 75221 + i % 1000,
                "" + (char) ('A' + (i / 1000) % 8) + (char) ('A' + (job / 336) % 8))).toList();
    }

    static void print(List<Row> rows) {
        System.out.println("\n(heap and RSS: the whole benchmark JVM, operator and harness together; rec*: Sen2CorJob "
                + "reconcile durations, cumulative over the scenarios so far; submit*: apply to first SubmitJob)");
        System.out.printf("%n%-11s %6s %8s %9s %9s %7s %9s %9s %7s %8s %8s %8s %9s %9s %8s%n", "scenario", "jobs", "scenes",
                "submit50ms", "submit95ms", "Submit", "Describe", "Desc/cyc", "arrays", "status", "heapMiB", "rssMiB",
                "rec50ms*", "rec99ms*", "wall s");
        for (Row r : rows) {
            System.out.printf("%-11s %6d %8d %9.0f %9.0f %7d %9d %9d %7d %8d %8.0f %8.0f %9.1f %9.1f %8.1f%n", r.scenario(),
                    r.jobs(), r.scenes(), r.applyToSubmitP50(), r.applyToSubmitP95(), r.submitJob(), r.describeJobs(),
                    r.maxDescribePerCycle(), r.arrayJobs(), r.statusWrites(), r.heapPeakMiB(), r.rssPeakMiB(),
                    r.reconcileP50(), r.reconcileP99(), r.wallSeconds());
        }
    }
}
