package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.SceneSelector;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.GeneratedCatalogue;
import io.sen2cor.operator.testing.Kubectl;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.Projects;
import io.sen2cor.operator.testing.StacServer;
import io.sen2cor.operator.testing.StacValidator;
import io.sen2cor.operator.testing.WithMoto;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * spec.scenes end to end: a real kube-apiserver, the operator in-process, moto for AWS Batch (a job succeeds inside
 * SubmitJob: no container runs) and a real STAC API ({@link StacServer}) with 15 real Earth Search L1C items. The
 * selector resolves to the ids read off the items, is frozen in status.selection, and the job runs those scenes.
 */
@WithMoto
class SceneSelectorOnApiServerTest {

    static final Path DATA = Projects.dir().resolve("src/test/resources/stac/earth-search-l1c");

    @TempDir
    static Path dir;
    static StacServer stac;

    LocalControlPlane cluster;
    KubernetesClient client;
    AwsClientPool pool;
    LocalOperator operator;
    AwsAccountFixture account;

    @BeforeAll
    static void startStac() throws IOException {
        stac = StacServer.start(dir.resolve("stac"));
        try (Stream<Path> files = Files.list(DATA.resolve("items"))) {
            stac.load(DATA.resolve("collection.json"), files.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
    }

    @AfterAll
    static void stopStac() {
        if (stac != null) {
            stac.close();
        }
    }

    @BeforeEach
    void start(MotoServer moto) {
        cluster = LocalControlPlane.get();
        client = cluster.client();
        try (var aws = moto.clients()) {
            account = AwsAccountFixture.prepareWithOutputBucket(aws);
        }
        pool = moto.pool(new MotoBatchGaps());
        operator = LocalOperator.onAwsBatch(client, pool);
        account.applyExampleEnvironment(client, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        operator.close();
        LocalOperator.removeAll(client);
        pool.close();
        client.close();
    }

    Sen2CorJob job(String name, SceneSelector scenes) {
        Sen2CorJob job = LocalOperator.example("sen2corjob-kenya.yaml", Sen2CorJob.class);
        job.getMetadata().setName(name);
        job.getSpec().setProducts(null);
        job.getSpec().setScenes(scenes);
        return job;
    }

    static SceneSelector ceara(String catalog) {
        SceneSelector s = new SceneSelector();
        s.setCatalog(catalog);
        s.setBbox(List.of(-40.5, -5.3, -37.5, -4.4));
        s.setDatetime("2025-07-31T00:00:00Z/2025-07-31T23:59:59Z");
        s.setMaxCloudCover(20.0);
        return s;
    }

    Sen2CorJob awaitJob(String name, java.util.function.Predicate<Sen2CorJob> until) {
        return await().atMost(Duration.ofSeconds(90)).until(
                () -> client.resources(Sen2CorJob.class).inNamespace("default").withName(name).get(),
                j -> j != null && j.getStatus() != null && until.test(j));
    }

    @Test
    void aSelectorResolvesOnceToTheMatchingScenesAndTheJobRunsThem(MotoServer moto) throws Exception {
        // moto runs no container: the records the runner would write for the two scenes (moto is reset per test)
        try (var aws = moto.clients()) {
            for (String tile : List.of("T24MWV", "T24MXV")) {
                String l1c = "S2B_MSIL1C_20250731T130249_N0511_R095_" + tile + "_20250731T131834";
                aws.s3().putObject(r -> r.bucket("eo-l2a").key("kenya/" + l1c + "/result.json"), RequestBody.fromString(
                        "{\"status\": \"SUCCEEDED\", \"stacItem\": \"s3://eo-l2a/kenya/" + l1c.replace("MSIL1C", "MSIL2A") + ".json\"}"));
            }
        }
        client.resource(job("ceara-clear", ceara(stac.endpoint().toString()))).create();

        Sen2CorJob done = awaitJob("ceara-clear", j -> j.getStatus().getPhase() == JobPhase.Succeeded);

        var selection = done.getStatus().getSelection();
        assertThat(selection.getProducts()).containsExactly(
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MWV_20250731T131834",
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");
        assertThat(selection.getMatched()).isEqualTo(2);
        assertThat(selection.getSha256()).hasSize(64);
        // Earth Search's items, served here: each scene's L1C item is where the rule the search checked says
        assertThat(selection.getSourceItems()).isEqualTo(stac.endpoint().toString().replaceFirst("/+$", "") + "/collections/sentinel-2-l1c/items/"
                + "{mission}_{tile}_{date}_0_L1C");
        for (String product : selection.getProducts()) {
            var item = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    io.sen2cor.operator.contract.SourceItems.expand(selection.getSourceItems(), product))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(item.statusCode()).as(item.body()).isEqualTo(200);
            assertThat(item.body()).contains(product);
        }
        assertThat(done.getStatus().getProgress()).isEqualTo("2/2");
        Kubectl.Result wide = cluster.kubectl("get", "sen2corjobs", "ceara-clear", "-n", "default", "-o", "wide");
        assertThat(wide.output()).contains("MATCHED").contains("Succeeded").contains("2/2");

        // the finished job's STAC catalog, next to its report: one item link per published L2A product
        try (var aws = moto.clients()) {
            // written in the background once the job has finished (every scene's record is read for it)
            String key = await().atMost(Duration.ofSeconds(30)).until(() -> aws.s3().listObjectsV2(r -> r.bucket("eo-l2a")
                    .prefix("kenya/_sen2cor/default.ceara-clear-")).contents().stream().map(o -> o.key())
                    .filter(k -> k.endsWith("/catalog.json")).findFirst(), java.util.Optional::isPresent).orElseThrow();
            String catalog = aws.s3().getObjectAsBytes(r -> r.bucket("eo-l2a").key(key)).asUtf8String();
            assertThat(catalog).contains("s3://eo-l2a/kenya/S2B_MSIL2A_20250731T130249_N0511_R095_T24MWV_20250731T131834.json",
                    "s3://eo-l2a/kenya/S2B_MSIL2A_20250731T130249_N0511_R095_T24MXV_20250731T131834.json");
            Path file = dir.resolve("catalog.json");
            Files.writeString(file, catalog);
            var valid = StacValidator.validate(file);
            assertThat(valid.exitCode()).as(valid.output()).isZero();
        }
    }

    @Test
    void skipExistingLeavesOutWhatTheOutputAlreadyHolds(MotoServer moto) {
        String done = "S2B_MSIL1C_20250731T130249_N0511_R095_T24MWV_20250731T131834";
        try (var aws = moto.clients()) {
            aws.s3().putObject(r -> r.bucket("eo-l2a").key("kenya/" + done + "/result.json"),
                    RequestBody.fromString("{\"product\": \"" + done + "\", \"status\": \"SUCCEEDED\"}"));
        }
        SceneSelector again = ceara(stac.endpoint().toString());
        again.setSkipExisting(true);
        client.resource(job("ceara-again", again)).create();

        Sen2CorJob finished = awaitJob("ceara-again", j -> j.getStatus().getPhase() == JobPhase.Succeeded);

        assertThat(finished.getStatus().getSelection().getProducts()).containsExactly(
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");
        assertThat(finished.getStatus().getSelection().getSkipped()).isEqualTo(1);
        assertThat(finished.getStatus().getSelection().getMatched()).isEqualTo(2);
        assertThat(finished.getStatus().getProgress()).isEqualTo("1/1");
    }

    /**
     * A selection above what status holds (10,000 ids), on the real API server: kept in the output store, run as three
     * arrays reading it at their offsets, and status stays the size of a small job's (SceneSelectionLifecycleTest runs
     * a million through the lifecycle; docs/benchmark.md, the packaged operator).
     */
    @Test
    void aSelectionAboveWhatStatusHoldsIsKeptInTheStoreAndRunsWithStatusBounded() throws IOException {
        try (GeneratedCatalogue catalogue = new GeneratedCatalogue(20_001)) {
            client.resource(job("continent", GeneratedCatalogue.everything(catalogue.root()))).create();

            Sen2CorJob done = await().atMost(Duration.ofSeconds(180)).until(
                    () -> client.resources(Sen2CorJob.class).inNamespace("default").withName("continent").get(),
                    j -> j != null && j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);

            var selection = done.getStatus().getSelection();
            assertThat(selection.getSelected()).isEqualTo(20_001);
            assertThat(selection.getProducts()).as("not in status").isNullOrEmpty();
            assertThat(selection.getManifestUri()).startsWith("s3://eo-l2a/kenya/_sen2cor/default.continent-").endsWith("/scenes-r0.txt");
            assertThat(done.getStatus().getProgress()).isEqualTo("20001/20001");
            assertThat(done.getStatus().getRounds().get(0).getJobIds()).as("arrays of 10,000").hasSize(3);
            int bytes = io.fabric8.kubernetes.client.utils.Serialization.asJson(done.getStatus()).length();
            System.out.printf("20,001 scenes on the real API server: status %d bytes%n", bytes);
            assertThat(bytes).as("status bytes").isLessThan(4_000);
            assertThat(cluster.kubectl("get", "sen2corjobs", "continent", "-n", "default", "-o", "wide").output())
                    .contains("20001");
        }
    }

    @Test
    void aSelectionAboveItsLimitFailsAndAnUnreachableCatalogueIsAConditionThatIsRetried() {
        SceneSelector wide = ceara(stac.endpoint().toString());
        wide.setMaxCloudCover(null);
        wide.setLimit(3);
        client.resource(job("too-many", wide)).create();
        Sen2CorJob refused = awaitJob("too-many", j -> j.getStatus().getPhase() == JobPhase.Failed);
        assertThat(Conditions.find(refused.getStatus().getConditions(), ConditionType.READY)).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("SelectionRefused");
            assertThat(c.getMessage()).contains("more than scenes.limit 3");
        });
        assertThat(refused.getStatus().getBatch() == null || refused.getStatus().getRounds().isEmpty())
                .as("nothing submitted").isTrue();

        client.resource(job("no-catalogue", ceara("http://127.0.0.1:" + MotoServer.freePort()))).create();
        Sen2CorJob waiting = awaitJob("no-catalogue", j -> Conditions.find(j.getStatus().getConditions(), ConditionType.READY)
                .map(c -> "CatalogueUnavailable".equals(c.getReason())).orElse(false));
        assertThat(waiting.getStatus().getPhase()).isEqualTo(JobPhase.Pending);
        assertThat(Conditions.find(waiting.getStatus().getConditions(), ConditionType.READY).orElseThrow().getMessage())
                .contains("could not be reached", "retrying");
    }
}
