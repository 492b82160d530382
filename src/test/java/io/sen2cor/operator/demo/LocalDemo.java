package io.sen2cor.operator.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsBatchEnvironmentBackend;
import io.sen2cor.operator.aws.AwsBatchJobBackend;
import io.sen2cor.operator.aws.AwsBatchTiming;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.BatchJobTracker;
import io.sen2cor.operator.aws.TokenBucket;
import io.sen2cor.operator.backend.Backends;
import io.sen2cor.operator.k8s.InformerReads;
import io.sen2cor.operator.k8s.KubernetesEnvironmentBackend;
import io.sen2cor.operator.k8s.KubernetesJobBackend;
import io.sen2cor.operator.reconciler.EventRecorder;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The README's first command (src/scripts/demo.sh). Starts a real local control plane (etcd, kube-apiserver,
 * kube-controller-manager built from Go modules) and moto, installs the CRDs with kubectl, runs the operator
 * in-process against them, applies the examples with kubectl and shows the Sen2CorJob reaching Succeeded.
 * AWS Batch is emulated by moto: it marks a submitted job SUCCEEDED at once and runs no container, so no Sen2Cor
 * runs and nothing is written to AWS. Not part of the test run (outside Surefire's includes).
 */
class LocalDemo {

    @Test
    void run() throws Exception {
        MotoServer moto = MotoServer.get();
        say("moto (AWS emulator) on " + moto.endpoint() + "; starting the local control plane ...");
        try (LocalControlPlane cluster = LocalControlPlane.start();
                var aws = moto.clients();
                var pool = new AwsClientPool(Optional.of(moto.endpoint()),
                        StaticCredentialsProvider.create(AwsBasicCredentials.create("demo", "demo")), new MotoBatchGaps())) {
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            say("control plane at " + cluster.server() + " (kubeconfig " + cluster.kubeconfig() + ")");

            show(cluster, "apply", "--server-side", "-f", "crds/");
            show(cluster, "wait", "--for=condition=Established", "crd/batchenvironments.sen2cor.io", "crd/sen2corjobs.sen2cor.io",
                    "crd/sen2corsubscriptions.sen2cor.io");

            try (var client = cluster.client()) {
                var events = new EventRecorder(client);
                var tracker = new BatchJobTracker(pool, new TokenBucket(10, 10), Duration.ofSeconds(2));
                var backends = new Backends(List.of(new AwsBatchEnvironmentBackend(pool, events,
                        new AwsBatchTiming(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMinutes(5))),
                        new KubernetesEnvironmentBackend(client)),
                        List.of(new AwsBatchJobBackend(pool, events, tracker, new TokenBucket(10, 10), "sen2cor-runner:demo",
                                Duration.ofMinutes(30), AwsBatchTiming.DEFAULT, Clock.systemUTC()),
                                new KubernetesJobBackend(client, new InformerReads(), "sen2cor-runner:demo",
                                        Duration.ofMinutes(15), Duration.ofMinutes(1), Clock.systemUTC())));
                try (LocalOperator operator = LocalOperator.start(client, backends, true)) {
                    say("operator started (in-process, AWS endpoint " + moto.endpoint() + ")");
                    Path env = Files.createTempFile("batchenvironment-spot", ".yaml");
                    Files.writeString(env, Serialization.asYaml(account.exampleEnvironment()).replaceAll("(?m)^\\s+uid:.*\\n", "")
                            .replaceAll("(?m)^\\s+generation:.*\\n", ""));
                    say("examples/batchenvironment-spot.yaml with moto's default subnet and security group and the "
                            + "service-linked role filled in: " + env);
                    show(cluster, "apply", "-f", env.toString());
                    show(cluster, "apply", "-f", "examples/sen2corjob-kenya.yaml");

                    awaitSucceeded(client, "kenya-jan-2019");
                    show(cluster, "get", "batchenvironments", "-o", "wide");
                    show(cluster, "get", "sen2corjobs", "-A");
                    show(cluster, "get", "sen2corjob", "kenya-jan-2019", "-o", "jsonpath={.status.batch}{\"\\n\"}{.status.rounds}{\"\\n\"}");
                    show(cluster, "get", "events", "-A", "--sort-by=.lastTimestamp",
                            "-o", "custom-columns=OBJECT:.involvedObject.name,REASON:.reason,MESSAGE:.message");
                    Kubectl.Result jobs = cluster.kubectl("get", "sen2corjobs", "-A");
                    assertThat(jobs.output()).contains("Succeeded");

                    if ("1".equals(System.getenv("DEMO_STAC"))) {
                        stacSelection(cluster, client);
                    }

                    // the Kubernetes backend: Indexed Jobs on a node kwok simulates (no container runs there either)
                    cluster.addKwokNode("kwok-spot-0", java.util.Map.of("karpenter.sh/capacity-type", "spot"));
                    say("the Kubernetes backend on kwok-spot-0, a node kwok simulates: its pods run no container; "
                            + "src/test/resources/kwok/stages.yaml scripts them, and it makes index 1 exit 3 (product not found)");
                    show(cluster, "apply", "-f", "examples/batchenvironment-cluster-spot.yaml");
                    show(cluster, "apply", "-f", "examples/sen2corjob-kenya-on-cluster.yaml");
                    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                        Sen2CorJob job = client.resources(Sen2CorJob.class).inNamespace("default").withName("kenya-jan-2019-cluster").get();
                        return job != null && job.getStatus() != null && job.getStatus().getPhase() != null
                                && job.getStatus().getPhase() != JobPhase.Pending && job.getStatus().getPhase() != JobPhase.Running;
                    });
                    show(cluster, "get", "sen2corjobs,jobs,pods", "-n", "default", "-o", "wide");
                    // each failed scene: product, reason and how to read its log
                    show(cluster, "get", "sen2corjob", "kenya-jan-2019-cluster", "-o",
                            "jsonpath={range .status.failures[*]}{.product}{\"  \"}{.reason}{\"  \"}{.logCommand}{\"\\n\"}{end}");

                    if ("1".equals(System.getenv("DEMO_KEEP_RUNNING"))) {
                        say("still running. Try: kubectl --kubeconfig " + cluster.kubeconfig()
                                + " get sen2corjobs -A. Stop with Ctrl-C.");
                        Thread.sleep(Long.MAX_VALUE);
                    }
                }
            }
            say("stopped the operator, the control plane and moto. Nothing is left running; to keep it up for kubectl, "
                    + "run DEMO_KEEP_RUNNING=1 src/scripts/demo.sh and stop with Ctrl-C.");
        }
    }

    /**
     * DEMO_STAC=1: a Sen2CorJob whose scenes come from a STAC search, against a local STAC API (stac-fastapi-pgstac on
     * pgstac, src/scripts/stac-server.sh) loaded with 15 real Earth Search L1C items and one derived for the README's
     * example (its cloud cover assumed, src/test/resources/stac/derived/README.md).
     */
    private static void stacSelection(LocalControlPlane cluster, io.fabric8.kubernetes.client.KubernetesClient client) throws Exception {
        Path dir = Files.createTempDirectory("sen2cor-demo-stac");
        try (StacServer stac = StacServer.start(dir.resolve("stac"))) {
            Path data = Projects.dir().resolve("src/test/resources/stac/earth-search-l1c");
            try (var files = Files.list(data.resolve("items"))) {
                stac.load(data.resolve("collection.json"), java.util.stream.Stream.concat(
                        files.filter(f -> f.toString().endsWith(".json")).sorted(),
                        java.util.stream.Stream.of(Projects.dir().resolve("src/test/resources/stac/derived/S2A_36NXF_20190122_0_L1C.json")))
                        .toList());
            }
            say("a local STAC API at " + stac.endpoint() + " with 15 real Earth Search sentinel-2-l1c items and one derived "
                    + "for the Kenya product (src/test/resources/stac/derived/README.md). First the README's example, "
                    + "examples/sen2corjob-stac-36nxf.yaml, with its catalog set to the local API");
            String example = Files.readString(Projects.dir().resolve("examples/sen2corjob-stac-36nxf.yaml"))
                    .replace("  scenes:\n", "  scenes:\n    catalog: " + stac.endpoint() + "\n");
            Path kenya = Files.createTempFile("sen2corjob-stac-36nxf", ".yaml");
            Files.writeString(kenya, example);
            show(cluster, "apply", "-f", kenya.toString());
            awaitSucceeded(client, "kenya-36nxf-jan-2019");
            show(cluster, "get", "sen2corjob", "kenya-36nxf-jan-2019", "-o", "wide");
            show(cluster, "get", "sen2corjob", "kenya-36nxf-jan-2019", "-o", "jsonpath={.status.selection}{\"\\n\"}");

            say("a Sen2CorJob selecting the scenes of 31 July 2025 over Ceara (Brazil) with at most 20 % cloud");
            Path job = Files.createTempFile("sen2corjob-stac", ".yaml");
            Files.writeString(job, """
                    apiVersion: sen2cor.io/v1alpha1
                    kind: Sen2CorJob
                    metadata: {name: ceara-jul-2025, namespace: default}
                    spec:
                      environmentRef: s2-spot
                      scenes:
                        catalog: %s
                        bbox: [-40.5, -5.3, -37.5, -4.4]
                        datetime: "2025-07-31T00:00:00Z/2025-07-31T23:59:59Z"
                        maxCloudCover: 20
                      output: {uri: "s3://eo-l2a/ceara/"}
                    """.formatted(stac.endpoint()));
            show(cluster, "apply", "-f", job.toString());
            awaitSucceeded(client, "ceara-jul-2025");
            show(cluster, "get", "sen2corjob", "ceara-jul-2025", "-o", "wide");
            show(cluster, "get", "sen2corjob", "ceara-jul-2025", "-o", "jsonpath={.status.selection}{\"\\n\"}");
            subscription(cluster, client, stac, data);
        }
    }

    /**
     * A Sen2CorSubscription over the same coast: it backfills from 29 July 2025 week by week to today, then a scene
     * sensed yesterday appears in the catalogue (an item derived from a real one with yesterday's date: a late
     * publication) and the next poll hands it to a new job.
     */
    private static void subscription(LocalControlPlane cluster, io.fabric8.kubernetes.client.KubernetesClient client,
            StacServer stac, Path data) throws Exception {
        say("examples/sen2corsubscription-ceara.yaml with the local catalogue, start 2025-07-29 and a poll every minute: "
                + "it backfills week by week to today");
        String example = Files.readString(Projects.dir().resolve("examples/sen2corsubscription-ceara.yaml"))
                .replace("  scenes:\n", "  scenes:\n    catalog: " + stac.endpoint() + "\n")
                .replace("start: \"2025-07-01T00:00:00Z\"", "start: \"2025-07-29T00:00:00Z\"")
                .replace("pollInterval: 1h", "pollInterval: 1m");
        Path file = Files.createTempFile("sen2corsubscription-ceara", ".yaml");
        Files.writeString(file, example);
        show(cluster, "apply", "-f", file.toString());
        java.util.function.Supplier<io.sen2cor.operator.api.Sen2CorSubscription> read = () -> client
                .resources(io.sen2cor.operator.api.Sen2CorSubscription.class).inNamespace("default").withName("ceara-coast").get();
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1)).until(read::get, s -> s != null
                && s.getStatus() != null && s.getStatus().getCursor() != null && s.getStatus().getNextPollTime() != null
                && java.time.Instant.parse(s.getStatus().getNextPollTime()).isAfter(java.time.Instant.now()));
        show(cluster, "get", "sen2corsubscription", "ceara-coast", "-o", "wide");
        show(cluster, "get", "sen2corjobs", "-l", "sen2cor.io/subscription=ceara-coast");

        java.time.LocalDate yesterday = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(1);
        Path late = io.sen2cor.operator.testing.DerivedItems.sensedOn("S2B_24MWV_20250731_0_L1C.json", yesterday,
                Files.createTempDirectory("sen2cor-demo-late"));
        say("a scene sensed yesterday is published (derived from S2B_24MWV_20250731_0_L1C with yesterday's date; moto "
                + "runs no container, so no pixels are read): the next poll finds it within its 72 h lookback");
        stac.load(data.resolve("collection.json"), List.of(late));
        long before = read.get().getStatus().getJobsCreated();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(read::get,
                s -> s.getStatus().getJobsCreated() > before);
        show(cluster, "get", "sen2corsubscription", "ceara-coast", "-o", "jsonpath={.status.lastPoll}{\"\\n\"}");
        show(cluster, "get", "sen2corjobs", "-l", "sen2cor.io/subscription=ceara-coast");
    }

    private static void awaitSucceeded(io.fabric8.kubernetes.client.KubernetesClient client, String name) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Sen2CorJob j = client.resources(Sen2CorJob.class).inNamespace("default").withName(name).get();
            return j != null && j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded;
        });
    }

    private static void show(LocalControlPlane cluster, String... args) {
        System.out.println("\n$ kubectl " + String.join(" ", args));
        Kubectl.Result r = new Kubectl(cluster.bin().resolve("kubectl"), cluster.kubeconfig()).run(args);
        System.out.print(r.output());
        assertThat(r.exitCode()).as("kubectl " + String.join(" ", args)).isZero();
    }

    private static void say(String message) {
        System.out.println("\n# " + message);
    }
}
