package io.sen2cor.operator.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorJobSpec;
import io.sen2cor.operator.testing.GeneratedCatalogue;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.AwsLikeBatchJobs;
import io.sen2cor.operator.testing.AwsLikeS3;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.PackagedOperator;
import io.sen2cor.operator.testing.ProcessCpu;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;

/**
 * The benchmark ({@code ./mvnw -Pbench verify}, not part of the test run; docs/benchmark.md): the packaged operator as
 * its own process (prod profile, the heap ceiling the Helm chart's default pod gives it) against the local control
 * plane and an AWS-like endpoint: a proxy that records every call, answers AWS Batch's job calls itself
 * ({@link AwsLikeBatchJobs}: from memory, SubmitJob's 50/s quota enforced) and the rest through moto, each answer
 * held for a set latency. No container runs. A scenario prefixed {@code moto:} runs on moto itself (the proxy passes
 * through), for comparison. Then the seed's way (an `aws batch submit-job` loop and describe-jobs polling) side by
 * side with the operator's on the same endpoint. Prints the tables the README copies.
 * Scenarios: -Dbench.scenarios=20x1s,10x100,100x100,1000x100,moto:1000x100 (Sen2CorJobs x scenes each; a trailing
 * {@code s}: applied one at a time, each once the previous one succeeded); -Dbench.seed.scenes=1000;
 * -Dbench.aws.latency.ms=150 (AWS Batch's answers), -Dbench.s3.latency.ms=30, -Dbench.aws.run.ms=3000 (a job's time
 * from SubmitJob to SUCCEEDED, RUNNABLE for the first third).
 */
class OperatorBenchmark {

    static final KubernetesSerialization JSON = new KubernetesSerialization();
    /**
     * The chart's default memory limit. The operator JVM is told it has that much memory (-XX:MaxRAM) and runs with
     * the image's -XX:MaxRAMPercentage=70, so heap sizing matches the container's, not this machine's.
     */
    static final int CHART_MEMORY_MIB = 512;
    static final Pattern JOB_NAME = Pattern.compile("\"jobName\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    record Row(String scenario, int jobs, int scenes, double applyToFirstCallP50, double applyToFirstCallP95,
            double submitRate, double applyToSubmitP50, double applyToSubmitP95,
            double submitAnswerP50, long submitJob, long describeJobs, long maxDescribePerCycle, long statusWrites,
            double heapPeakMiB, double liveHeapMiB, double rssPeakMiB, double reconcileP50, double reconcileP99, double wallSeconds,
            long awsCalls, double gcPauseSeconds, long statusBytesMax, double wayCallsPerJob, long throttled, double quotaLagSeconds,
            long recordReads, long publishWrites, double publishedSeconds, Map<String, Long> wayCalls, long late, long forwarded,
            Map<String, Double> cpuSeconds) {
    }

    /** One scenario: jobs x scenes each, applied at once or one at a time, on the AWS-like endpoint or on moto. */
    record Scenario(String label, int jobs, int scenes, boolean oneAtATime, boolean moto) {
        static Scenario parse(String text) {
            boolean moto = text.startsWith("moto:");
            String size = moto ? text.substring(5) : text;
            boolean oneAtATime = size.endsWith("s");
            String[] p = (oneAtATime ? size.substring(0, size.length() - 1) : size).split("x");
            return new Scenario(text, Integer.parseInt(p[0]), Integer.parseInt(p[1]), oneAtATime, moto);
        }
    }

    /** AWS's quota for SubmitJob, per account and second. */
    static final int SUBMIT_QUOTA = 50;
    static final Duration BATCH_LATENCY = Duration.ofMillis(Long.getLong("bench.aws.latency.ms", 150));
    static final Duration S3_LATENCY = Duration.ofMillis(Long.getLong("bench.s3.latency.ms", 30));
    static final long RUN_MILLIS = Long.getLong("bench.aws.run.ms", 3000);
    static final AwsLikeBatchJobs AWS_LIKE_JOBS = new AwsLikeBatchJobs(RUN_MILLIS / 3, RUN_MILLIS, SUBMIT_QUOTA, SUBMIT_QUOTA);
    /** The output bucket of the example jobs (manifests, records, reports, catalogs), answered from memory. */
    static final AwsLikeS3 AWS_LIKE_S3 = new AwsLikeS3(java.util.Set.of("eo-l2a"));

    /** The proxy as the AWS-like endpoint (its jobs and objects kept across scenarios). */
    static FaultInjectingProxy awsLike(FaultInjectingProxy proxy) {
        return proxy.awsLike(AWS_LIKE_JOBS, AWS_LIKE_S3, BATCH_LATENCY, S3_LATENCY);
    }

    static GeneratedCatalogue catalogue;
    /** The control plane of the run, whose processes' CPU time each scenario reports. */
    static LocalControlPlane controlPlane;

    @Test
    void run() throws Exception {
        assertThat(PackagedOperator.jar()).as("run through ./mvnw -Pbench verify, which packages the operator first").exists();
        String scenarios = System.getProperty("bench.scenarios", "20x1s,10x100,100x100,1000x100,5000x100,1x100000,moto:1000x100");
        int seedScenes = Integer.getInteger("bench.seed.scenes", 200);
        MotoServer moto = MotoServer.get();
        moto.reset();
        // a scenario above 10,000 scenes per job is one spec.scenes selection over a generated catalogue (spec.products
        // holds at most 10,000): the frozen ids go to the output store, status stays bounded
        int largest = 0;
        for (String scenario : scenarios.split(",")) {
            largest = scenario.isBlank() ? largest : Math.max(largest, Scenario.parse(scenario).scenes());
        }
        catalogue = largest > Sen2CorJobSpec.MAX_INLINE_PRODUCTS ? new GeneratedCatalogue(largest) : null;
        // -Dbench.subscription=100x600x5: the standing-order scenario (SubscriptionBenchmark) on the local STAC API
        String subscription = System.getProperty("bench.subscription", "");
        Path log = Files.createTempFile("bench-operator", ".log");
        Path stacDir = Files.createTempDirectory("bench-stac");
        try (LocalControlPlane cluster = LocalControlPlane.start(); var aws = moto.clients();
                var proxy = awsLike(new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus().recordCalls());
                KubernetesClient client = cluster.client();
                StacServer stac = subscription.isBlank() ? null : StacServer.start(stacDir.resolve("stac"))) {
            controlPlane = cluster;
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            LocalOperator.installCrds(client);
            // AWS caps SubmitJob at 50 per second per account: the benchmark lets the operator use all of it
            Map<String, String> settings = new HashMap<>(Map.of("SEN2COR_AWS_SUBMIT_RATE", "50", "SEN2COR_AWS_DESCRIBE_RATE", "20",
                    "SEN2COR_AWS_POLL_INTERVAL", "5s"));
            settings.putAll(podEnvironment());
            List<String> catalogues = new ArrayList<>();
            if (catalogue != null) {
                catalogues.add(catalogue.root());
            }
            if (stac != null) {
                catalogues.add(stac.endpoint().toString());
            }
            if (!catalogues.isEmpty()) {
                settings.put("SEN2COR_STAC_ALLOWED_CATALOGS", String.join(",", catalogues));
                settings.put("SEN2COR_STAC_PRIVATE_CATALOGS", String.join(",", catalogues));
            }
            // -Dbench.env="MALLOC_ARENA_MAX=2 ...": environment variables of the operator process, as a pod spec would set
            for (String variable : System.getProperty("bench.env", "").split("\\s+")) {
                if (variable.contains("=")) {
                    settings.put(variable.substring(0, variable.indexOf('=')), variable.substring(variable.indexOf('=') + 1));
                }
            }
            try (PackagedOperator operator = PackagedOperator.start(cluster, proxy.endpoint(), log, settings, podJvmOptions())) {
                var env = account.exampleEnvironment();
                env.getMetadata().setUid(null);
                env.getMetadata().setGeneration(null);
                client.resource(env).serverSideApply();
                org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> {
                    // a JVM option the runtime refuses ends the process at once: say so instead of waiting 2 min
                    assertThat(operator.isAlive()).as("the operator process is running (its log follows)").isTrue();
                    var e = client.resources(io.sen2cor.operator.api.BatchEnvironment.class).withName("s2-spot").get();
                    return e.getStatus() != null && Conditions.isTrue(e.getStatus().getConditions(), ConditionType.READY);
                });
                // the standing order first: its RSS and calls are its own, not what a million-scene job left behind
                SubscriptionBenchmark.Result standingOrder = stac == null ? null
                        : SubscriptionBenchmark.run(client, proxy, operator, stac, stacDir, subscription);
                List<Row> rows = new ArrayList<>();
                int n = 0;
                for (String scenario : scenarios.split(",")) {
                    if (scenario.isBlank()) {
                        continue;
                    }
                    rows.add(scenario(client, proxy, operator, "bench-" + (n++), Scenario.parse(scenario)));
                }
                print(rows, operator.peakRssMiB());
                if (standingOrder != null) {
                    SubscriptionBenchmark.print(standingOrder);
                }
                // every series, for figures the table leaves out
                Files.writeString(Projects.dir().resolve("target/bench-metrics.prom"), operator.metricsText());
                if (Boolean.getBoolean("bench.nmt")) {
                    Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            String.valueOf(operator.pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
                    System.out.println(new String(jcmd.getInputStream().readAllBytes()));
                    // what the live heap is made of, at the end of the last scenario
                    Process histogram = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            String.valueOf(operator.pid()), "GC.class_histogram").redirectErrorStream(true).start();
                    System.out.println(String.join("\n", new String(histogram.getInputStream().readAllBytes()).lines().limit(40).toList()));
                }
                if (seedScenes > 0) { // -Dbench.seed.scenes=0 skips the seed's way (about 14 min for 1000 scenes)
                    seedComparison(client, proxy, operator, seedScenes);
                }
            } catch (Throwable t) {
                String out = Files.readString(log);
                System.out.println(out.substring(Math.max(0, out.length() - 20_000)));
                throw t;
            }
        }
    }

    /**
     * The image's JAVA_OPTS (read from operator.Dockerfile), the chart's memory limit as the JVM's idea of the
     * machine's memory, and the collector the JVM itself picks in a container under 1792 MiB (Serial), so that
     * heap sizing and collector match the pod, not this machine.
     */
    static List<String> podJvmOptions() throws IOException {
        String dockerfile = Files.readString(Projects.dir().resolve("src/main/docker/operator.Dockerfile"));
        Matcher opts = Pattern.compile("ENV JAVA_OPTS=\"([^\"]*)\"").matcher(dockerfile);
        assertThat(opts.find()).as("JAVA_OPTS in operator.Dockerfile").isTrue();
        List<String> options = new ArrayList<>(List.of(opts.group(1).trim().split("\\s+")));
        options.addAll(List.of("-XX:MaxRAM=" + CHART_MEMORY_MIB + "m", "-XX:+UseSerialGC"));
        if (Boolean.getBoolean("bench.nmt")) {
            options.add("-XX:NativeMemoryTracking=summary"); // where the RSS goes: printed at the end
        }
        options.addAll(List.of(System.getProperty("bench.jvm.options", "").split("\\s+")).stream().filter(o -> !o.isBlank()).toList());
        return options;
    }

    /** The image's other environment (operator.Dockerfile's ENV lines but JAVA_OPTS, e.g. MALLOC_ARENA_MAX). */
    static Map<String, String> podEnvironment() throws IOException {
        String dockerfile = Files.readString(Projects.dir().resolve("src/main/docker/operator.Dockerfile"));
        Map<String, String> env = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^ENV ([A-Z_]+)=(\\S+)$").matcher(dockerfile);
        while (line.find()) {
            env.put(line.group(1), line.group(2));
        }
        assertThat(env).as("ENV MALLOC_ARENA_MAX in operator.Dockerfile").containsKey("MALLOC_ARENA_MAX");
        return env;
    }

    static Row scenario(KubernetesClient client, FaultInjectingProxy proxy, PackagedOperator operator, String namespace,
            Scenario scenario) throws Exception {
        int jobs = scenario.jobs();
        int scenesEach = scenario.scenes();
        if (scenario.moto()) {
            proxy.passThrough();
        } else {
            awsLike(proxy);
        }
        long throttledBefore = AWS_LIKE_JOBS.throttled.get();
        long lateBefore = proxy.late.get();
        long forwardedBefore = proxy.forwarded.get();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
        int callsBefore = proxy.calls.size();
        Map<String, Double> before = operator.metrics();
        Map<String, String> lastStatus = new ConcurrentHashMap<>();
        AtomicLong statusWrites = new AtomicLong();
        // when this benchmark's own watch saw each job first: what a watcher of the API server sees at the earliest
        Map<String, Long> seenAt = new ConcurrentHashMap<>();
        Map<String, Long> appliedReturnedAt = new ConcurrentHashMap<>();
        AtomicLong statusBytes = new AtomicLong();
        var watch = client.resources(Sen2CorJob.class).inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Sen2CorJob job) {
                seenAt.putIfAbsent(job.getMetadata().getName(), System.nanoTime());
                String status = JSON.asJson(job.getStatus());
                String previous = lastStatus.put(job.getMetadata().getName(), status);
                if (job.getStatus() != null && !status.equals(previous)) {
                    statusWrites.incrementAndGet();
                    statusBytes.accumulateAndGet(status.length(), Math::max);
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
        double[] peaks = new double[4]; // heap MiB, RSS MiB, most DescribeJobs in one poll cycle, live heap MiB
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            Map<String, Double> m = operator.metrics();
            peaks[0] = Math.max(peaks[0], PackagedOperator.sum(m, "jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
            peaks[1] = Math.max(peaks[1], operator.rssMiB());
            peaks[2] = Math.max(peaks[2], PackagedOperator.sum(m, "sen2cor_aws_poll_max_describe_calls"));
            peaks[3] = Math.max(peaks[3], PackagedOperator.sum(m, "jvm_gc_live_data_size_bytes") / 1048576.0);
        }, 0, 1, TimeUnit.SECONDS);

        Map<String, Long> appliedAt = new ConcurrentHashMap<>();
        Map<String, Double> cpuBefore = cpuSeconds(operator);
        long start = System.nanoTime();
        // applied from 8 threads (as kubectl apply of a directory, or Argo CD, sends them): one client applying in
        // turn would set the pace, not the operator
        var appliers = Executors.newFixedThreadPool(scenario.oneAtATime() ? 1 : 8);
        List<java.util.concurrent.Future<?>> applies = new ArrayList<>();
        for (int j = 0; j < jobs; j++) {
            Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
            job.getMetadata().setNamespace(namespace);
            job.getMetadata().setName("job-" + j);
            if (scenesEach > Sen2CorJobSpec.MAX_INLINE_PRODUCTS) {
                job.getSpec().setProducts(null);
                job.getSpec().setScenes(GeneratedCatalogue.everything(catalogue.root()));
                job.getSpec().getScenes().setLimit(scenesEach);
            } else {
                job.getSpec().setProducts(products(scenesEach, j));
            }
            applies.add(appliers.submit(() -> {
                appliedAt.put(job.getMetadata().getName(), System.nanoTime());
                client.resource(job).serverSideApply();
                appliedReturnedAt.put(job.getMetadata().getName(), System.nanoTime());
                if (scenario.oneAtATime()) {
                    org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                            .until(() -> phase(lastStatus.get(job.getMetadata().getName())) == JobPhase.Succeeded);
                }
                return null;
            }));
        }
        for (var apply : applies) {
            apply.get();
        }
        appliers.shutdown();
        // counted from the watch's last status of each job: listing 1000 jobs every 2 s loads the API server the
        // operator is measured against (and timed out at 10 s while it wrote 1000 statuses)
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> count(lastStatus, status -> status.getPhase() == JobPhase.Succeeded) == jobs);
        double wall = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpu = new LinkedHashMap<>(cpuSeconds(operator));
        cpu.replaceAll((process, seconds) -> seconds - cpuBefore.get(process));
        int callsAtSucceeded = proxy.calls.size();
        // the results (every scene's record read, report.json and the catalog written) follow in the background:
        // waited for here, so that one scenario's reading does not run into the next one's figures
        double published = Double.NaN;
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(Long.getLong("bench.published.minutes", 30)))
                    .pollInterval(Duration.ofSeconds(2))
                    .until(() -> count(lastStatus, status -> status.getUsage() != null && status.getUsage().getVcpuHours() != null)
                            == jobs);
            published = (System.nanoTime() - start) / 1e9;
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println(namespace + ": results not all read within bench.published.minutes; published column left empty");
        }
        sampler.shutdown();
        sampler.awaitTermination(30, TimeUnit.SECONDS);
        watch.close();
        Map<String, Double> after = operator.metrics();

        List<FaultInjectingProxy.Call> calls;
        List<FaultInjectingProxy.Call> toSucceeded;
        synchronized (proxy.calls) {
            calls = List.copyOf(proxy.calls.subList(callsBefore, proxy.calls.size()));
            toSucceeded = List.copyOf(proxy.calls.subList(callsBefore, callsAtSucceeded));
        }
        // the way to Succeeded: every call until the last job succeeded, but the results' (they trail it)
        Map<String, Long> wayCalls = new TreeMap<>();
        toSucceeded.stream().map(OperatorBenchmark::kind).filter(k -> !k.startsWith("results ")).forEach(k -> wayCalls.merge(k, 1L, Long::sum));
        long recordReads = calls.stream().filter(c -> kind(c).equals("results record")).count();
        long publishWrites = calls.stream().filter(c -> kind(c).equals("results report/catalog")).count();
        List<Double> latencies = new ArrayList<>();
        List<Double> motoSubmit = new ArrayList<>();
        long submits = 0;
        for (var call : calls) {
            if (!call.operation().equals("submitjob") || call.status() != 200) {
                continue;
            }
            submits++;
            motoSubmit.add((call.answeredNanos() - call.sentNanos()) / 1e6);
            Matcher name = JOB_NAME.matcher(call.requestBody());
            if (name.find()) {
                String job = name.group(1).replaceFirst("^s2c-" + namespace + "-", "").replaceFirst("-[0-9a-f]{8}-r0-0$", "");
                Long applied = appliedAt.get(job);
                if (applied != null) {
                    latencies.add((call.sentNanos() - applied) / 1e6);
                }
            }
        }
        latencies.sort(Double::compare);
        motoSubmit.sort(Double::compare);
        // the operator's own delay: apply to the first AWS call that names the job (its scene manifest's PutObject;
        // shared calls such as the output bucket check or the job definition lookup name no job)
        List<Double> firstCalls = new ArrayList<>();
        for (var applied : appliedAt.entrySet()) {
            String s3Name = "/" + namespace + "." + applied.getKey() + "-";
            String batchName = "\"s2c-" + namespace + "-" + applied.getKey() + "-";
            calls.stream().filter(c -> c.path().contains(s3Name) || c.requestBody().contains(batchName))
                    .mapToLong(FaultInjectingProxy.Call::sentNanos).min()
                    .ifPresent(first -> firstCalls.add((first - applied.getValue()) / 1e6));
        }
        firstCalls.sort(Double::compare);
        if (scenario.oneAtATime()) {
            // where a lone job's first milliseconds go, medians over the jobs, ms after the apply was sent
            Map<String, List<Double>> steps = new java.util.LinkedHashMap<>();
            for (var applied : appliedAt.entrySet()) {
                String name = applied.getKey();
                long t0 = applied.getValue();
                steps.computeIfAbsent("apply answered", k -> new ArrayList<>()).add((appliedReturnedAt.get(name) - t0) / 1e6);
                steps.computeIfAbsent("a watch of the API server sees it", k -> new ArrayList<>()).add((seenAt.get(name) - t0) / 1e6);
                String s3Name = "/" + namespace + "." + name + "-";
                String batchName = "\"s2c-" + namespace + "-" + name + "-";
                calls.stream().filter(c -> c.path().contains(s3Name)).findFirst().ifPresent(c -> {
                    steps.computeIfAbsent("manifest PutObject sent", k -> new ArrayList<>()).add((c.sentNanos() - t0) / 1e6);
                    steps.computeIfAbsent("manifest PutObject answered", k -> new ArrayList<>()).add((c.answeredNanos() - t0) / 1e6);
                });
                calls.stream().filter(c -> c.operation().equals("submitjob") && c.requestBody().contains(batchName)).findFirst().ifPresent(c -> {
                    steps.computeIfAbsent("SubmitJob sent", k -> new ArrayList<>()).add((c.sentNanos() - t0) / 1e6);
                    steps.computeIfAbsent("SubmitJob answered", k -> new ArrayList<>()).add((c.answeredNanos() - t0) / 1e6);
                });
            }
            StringBuilder line = new StringBuilder("\n" + namespace + " (" + jobs + " jobs one at a time), medians in ms after the apply was sent:");
            steps.forEach((step, values) -> {
                values.sort(Double::compare);
                line.append(String.format(" %s %.1f;", step, percentile(values, 0.5)));
            });
            System.out.println(line);
        }
        // SubmitJob calls per second from the first to the last: what the operator sustained (the quota is 50/s)
        List<Long> submitTimes = calls.stream().filter(c -> c.operation().equals("submitjob") && c.status() == 200)
                .map(FaultInjectingProxy.Call::sentNanos).sorted().toList();
        double submitRate = submitTimes.size() < 2 ? Double.NaN
                : (submitTimes.size() - 1) / ((submitTimes.get(submitTimes.size() - 1) - submitTimes.get(0)) / 1e9);
        // the earliest the k-th submission can be: not before the k-th apply, nor sooner than 1/50 s after the one
        // before (the quota without its burst); how far the submissions trailed that schedule
        List<Long> applyTimes = appliedAt.values().stream().sorted().toList();
        double quotaLag = 0;
        double earliest = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < submitTimes.size() && k < applyTimes.size(); k++) {
            earliest = Math.max(applyTimes.get(k), earliest + 1e9 / SUBMIT_QUOTA);
            quotaLag = Math.max(quotaLag, (submitTimes.get(k) - earliest) / 1e9);
        }
        if (jobs == 1 || scenario.oneAtATime()) {
            // where a single job's apply-to-submit time goes: each AWS call, sent and answered, ms after the apply
            long applied = appliedAt.get("job-" + (jobs - 1));
            StringBuilder trace = new StringBuilder("\n" + namespace + " (job-" + (jobs - 1) + "): AWS calls, ms after apply (sent-answered):");
            calls.stream().filter(c -> c.sentNanos() >= applied).limit(12).forEach(c -> trace.append(String.format(" %s %.0f-%.0f;",
                    c.operation(), (c.sentNanos() - applied) / 1e6, (c.answeredNanos() - applied) / 1e6)));
            System.out.println(trace);
        }
        Map<Double, Double> reconciles = bucketDelta(before, after, "reconciliations_execution_duration_seconds_bucket",
                "controller_name=\"sen2corjob\"");
        return new Row(scenario.label(), jobs, jobs * scenesEach, percentile(firstCalls, 0.5), percentile(firstCalls, 0.95),
                submitRate, percentile(latencies, 0.5), percentile(latencies, 0.95),
                percentile(motoSubmit, 0.5), submits,
                Math.round(PackagedOperator.sum(after, "sen2cor_aws_describe_jobs_calls_total")
                        - PackagedOperator.sum(before, "sen2cor_aws_describe_jobs_calls_total")),
                Math.round(peaks[2]), statusWrites.get(), peaks[0], peaks[3], peaks[1], histogramQuantile(reconciles, 0.5) * 1000,
                histogramQuantile(reconciles, 0.99) * 1000, wall, calls.size(),
                PackagedOperator.sum(after, "jvm_gc_pause_seconds_sum") - PackagedOperator.sum(before, "jvm_gc_pause_seconds_sum"),
                statusBytes.get(), wayCalls.values().stream().mapToLong(Long::longValue).sum() / (double) jobs,
                AWS_LIKE_JOBS.throttled.get() - throttledBefore, quotaLag, recordReads, publishWrites, published, wayCalls,
                proxy.late.get() - lateBefore, proxy.forwarded.get() - forwardedBefore, cpu);
    }

    /**
     * CPU seconds used so far by the operator, the API server, etcd and this JVM (the AWS-like endpoint, the watch, the
     * appliers): on two cores, which of them took the time says what set a scenario's pace.
     */
    static Map<String, Double> cpuSeconds(PackagedOperator operator) {
        Map<String, Double> cpu = new LinkedHashMap<>();
        cpu.put("operator", ProcessCpu.seconds(operator.pid()));
        cpu.put("kube-apiserver", ProcessCpu.seconds(controlPlane.pid("kube-apiserver")));
        cpu.put("etcd", ProcessCpu.seconds(controlPlane.pid("etcd")));
        cpu.put("benchmark", ProcessCpu.seconds(ProcessHandle.current().pid()));
        return cpu;
    }

    /** Jobs whose last status seen by the watch matches. */
    static long count(Map<String, String> lastStatus, java.util.function.Predicate<io.sen2cor.operator.api.Sen2CorJobStatus> which) {
        return lastStatus.values().stream().map(json -> JSON.unmarshal(json, io.sen2cor.operator.api.Sen2CorJobStatus.class))
                .filter(status -> status != null && which.test(status)).count();
    }

    static JobPhase phase(String statusJson) {
        if (statusJson == null) {
            return null;
        }
        var status = JSON.unmarshal(statusJson, io.sen2cor.operator.api.Sen2CorJobStatus.class);
        return status == null ? null : status.getPhase();
    }

    /**
     * What a call was for: the AWS Batch operation, or for S3 the object it names: a scene's result record, the job's
     * report.json or catalog.json (these three: the results, read and written once the job has finished), or else
     * the scene manifest.
     */
    static String kind(FaultInjectingProxy.Call call) {
        if (!call.operation().equals("s3")) {
            return call.operation();
        }
        String path = call.path();
        if (path.endsWith("/" + io.sen2cor.operator.contract.RunnerContract.RESULT_FILE)) {
            return "results record";
        }
        if (path.endsWith("/" + io.sen2cor.operator.contract.RunnerContract.JOB_REPORT)
                || path.endsWith("/" + io.sen2cor.operator.contract.RunnerContract.JOB_CATALOG)) {
            return "results report/catalog";
        }
        return path.contains("/_sen2cor/") ? "s3 manifest" : "s3 " + path.replaceAll("^/([^/]+).*", "$1");
    }

    /** Cumulative Prometheus bucket counts by upper bound, summed over series, as the difference after - before. */
    static Map<Double, Double> bucketDelta(Map<String, Double> before, Map<String, Double> after, String name, String label) {
        Map<Double, Double> buckets = new TreeMap<>();
        after.forEach((series, count) -> {
            if (series.startsWith(name + "{") && series.contains(label)) {
                Matcher le = LE.matcher(series);
                if (le.find()) {
                    double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                    buckets.merge(bound, count - before.getOrDefault(series, 0.0), Double::sum);
                }
            }
        });
        return buckets;
    }

    /** The upper bound of the first bucket holding the q-quantile (what histogram_quantile rounds up to). */
    static double histogramQuantile(Map<Double, Double> cumulative, double q) {
        double total = cumulative.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        if (total == 0) {
            return Double.NaN;
        }
        for (var bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return bucket.getKey();
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    /** The seed's way: one `aws batch submit-job` per scene, then describe-jobs polling, on the same AWS-like endpoint. */
    static void seedComparison(KubernetesClient client, FaultInjectingProxy proxy, PackagedOperator operator, int scenes)
            throws Exception {
        awsLike(proxy);
        Path script = Projects.dir().resolve("src/scripts/bench-seed-way.sh");
        var env = client.resources(io.sen2cor.operator.api.BatchEnvironment.class).withName("s2-spot").get();
        Sen2CorJob sample = client.resources(Sen2CorJob.class).inNamespace("bench-0").list().getItems().get(0);
        String jobDefinition = sample.getStatus().getBatch().getJobDefinitionArn();
        long start = System.nanoTime();
        Process p = new ProcessBuilder("bash", script.toString(), proxy.endpoint().toString(),
                env.getStatus().getJobQueue().getArn(), jobDefinition, String.valueOf(scenes))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        double seedWall = (System.nanoTime() - start) / 1e9;
        long seedCalls = out.lines().filter(l -> l.startsWith("calls ")).mapToLong(l -> Long.parseLong(l.substring(6).trim()))
                .findFirst().orElse(-1);

        Row operatorWay = scenario(client, proxy, operator, "bench-seed", new Scenario("1x" + scenes, 1, scenes, false, false));
        System.out.printf("%n%-34s %12s %12s %8s%n", "seed way vs operator, " + scenes + " scenes", "seed loop", "operator", "ratio");
        System.out.printf("%-34s %12.1f %12.1f %8.1f%n", "wall time (s)", seedWall, operatorWay.wallSeconds(), seedWall / operatorWay.wallSeconds());
        System.out.printf("%-34s %12d %12d %8.1f%n", "AWS API calls", seedCalls, operatorWay.awsCalls(),
                (double) seedCalls / operatorWay.awsCalls());
        System.out.printf("%-34s %12d %12d %8.1f%n", "SubmitJob calls", scenes, operatorWay.submitJob(),
                (double) scenes / operatorWay.submitJob());
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    /** Distinct valid L1C ids per job (tile letters and sensing second vary). */
    static List<String> products(int n, int job) {
        return IntStream.range(0, n).mapToObj(i -> String.format("S2A_MSIL1C_2019%02d%02dT%06d_N0207_R135_T36N%s_20190122T091707",
                1 + job % 12, 1 + (job / 12) % 28, 75221 + i % 1000,
                "" + (char) ('A' + (i / 1000) % 8) + (char) ('A' + (job / 336) % 8))).toList();
    }

    static void print(List<Row> rows, double lifetimePeakRssMiB) {
        System.out.printf("%n(operator process as in a %d MiB pod: heap = peak of jvm_memory_used_bytes{area=heap}, RSS = peak VmRSS, "
                + "both sampled each second; live = heap after a full GC (jvm_gc_live_data_size_bytes); lifetime peak RSS (VmHWM) %.0f MiB. "
                + "AWS-like endpoint: AWS Batch answers in %d ms, S3 in %d ms, SubmitJob quota %d/s, a job runs %d ms)%n",
                CHART_MEMORY_MIB, lifetimePeakRssMiB, BATCH_LATENCY.toMillis(), S3_LATENCY.toMillis(), SUBMIT_QUOTA, RUN_MILLIS);
        System.out.printf("first*: apply to the first AWS call naming the job (the operator's own delay); submit/s: SubmitJob "
                + "calls per second from the first to the last; lag s: how far the last submission trailed what the quota allows "
                + "(the k-th SubmitJob not before the k-th apply, nor 1/%d s after the one before); 429: SubmitJob calls the endpoint refused for the quota; submit*: "
                + "apply to the SubmitJob request; answer50: the endpoint's SubmitJob answer time; way/job: AWS calls until the last "
                + "job succeeded, results aside, per job; rec*: Sen2CorJob reconcile durations from the histogram (bucket upper "
                + "bounds); records, pubW: result records read and report/catalog written; published: apply to every job's "
                + "results read%n", SUBMIT_QUOTA);
        System.out.printf("%n%-15s %5s %7s %9s %9s %8s %6s %5s %10s %10s %9s %6s %8s %7s %7s %7s %7s %7s %8s %8s %5s %7s %7s %6s %9s %8s%n",
                "scenario", "jobs", "scenes", "first50ms", "first95ms", "submit/s", "lag s", "429", "submit50ms", "submit95ms",
                "answer50", "Submit", "Describe", "way/job", "status", "heapMiB", "liveMiB", "rssMiB", "rec50ms*", "rec99ms*",
                "gc s", "wall s", "records", "pubW", "published", "statusB");
        for (Row r : rows) {
            System.out.printf("%-15s %5d %7d %9.0f %9.0f %8.1f %6.1f %5d %10.0f %10.0f %9.0f %6d %8d %7.2f %7d %7.0f %7.0f %7.0f %8.0f %8.0f %5.1f %7.1f %7d %6d %9.1f %8d%n",
                    r.scenario(), r.jobs(), r.scenes(), r.applyToFirstCallP50(), r.applyToFirstCallP95(), r.submitRate(),
                    r.quotaLagSeconds(), r.throttled(), r.applyToSubmitP50(), r.applyToSubmitP95(), r.submitAnswerP50(),
                    r.submitJob(), r.describeJobs(), r.wayCallsPerJob(), r.statusWrites(), r.heapPeakMiB(),
                    r.liveHeapMiB(), r.rssPeakMiB(), r.reconcileP50(), r.reconcileP99(), r.gcPauseSeconds(), r.wallSeconds(),
                    r.recordReads(), r.publishWrites(), r.publishedSeconds(), r.statusBytesMax());
        }
        System.out.println("\nAWS calls on the way to Succeeded, by kind; calls the endpoint passed to moto, and how many moto "
                + "answered later than the set latency:");
        for (Row r : rows) {
            System.out.printf("%-15s %s; to moto %d, late %d%n", r.scenario(), r.wayCalls(), r.forwarded(), r.late());
        }
        System.out.printf("%nCPU seconds from the first apply until every job Succeeded, and that over the machine's %d cores "
                + "x wall:%n", Runtime.getRuntime().availableProcessors());
        for (Row r : rows) {
            double total = r.cpuSeconds().values().stream().mapToDouble(Double::doubleValue).sum();
            StringBuilder line = new StringBuilder(String.format("%-15s", r.scenario()));
            r.cpuSeconds().forEach((process, seconds) -> line.append(String.format(" %s %.1f (%.1f ms/job);", process, seconds,
                    seconds * 1000 / r.jobs())));
            line.append(String.format(" busy %.0f %%", 100 * total / (Runtime.getRuntime().availableProcessors() * r.wallSeconds())));
            System.out.println(line);
        }
    }
}
