package io.sen2cor.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.sen2cor.operator.api.Sen2CorSubscription;
import io.sen2cor.operator.api.SubscriptionNotifications;
import io.sen2cor.operator.subscription.NewSceneNotice;
import io.sen2cor.operator.subscription.NotificationFeed;
import io.sen2cor.operator.testing.LocalOperator;
import io.sen2cor.operator.testing.SnsEnvelope;

/**
 * The push trigger's decisions without a queue: which queue a subscription may name, which subscriptions a notice
 * wakes, and which queues are read as subscriptions come and go (a recording feed stands in for SQS).
 */
class SubscriptionNotificationsTest {

    static final String QUEUE = "https://sqs.eu-west-1.amazonaws.com/123456789012/s2-new-scenes";

    /** Records what the component asks of the feed. */
    static final class RecordingFeed implements NotificationFeed {
        Supplier<Set<Queue>> queues = Set::of;
        Listener listener;

        @Override
        public void read(Supplier<Set<Queue>> queues, Listener listener) {
            this.queues = queues;
            this.listener = listener;
        }

        @Override
        public Optional<String> error(Queue queue) {
            return Optional.of("AccessDenied");
        }

        @Override
        public void close() {
        }
    }

    static Sen2CorSubscription subscription(String name, String queue, List<String> tiles) {
        Sen2CorSubscription sub = LocalOperator.example("sen2corsubscription-ceara.yaml", Sen2CorSubscription.class);
        sub.getMetadata().setName(name);
        sub.getMetadata().setUid(UUID.randomUUID().toString());
        if (tiles != null) {
            sub.getSpec().getScenes().setBbox(null);
            sub.getSpec().getScenes().setMgrsTiles(tiles);
        }
        if (queue != null) {
            SubscriptionNotifications n = new SubscriptionNotifications();
            n.setSqsQueueUrl(queue);
            sub.getSpec().setNotifications(n);
        }
        return sub;
    }

    @Test
    void onlyAnAllowedQueueInItsOwnRegionIsRead() {
        var notifications = new io.sen2cor.operator.reconciler.SubscriptionNotifications(new RecordingFeed(), List.of(QUEUE));
        assertThat(notifications.refusal(subscription("polls-only", null, null))).isEmpty();
        assertThat(notifications.refusal(subscription("allowed", QUEUE, null))).isEmpty();
        assertThat(notifications.refusal(subscription("other", "https://sqs.eu-west-1.amazonaws.com/210987654321/theirs", null)))
                .hasValueSatisfying(m -> assertThat(m).contains("is not a queue this operator may read", QUEUE));
        Sen2CorSubscription elsewhere = subscription("elsewhere", QUEUE, null);
        elsewhere.getSpec().getNotifications().setRegion("us-east-1");
        assertThat(notifications.refusal(elsewhere)).as("the URL names its region: a tenant cannot pick another")
                .hasValueSatisfying(m -> assertThat(m).contains("is not the region", "eu-west-1"));
        assertThat(io.sen2cor.operator.reconciler.SubscriptionNotifications.none().refusal(subscription("allowed", QUEUE, null)))
                .as("the default: no queue").isPresent();
    }

    @Test
    void aNoticeWakesTheSubscriptionsOfItsQueueThatCoverItsTileAndQueuesFollowTheSubscriptions() {
        RecordingFeed feed = new RecordingFeed();
        var notifications = new io.sen2cor.operator.reconciler.SubscriptionNotifications(feed, List.of(QUEUE));
        Sen2CorSubscription byArea = subscription("by-area", QUEUE, null);
        Sen2CorSubscription tile = subscription("tile-24mxv", QUEUE, List.of("24MXV"));
        Sen2CorSubscription otherTile = subscription("tile-36nxf", QUEUE, List.of("36NXF"));
        Sen2CorSubscription suspended = subscription("suspended", QUEUE, null);
        suspended.getSpec().setSuspend(true);
        Sen2CorSubscription pollsOnly = subscription("polls-only", null, null);
        List<Sen2CorSubscription> cache = new ArrayList<>(List.of(byArea, tile, otherTile, suspended, pollsOnly));
        notifications.readFrom(() -> List.copyOf(cache));

        notifications.follow();
        NotificationFeed.Queue queue = new NotificationFeed.Queue(QUEUE, "eu-west-1");
        assertThat(feed.queues.get()).containsExactly(queue);
        Instant at = Instant.parse("2025-08-01T06:01:01Z");
        feed.listener.notified(queue, NewSceneNotice.parse(SnsEnvelope.newProduct()), at);

        assertThat(notifications.notified(byArea)).isEqualTo(at);
        assertThat(notifications.notified(tile)).isEqualTo(at);
        assertThat(notifications.notified(otherTile)).as("another tile").isNull();
        assertThat(notifications.notified(suspended)).as("suspended: no polls").isNull();
        assertThat(notifications.status(tile)).satisfies(s -> {
            assertThat(s.getReceived()).isEqualTo(1);
            assertThat(s.getLastNotice()).isEqualTo("S2B_MSIL1C_20250731T130249_N0511_R095_T24MXV_20250731T131834");
            assertThat(s.getError()).isEqualTo("AccessDenied");
        });
        assertThat(notifications.status(pollsOnly)).isNull();

        cache.removeIf(s -> s.getSpec().getNotifications() != null && !s.getSpec().getNotifications().getSqsQueueUrl().isEmpty());
        assertThat(feed.queues.get()).as("the last subscription naming it deleted: its reader stops").isEmpty();
        notifications.follow();
        assertThat(notifications.notified(tile)).as("forgotten with it").isNull();
    }
}
