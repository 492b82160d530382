package io.sen2cor.operator.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.subscription.SubscriptionJobs;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.DerivedItems;
import io.sen2cor.operator.testing.FaultInjectingProxy;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.PackagedOperator;
import io.sen2cor.operator.testing.StacServer;

/**
 * A Sen2CorSubscription on the packaged operator (its own process, prod profile) against the local control plane,
 * moto and the local STAC API, with items sensed in the last days (real Earth Search items moved to those days,
 * {@link DerivedItems}). It backfills them; the operator is killed with SIGKILL; while it is down a scene sensed
 * yesterday is published; the operator started again goes on from the cursor in status and hands out that scene,
 * and only that one: no gap, no scene in two jobs.
 */
class SubscriptionCatchUpIT {

    static final String MUV = "S2B_24MUV_20250731_0_L1C.json";
    static final String MVV = "S2B_24MVV_20250731_0_L1C.json";
    static final String MWV = "S2B_24MWV_20250731_0_L1C.json";

    @Test
    void aRestartedOperatorCatchesUpFromTheCursorWithoutGapsOrDuplicates() throws Exception {
        assertThat(PackagedOperator.jar()).exists();
        MotoServer moto = MotoServer.get();
        moto.reset();
        LocalControlPlane cluster = LocalControlPlane.get();
        Path dir = Files.createTempDirectory("subscription-catch-up");
        Path log = dir.resolve("operator.log");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        PackagedOperator operator = null;
        try (var aws = moto.clients(); var proxy = new FaultInjectingProxy(moto.endpoint(), 0, 1).fixMotoVcpus();
                KubernetesClient client = cluster.client(); StacServer stac = StacServer.start(dir.resolve("stac"))) {
            Path collection = DerivedItems.REAL.resolveSibling("collection.json");
            stac.load(collection, List.of(DerivedItems.sensedOn(MUV, today.minusDays(2), dir),
                    DerivedItems.sensedOn(MVV, today.minusDays(1), dir)));
            AwsAccountFixture account = AwsAccountFixture.prepareWithOutputBucket(aws);
            LocalOperator.installCrds(client);
            Map<String, String> settings = Map.of("SEN2COR_AWS_POLL_INTERVAL", "2s",
                    "SEN2COR_STAC_ALLOWED_CATALOGS", stac.endpoint().toString(),
                    "SEN2COR_STAC_PRIVATE_CATALOGS", stac.endpoint().toString());
            operator = PackagedOperator.start(cluster, proxy.endpoint(), log, settings, List.of());
            account.applyExampleEnvironment(client, Duration.ofSeconds(90));

            Sen2CorSubscription sub = LocalOperator.example("sen2corsubscription-ceara.yaml", Sen2CorSubscription.class);
            sub.getSpec().getScenes().setCatalog(stac.endpoint().toString());
            sub.getSpec().getScenes().setMaxCloudCover(null);
            sub.getSpec().setStart(today.minusDays(3).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
            sub.getSpec().setBackfillWindow("24h");
            sub.getSpec().setPollInterval("1m");
            client.resource(sub).create();
            Sen2CorSubscription caughtUp = awaitSubscription(client, Duration.ofSeconds(90), s -> s.getStatus().getNextPollTime() != null
                    && Instant.parse(s.getStatus().getNextPollTime()).isAfter(Instant.now()) && s.getStatus().getScenesQueued() != null);
            assertThat(caughtUp.getStatus().getScenesQueued()).as("the two scenes of the last days").isEqualTo(2);
            assertThat(caughtUp.getStatus().getPolls()).as("three or four windows of 24 h up to now").isBetween(4L, 5L);
            long jobsBefore = caughtUp.getStatus().getJobsCreated();

            operator.kill();
            Files.writeString(log, "\n===== SIGKILL, then a scene sensed yesterday is published =====\n\n",
                    java.nio.file.StandardOpenOption.APPEND);
            stac.load(collection, List.of(DerivedItems.sensedOn(MWV, today.minusDays(1), dir)));
            operator = PackagedOperator.start(cluster, proxy.endpoint(), log, settings, List.of());

            Sen2CorSubscription after = awaitSubscription(client, Duration.ofSeconds(150),
                    s -> s.getStatus().getScenesQueued() == 3);
            assertThat(after.getStatus().getJobsCreated()).isEqualTo(jobsBefore + 1);
            assertThat(after.getStatus().getLastPoll()).contains("3 scenes matched, 1 new");
            List<Sen2CorJob> jobs = client.resources(Sen2CorJob.class).inNamespace("default")
                    .withLabel(SubscriptionJobs.SUBSCRIPTION_LABEL, "ceara-coast").list().getItems();
            List<String> handedOut = jobs.stream().flatMap(j -> j.getSpec().getProducts().stream()).toList();
            assertThat(handedOut).as("every scene in exactly one job").hasSize(3).doesNotHaveDuplicates();
            assertThat(new TreeSet<>(handedOut)).contains(DerivedItems.product(
                    "S2B_MSIL1C_20250731T130249_N0511_R095_T24MWV_20250731T131834", today.minusDays(1)));
            System.out.printf("subscription catch-up on the packaged operator: %d polls, %d jobs, %d scenes%n",
                    after.getStatus().getPolls(), after.getStatus().getJobsCreated(), after.getStatus().getScenesQueued());
            client.resource(after).delete();
        } catch (Throwable t) {
            System.out.println(Files.exists(log) ? Files.readString(log) : "no operator log");
            throw t;
        } finally {
            if (operator != null) {
                operator.kill();
            }
        }
    }

    static Sen2CorSubscription awaitSubscription(KubernetesClient client, Duration within, Predicate<Sen2CorSubscription> until) {
        return await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(
                () -> client.resources(Sen2CorSubscription.class).inNamespace("default").withName("ceara-coast").get(),
                s -> s != null && s.getStatus() != null && until.test(s));
    }
}
