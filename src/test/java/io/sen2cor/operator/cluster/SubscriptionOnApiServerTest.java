package io.sen2cor.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sen2cor.operator.api.JobPhase;
import io.sen2cor.operator.api.Sen2CorJob;
import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.aws.AwsClientPool;
import io.sen2cor.operator.aws.NotificationQueues;
import io.sen2cor.operator.reconciler.SubscriptionNotifications;
import io.sen2cor.operator.status.ConditionType;
import io.sen2cor.operator.status.Conditions;
import io.sen2cor.operator.subscription.SubscriptionJobs;
import io.sen2cor.operator.testing.AwsAccountFixture;
import io.sen2cor.operator.testing.DerivedItems;
import io.sen2cor.operator.testing.LocalControlPlane;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.MotoBatchGaps;
import io.sen2cor.operator.testing.MotoServer;
import io.sen2cor.operator.testing.SnsEnvelope;
import io.sen2cor.operator.testing.StacServer;
import io.sen2cor.operator.testing.TestClock;
import io.sen2cor.operator.testing.WithMoto;

/**
 * A Sen2CorSubscription end to end: a real kube-apiserver, the operator in-process on moto, the real STAC API of
 * {@link StacServer} with real Earth Search L1C items over Ceará (sensed 2025-07-31). The operator's clock for
 * subscriptions starts on 2025-08-01, so the test's scenes are recent to it. The backfill finds three scenes and
 * creates one owned job, which runs to Succeeded. A scene published late and a restart of the packaged operator are
 * SubscriptionCatchUpIT's.
 */
@WithMoto
class SubscriptionOnApiServerTest {

    static final Path ITEMS = SceneSelectorOnApiServerTest.DATA.resolve("items");

    @TempDir
    static Path dir;
    static StacServer stac;

    LocalControlPlane cluster;
    KubernetesClient client;
    AwsClientPool pool;
    LocalOperator operator;
    TestClock clock = new TestClock();

    {
        clock.now = Instant.parse("2025-08-01T06:00:00Z");
    }

    @BeforeAll
    static void startStac() {
        stac = StacServer.start(dir.resolve("stac"));
        stac.load(SceneSelectorOnApiServerTest.DATA.resolve("collection.json"), List.of(ITEMS.resolve("S2B_24MUV_20250731_0_L1C.json"),
                ITEMS.resolve("S2B_24MVV_20250731_0_L1C.json"), ITEMS.resolve("S2B_24MWV_20250731_0_L1C.json")));
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
        AwsAccountFixture account;
        try (var aws = moto.clients()) {
            account = AwsAccountFixture.prepareWithOutputBucket(aws);
        }
        pool = moto.pool(new MotoBatchGaps());
        operator = LocalOperator.onAwsBatch(client, pool, clock);
        account.applyExampleEnvironment(client, Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.close();
        }
        LocalOperator.removeAll(client);
        pool.close();
        client.close();
    }

    Sen2CorSubscription subscription() {
        Sen2CorSubscription sub = LocalOperator.example("sen2corsubscription-ceara.yaml", Sen2CorSubscription.class);
        sub.getSpec().getScenes().setCatalog(stac.endpoint().toString());
        sub.getSpec().getScenes().setMaxCloudCover(null);
        sub.getSpec().setStart("2025-07-29T00:00:00Z");
        sub.getSpec().setPollInterval("1m");
        return sub;
    }

    Sen2CorSubscription awaitSubscription(Duration within, Predicate<Sen2CorSubscription> until) {
        return await().atMost(within).pollInterval(Duration.ofMillis(500)).until(
                () -> client.resources(Sen2CorSubscription.class).inNamespace("default").withName("ceara-coast").get(),
                s -> s != null && s.getStatus() != null && until.test(s));
    }

    List<Sen2CorJob> jobs() {
        return client.resources(Sen2CorJob.class).inNamespace("default").withLabel(SubscriptionJobs.SUBSCRIPTION_LABEL,
                "ceara-coast").list().getItems();
    }

    @Test
    void backfillsTheScenesSinceStartIntoOneOwnedJobThatRuns() {
        client.resource(subscription()).create();

        Sen2CorSubscription first = awaitSubscription(Duration.ofSeconds(60), s -> s.getStatus().getJobsCreated() != null
                && s.getStatus().getJobsCreated() == 1);
        assertThat(first.getStatus().getScenesQueued()).isEqualTo(3);
        assertThat(first.getStatus().getLastPoll()).contains("3 scenes matched, 3 new");
        Instant cursor = Instant.parse(first.getStatus().getCursor());
        assertThat(Duration.between(cursor, clock.instant())).as("caught up: the cursor is the poll's time")
                .isLessThan(Duration.ofSeconds(30));
        assertThat(first.getStatus().getNextPollTime()).isEqualTo(cursor.plus(Duration.ofMinutes(1)).toString());
        assertThat(cluster.kubectl("get", "sen2corsubscriptions", "ceara-coast", "-n", "default", "-o", "wide").output())
                .as("the next poll as a time: kubectl shows a date column in the future as <invalid>")
                .contains(first.getStatus().getNextPollTime());
        assertThat(Conditions.isTrue(first.getStatus().getConditions(), ConditionType.READY)).isTrue();
        Sen2CorJob backfill = jobs().get(0);
        assertThat(backfill.getSpec().getProducts()).containsExactly(
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MUV_20250731T131834",
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MVV_20250731T131834",
                "S2B_MSIL1C_20250731T130249_N0511_R095_T24MWV_20250731T131834");
        assertThat(backfill.getSpec().getOutput().getUri()).isEqualTo("s3://eo-l2a/ceara/");
        assertThat(backfill.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(first.getMetadata().getUid()));
        await().atMost(Duration.ofSeconds(90)).until(() -> client.resource(backfill).get(),
                j -> j.getStatus() != null && j.getStatus().getPhase() == JobPhase.Succeeded);

        // the next poll (a minute later) finds the same three: nothing new, no job (SubscriptionCatchUpIT adds an item
        // and restarts the packaged operator; SubscriptionPlanTest covers the windows)
        assertThat(jobs()).hasSize(1);
    }

    /**
     * A scene sensed before the poll's window (lookback 1h here) but published since the window's start is found by its
     * created time, and only by it: the window search misses it, as it would miss a scene Earth Search publishes days
     * late.
     */
    @Test
    void aSceneSensedBeforeTheWindowButPublishedSinceIsFoundByItsCreatedTime() throws Exception {
        Sen2CorSubscription sub = subscription();
        sub.getSpec().setLookback("1h");
        client.resource(sub).create();
        awaitSubscription(Duration.ofSeconds(60), s -> s.getStatus().getJobsCreated() != null && s.getStatus().getJobsCreated() == 1);

        // sensed 2025-07-29, three days before the window's start, published at 06:00:30
        Path late = DerivedItems.sensedOn("S2B_24MXV_20250731_0_L1C.json", java.time.LocalDate.parse("2025-07-29"), dir.resolve("late"));
        var item = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(late.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) item.get("properties")).put("created", "2025-08-01T06:00:30Z")
                .put("updated", "2025-08-01T06:00:30Z");
        java.nio.file.Files.writeString(late, item.toString());
        stac.load(SceneSelectorOnApiServerTest.DATA.resolve("collection.json"), List.of(late));
        clock.advance(Duration.ofSeconds(61));
        client.resources(Sen2CorSubscription.class).inNamespace("default").withName("ceara-coast")
                .edit(s -> {
                    // a spec change wakes it now (the operator filters metadata-only events) instead of at its 1 min recheck
                    s.getSpec().setJobsHistoryLimit(11);
                    return s;
                });

        Sen2CorSubscription second = awaitSubscription(Duration.ofSeconds(60), s -> s.getStatus().getJobsCreated() == 2);
        assertThat(second.getStatus().getLastPoll()).contains("0 scenes matched, 1 new",
                "1 matched sensed before the window and published since 2025-08-01T05:00:00Z (created)");
        assertThat(jobs()).flatExtracting(j -> j.getSpec().getProducts()).as("each scene in one job").doesNotHaveDuplicates()
                .contains(DerivedItems.product("S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834",
                        java.time.LocalDate.parse("2025-07-29")));
    }

    /**
     * The push trigger (issue 32): a subscription that polls hourly names an SQS queue (moto's) the platform allows.
     * A scene published after its first poll, and a notification of Sentinel-2's topic naming it in SNS's envelope,
     * make it poll at once: a job for the new scene a minute after the first poll, not an hour. The message is deleted.
     * A subscription naming a queue the platform did not allow polls nothing and says why.
     */
    @Test
    void aNotificationOnAnAllowedQueueMakesItPollAtOnceAndAQueueNotAllowedIsRefused(MotoServer moto) throws Exception {
        String queue;
        try (var aws = moto.clients()) {
            queue = aws.sqs().createQueue(r -> r.queueName("s2-new-scenes")).queueUrl();
        }
        operator.close();
        NotificationQueues feed = new NotificationQueues(pool, clock, 1, Duration.ofSeconds(1));
        operator = LocalOperator.onAwsBatch(client, pool, clock, new SubscriptionNotifications(feed, List.of(queue)));
        try {
            Sen2CorSubscription sub = subscription();
            sub.getSpec().setPollInterval("1h");
            var notifications = new io.sen2cor.operator.api.SubscriptionNotifications();
            notifications.setSqsQueueUrl(queue);
            notifications.setRegion(MotoServer.REGION);
            sub.getSpec().setNotifications(notifications);
            client.resource(sub).create();
            Sen2CorSubscription first = awaitSubscription(Duration.ofSeconds(60), s -> s.getStatus().getJobsCreated() != null
                    && s.getStatus().getJobsCreated() == 1);
            assertThat(first.getStatus().getNextPollTime()).as("hourly").isEqualTo("2025-08-01T07:00:00Z");
            assertThat(first.getStatus().getNotifications().getReceived()).isZero();
            assertThat(first.getStatus().getNotifications().getError()).isNull();

            // published after the first poll; its notification arrives a minute later
            stac.load(SceneSelectorOnApiServerTest.DATA.resolve("collection.json"), List.of(ITEMS.resolve("S2B_24MXV_20250731_0_L1C.json")));
            clock.advance(Duration.ofSeconds(61));
            try (var aws = moto.clients()) {
                aws.sqs().sendMessage(r -> r.queueUrl(queue).messageBody(SnsEnvelope.newProduct()));
            }
            Sen2CorSubscription pushed = awaitSubscription(Duration.ofSeconds(30), s -> s.getStatus().getJobsCreated() == 2);
            assertThat(pushed.getStatus().getLastPollTime()).as("at the notification, not at 07:00").isEqualTo("2025-08-01T06:01:01Z");
            assertThat(pushed.getStatus().getLastPoll()).contains("1 new");
            assertThat(pushed.getStatus().getNotifications().getReceived()).isEqualTo(1);
            assertThat(pushed.getStatus().getNotifications().getLastNotice())
                    .isEqualTo("S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");
            assertThat(jobs()).flatExtracting(j -> j.getSpec().getProducts()).doesNotHaveDuplicates()
                    .contains("S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");
            try (var aws = moto.clients()) {
                await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(aws.sqs().getQueueAttributes(r -> r
                        .queueUrl(queue).attributeNamesWithStrings("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                        .attributesAsStrings()).as("read and deleted")
                        .containsEntry("ApproximateNumberOfMessages", "0").containsEntry("ApproximateNumberOfMessagesNotVisible", "0"));
            }

            Sen2CorSubscription other = subscription();
            other.getMetadata().setName("ceara-other-queue");
            var elsewhere = new io.sen2cor.operator.api.SubscriptionNotifications();
            elsewhere.setSqsQueueUrl("https://sqs.eu-west-1.amazonaws.com/210987654321/someone-elses-queue");
            other.getSpec().setNotifications(elsewhere);
            client.resource(other).create();
            Sen2CorSubscription refused = await().atMost(Duration.ofSeconds(30)).until(() -> client.resource(other).get(),
                    s -> s.getStatus() != null && !Conditions.isTrue(s.getStatus().getConditions(), ConditionType.READY));
            assertThat(Conditions.find(refused.getStatus().getConditions(), ConditionType.READY)).hasValueSatisfying(c -> {
                assertThat(c.getReason()).isEqualTo("NotificationQueueNotAllowed");
                assertThat(c.getMessage()).contains("someone-elses-queue", "is not a queue this operator may read", queue);
            });
            assertThat(refused.getStatus().getPolls()).as("nothing searched").isNull();
        } finally {
            feed.close();
        }
    }

    @Test
    void aSubscriptionTheTenancyRulesRefuseSearchesNothingAndSaysWhy() {
        Sen2CorSubscription sub = subscription();
        sub.getSpec().getJobTemplate().setEnvironmentRef("no-such-environment");
        client.resource(sub).create();

        Sen2CorSubscription refused = awaitSubscription(Duration.ofSeconds(30),
                s -> !Conditions.isTrue(s.getStatus().getConditions(), ConditionType.READY));
        assertThat(Conditions.find(refused.getStatus().getConditions(), ConditionType.READY)).hasValueSatisfying(c -> {
            assertThat(c.getReason()).isEqualTo("EnvironmentNotFound");
            assertThat(c.getMessage()).contains("no-such-environment").endsWith("(as a job of spec.jobTemplate)");
        });
        assertThat(refused.getStatus().getPolls()).isNull();
        assertThat(jobs()).isEmpty();
    }
}
